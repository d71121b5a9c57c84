package dev.cairn.bench.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The WARN and ERROR lines of every worker log of the soak, grouped by logger and message shape (ids,
 * numbers and times blanked out) and counted: expected ones (a provider's 500, a job failing
 * permanently on the corrupt PDF) show next to anything odd, so a reader sees both at a glance.
 */
final class ChaosLogs {

    private static final Pattern LINE = Pattern.compile("^\\S+ \\S+ (ERROR|WARN)\\s+\\[[^\\]]*] (\\S+) .*?- (.*)$");
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final int MAX_SHAPE = 200;

    private ChaosLogs() {
    }

    /** @return {@code "<LEVEL> <logger>: <message shape>"} → count, most frequent first, at most {@code max} */
    static Map<String, Integer> warnings(List<Path> logs, int max) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Path log : logs) {
            if (!Files.isRegularFile(log)) continue;
            try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
                lines.forEach(line -> {
                    Matcher m = LINE.matcher(line);
                    if (m.matches()) counts.merge(m.group(1) + " " + m.group(2) + ": " + shape(m.group(3)), 1, Integer::sum);
                });
            } catch (IOException | java.io.UncheckedIOException e) {
                counts.merge("(unreadable log " + log.getFileName() + ")", 1, Integer::sum);
            }
        }
        Map<String, Integer> top = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(max)
                .forEach(e -> top.put(e.getKey(), e.getValue()));
        return top;
    }

    private static String shape(String message) {
        String s = NUMBER.matcher(ID.matcher(message).replaceAll("<id>")).replaceAll("N");
        return s.length() <= MAX_SHAPE ? s : s.substring(0, MAX_SHAPE) + "…";
    }
}
