package dev.cairn.config;

import dev.cairn.config.internal.EnvReader;

import java.util.Locale;
import java.util.Set;

/**
 * Logging. Logback reads these variables itself when it starts (see {@code logback.xml} and
 * {@link LogFormatProperty}); they are validated here so a typo stops start-up with a message naming
 * the variable instead of silently logging in the default way.
 *
 * @param format {@code CAIRN_LOG_FORMAT}: {@code text} (human-readable) or {@code json} (one JSON object per line)
 * @param level  {@code CAIRN_LOG_LEVEL}: Cairn's own log level
 */
public record LogSettings(String format, String level) {

    public static final String TEXT = "text";
    public static final String JSON = "json";
    public static final String DEFAULT_FORMAT = TEXT;
    public static final String DEFAULT_LEVEL = "INFO";
    private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    static LogSettings fromEnv(EnvReader env) {
        String format = env.string("CAIRN_LOG_FORMAT").map(s -> s.trim().toLowerCase(Locale.ROOT)).orElse(DEFAULT_FORMAT);
        if (!format.equals(TEXT) && !format.equals(JSON)) {
            throw new ConfigException("CAIRN_LOG_FORMAT", "must be 'text' or 'json', got '" + format + "'");
        }
        String level = env.string("CAIRN_LOG_LEVEL").map(s -> s.trim().toUpperCase(Locale.ROOT)).orElse(DEFAULT_LEVEL);
        if (!LEVELS.contains(level)) {
            throw new ConfigException("CAIRN_LOG_LEVEL", "must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF, got '" + level + "'");
        }
        return new LogSettings(format, level);
    }
}
