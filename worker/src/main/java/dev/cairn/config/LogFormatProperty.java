package dev.cairn.config;

import ch.qos.logback.core.PropertyDefinerBase;

import java.util.Locale;

/**
 * Which console appender of {@code logback.xml} writes: {@code json} when {@code CAIRN_LOG_FORMAT=json}
 * (any case), else {@code text}. Logback starts before the configuration is read, so it asks the
 * environment itself; {@link LogSettings} rejects any other value at start-up.
 */
public final class LogFormatProperty extends PropertyDefinerBase {

    @Override
    public String getPropertyValue() {
        String format = System.getenv("CAIRN_LOG_FORMAT");
        // why: a value from ./.env arrives as a system property (Main)
        if (format == null || format.isBlank()) format = System.getProperty("CAIRN_LOG_FORMAT");
        return format != null && format.trim().toLowerCase(Locale.ROOT).equals(LogSettings.JSON) ? LogSettings.JSON : LogSettings.TEXT;
    }
}
