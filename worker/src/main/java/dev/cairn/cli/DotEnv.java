package dev.cairn.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code .env} in the working directory, as {@code cp .env.example .env} makes it: {@code CAIRN_*=value} lines read into
 * the environment of every {@code cairn} command (the worker's settings, the CLI's {@code CAIRN_URL} and token). The
 * process environment wins over the file, so {@code CAIRN_HTTP_PORT=9090 ./cairn worker} still works; blank values
 * count as unset. Only {@code CAIRN_*} names are taken; the file is parsed, never run by a shell. A line it cannot
 * read is named on stderr (never its value) and skipped.
 */
final class DotEnv {

    /** The file's name, looked for in the working directory. */
    static final String FILE = ".env";

    private static final Pattern LINE = Pattern.compile("(?:export\\s+)?(CAIRN_[A-Z0-9_]+)\\s*=\\s*(.*)");

    private DotEnv() {
    }

    /**
     * @param process the process environment
     * @param file    the {@code .env} file; absent is fine
     * @param err     where unreadable lines are named
     * @return the process environment over the file's {@code CAIRN_*} values
     */
    static Map<String, String> over(Map<String, String> process, Path file, PrintStream err) {
        if (!Files.isRegularFile(file)) return process;
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("cairn: cannot read " + file + " (" + e.getMessage() + "); going on without it");
            return process;
        }
        Map<String, String> merged = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                if (!line.contains("=") || line.startsWith("CAIRN_") || line.startsWith("export CAIRN_")) {
                    err.println("cairn: " + file + " line " + (i + 1) + " is not NAME=value; skipped");
                }
                continue;
            }
            merged.put(m.group(1), unquote(m.group(2)));
        }
        merged.putAll(process);
        return merged;
    }

    private static String unquote(String value) {
        String v = value.strip();
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        // why: a trailing comment after a space, as shells allow ("8080  # the port")
        int comment = v.indexOf(" #");
        return comment >= 0 ? v.substring(0, comment).strip() : v;
    }
}
