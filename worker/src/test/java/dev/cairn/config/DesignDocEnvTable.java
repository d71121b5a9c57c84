package dev.cairn.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment-variable table of {@code docs/design.md} (section "Environment variables"): one row per
 * variable, {@code | `NAME` | default | read by | meaning |}, and every {@code CAIRN_*} name the rest of the
 * document mentions.
 */
final class DesignDocEnvTable {

    /** The heading the table follows. */
    static final String HEADING = "## Environment variables";
    /** A variable in the first cell; {@code <NAME>} stands for a provider's name. */
    private static final Pattern NAME_CELL = Pattern.compile("`(CAIRN_[A-Z0-9_]*(?:<NAME>_[A-Z0-9_]+)?)`");
    /** A {@code CAIRN_*} name anywhere in the text, a prefix such as {@code CAIRN_PDF_} included. */
    private static final Pattern MENTION = Pattern.compile("\\bCAIRN_[A-Z0-9_]*(?:<NAME>_[A-Z0-9_]*)?");
    /** A cell boundary: a pipe not escaped as {@code \|}. */
    private static final Pattern CELL_BOUNDARY = Pattern.compile("(?<!\\\\)\\|");

    private final Path file;
    private final Map<String, String> defaults;
    private final Set<String> mentions;

    private DesignDocEnvTable(Path file, Map<String, String> defaults, Set<String> mentions) {
        this.file = file;
        this.defaults = defaults;
        this.mentions = mentions;
    }

    /** @return the table of the repository's {@code docs/design.md} */
    static DesignDocEnvTable read() {
        Path file = RepositoryFiles.root().resolve("docs/design.md");
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, String> defaults = new LinkedHashMap<>();
        Set<String> mentions = new LinkedHashSet<>();
        boolean inSection = false;
        for (String line : lines) {
            Matcher mention = MENTION.matcher(line);
            while (mention.find()) mentions.add(mention.group());
            if (line.startsWith("## ")) inSection = line.strip().equals(HEADING);
            if (!inSection || !line.startsWith("| `CAIRN")) continue;
            String[] cells = CELL_BOUNDARY.split(line);
            Matcher name = NAME_CELL.matcher(cells[1].strip());
            if (!name.matches()) {
                throw new IllegalStateException(file + ": a row must name exactly one variable in its first cell: " + line);
            }
            if (defaults.put(name.group(1), cells[2].strip()) != null) {
                throw new IllegalStateException(file + ": " + name.group(1) + " has two rows");
            }
        }
        return new DesignDocEnvTable(file, Collections.unmodifiableMap(defaults), Collections.unmodifiableSet(mentions));
    }

    /** @return where the table was read from */
    Path file() {
        return file;
    }

    /** @return the variables in the table, in its order */
    Set<String> variables() {
        return defaults.keySet();
    }

    /** @return every {@code CAIRN_*} name or prefix mentioned anywhere in the document */
    Set<String> mentions() {
        return mentions;
    }

    /**
     * @param variable a variable of the table
     * @return its default when the cell starts with one in backticks (a literal value), else empty
     *         (a description such as "embedded H2" or "none")
     */
    Optional<String> literalDefault(String variable) {
        String cell = defaults.get(variable);
        if (cell == null || !cell.startsWith("`")) return Optional.empty();
        int end = cell.indexOf('`', 1);
        return end < 0 ? Optional.empty() : Optional.of(cell.substring(1, end));
    }
}
