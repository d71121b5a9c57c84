package dev.cairn.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code --max-wait}: seconds ({@code 90}) or a number with a unit ({@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}). */
final class WaitDuration implements ITypeConverter<Duration> {

    private static final Pattern TEXT = Pattern.compile("(\\d{1,9})(ms|s|m|h)?");

    @Override
    public Duration convert(String value) {
        Matcher m = TEXT.matcher(value.trim());
        if (!m.matches()) {
            throw new TypeConversionException("'" + value + "' is not a duration: give seconds (90) or a number with a unit (500ms, 30s, 2m, 1h); 0 waits not at all");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }

    /** @return {@code 3 s}, {@code 1.5 s}: how the CLI says a wait */
    static String describe(Duration d) {
        long millis = d.toMillis();
        if (millis % 1000 == 0) return millis / 1000 + " s";
        return java.math.BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + " s";
    }
}
