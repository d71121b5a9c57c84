package dev.cairn.config.internal;

import dev.cairn.config.ConfigException;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Typed, validating reads of environment variables; every error names the variable. */
public final class EnvReader {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|min|h|d)?");

    private final Map<String, String> env;

    public EnvReader(Map<String, String> env) {
        this.env = env;
    }

    /** @return the trimmed value, empty when unset or blank */
    public Optional<String> string(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    public int integer(String name, int defaultValue, int min, int max) {
        Optional<String> v = string(name);
        if (v.isEmpty()) return defaultValue;
        try {
            long parsed = Long.parseLong(v.get());
            if (parsed < min || parsed > max) {
                throw new ConfigException(name, "must be between " + min + " and " + max + ", got " + v.get());
            }
            return (int) parsed;
        } catch (NumberFormatException e) {
            throw new ConfigException(name, "must be a whole number between " + min + " and " + max + ", got '" + v.get() + "'");
        }
    }

    public boolean bool(String name, boolean defaultValue) {
        Optional<String> v = string(name);
        if (v.isEmpty()) return defaultValue;
        return switch (v.get().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new ConfigException(name, "must be true or false, got '" + v.get() + "'");
        };
    }

    /**
     * A duration given as a number of seconds ({@code 60}) or with a unit ({@code 500ms}, {@code 30s},
     * {@code 5m}, {@code 2h}, {@code 7d}).
     */
    public Duration duration(String name, Duration defaultValue, Duration min, Duration max) {
        Optional<String> v = string(name);
        if (v.isEmpty()) return defaultValue;
        Matcher m = DURATION.matcher(v.get().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new ConfigException(name, "must be a duration in seconds (e.g. 60) or with a unit (500ms, 30s, 5m, 2h, 7d), got '" + v.get() + "'");
        }
        Duration d;
        try {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            d = switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m", "min" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofSeconds(n);
            };
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConfigException(name, "is too large: '" + v.get() + "'");
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new ConfigException(name, "must be between " + human(min) + " and " + human(max) + ", got '" + v.get() + "'");
        }
        return d;
    }

    public Optional<Path> path(String name) {
        Optional<String> v = string(name);
        if (v.isEmpty()) return Optional.empty();
        try {
            return Optional.of(Path.of(v.get()));
        } catch (InvalidPathException e) {
            throw new ConfigException(name, "is not a usable path: " + e.getMessage());
        }
    }

    /** A URI whose scheme is one of {@code schemes}; the message never echoes credentials. */
    public Optional<URI> uri(String name, String... schemes) {
        Optional<String> v = string(name);
        if (v.isEmpty()) return Optional.empty();
        URI uri;
        try {
            uri = new URI(v.get());
        } catch (URISyntaxException e) {
            throw new ConfigException(name, "is not a valid URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        for (String s : schemes) {
            if (s.equals(scheme)) {
                if (uri.getHost() == null) throw new ConfigException(name, "has no host: expected " + String.join(" or ", schemes) + "://host:port");
                return Optional.of(uri);
            }
        }
        throw new ConfigException(name, "must start with " + String.join(":// or ", schemes) + "://, got scheme '" + scheme + "'");
    }

    private static String human(Duration d) {
        if (d.toMillis() % 1000 != 0) return d.toMillis() + "ms";
        return d.toSeconds() + "s";
    }
}
