package dev.cairn.bench.support;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** What the figures were measured on: the {@code "machine"} object of {@code latest.json}. */
public final class Machine {

    private Machine() {
    }

    public static Map<String, Object> describe(String mode, String redis) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        cpuModel().ifPresent(cpu -> m.put("cpu", cpu));
        long memory = totalMemory();
        if (memory > 0) {
            m.put("memory", String.format(Locale.ROOT, "%.1f GiB", memory / (1024.0 * 1024 * 1024)));
            m.put("memory_bytes", memory);
        }
        String kernel = System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch");
        m.put("os", osRelease().map(name -> name + ", " + kernel).orElse(kernel));
        m.put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vm.name") + ")");
        m.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        m.put("mode", mode);
        m.put("redis", redis);
        return m;
    }

    private static long totalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return -1;
    }

    private static Optional<String> cpuModel() {
        return firstValue(Path.of("/proc/cpuinfo"), "model name", ":");
    }

    private static Optional<String> osRelease() {
        return firstValue(Path.of("/etc/os-release"), "PRETTY_NAME", "=").map(v -> v.replace("\"", ""));
    }

    private static Optional<String> firstValue(Path file, String key, String separator) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (String line : lines) {
                if (line.startsWith(key)) {
                    int at = line.indexOf(separator);
                    if (at >= 0) return Optional.of(line.substring(at + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: leave it out
        }
        return Optional.empty();
    }
}
