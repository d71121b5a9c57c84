package dev.cairn.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code expr} of every rule in a Prometheus rules file. Reads the lines instead of parsing YAML (the
 * worker has no YAML library and promtool checks the syntax in CI): an expression is written inline
 * ({@code expr: …}, optionally quoted) or as a block scalar ({@code expr: |} or {@code >} followed by deeper
 * indented lines).
 */
final class AlertExpressions {

    private static final Pattern RULE_NAME = Pattern.compile("^\\s*-?\\s*(?:alert|record):\\s*(\\S+)\\s*$");
    private static final Pattern EXPR = Pattern.compile("^(\\s*)-?\\s*expr:\\s*(.*?)\\s*$");

    private AlertExpressions() {
    }

    /**
     * @param rulesFile a Prometheus rules file
     * @return its expressions, each named by its alert
     */
    static List<Query> read(Path rulesFile) throws IOException {
        return parse(Files.readAllLines(rulesFile));
    }

    static List<Query> parse(List<String> lines) {
        List<Query> queries = new ArrayList<>();
        String rule = "?";
        for (int i = 0; i < lines.size(); i++) {
            Matcher name = RULE_NAME.matcher(lines.get(i));
            if (name.matches()) rule = name.group(1);
            Matcher expr = EXPR.matcher(lines.get(i));
            if (!expr.matches()) continue;
            String value = expr.group(2);
            if (value.startsWith("|") || value.startsWith(">")) {
                int indent = expr.group(1).length();
                StringBuilder block = new StringBuilder();
                while (i + 1 < lines.size() && (lines.get(i + 1).isBlank() || indentOf(lines.get(i + 1)) > indent)) {
                    block.append(lines.get(++i).strip()).append('\n');
                }
                value = block.toString().strip();
            } else {
                value = unquote(value);
            }
            queries.add(new Query("alert " + rule, value));
        }
        return queries;
    }

    private static int indentOf(String line) {
        int n = 0;
        while (n < line.length() && line.charAt(n) == ' ') n++;
        return n;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("'") && value.endsWith("'"))) return value.substring(1, value.length() - 1).replace("''", "'");
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return value;
    }
}
