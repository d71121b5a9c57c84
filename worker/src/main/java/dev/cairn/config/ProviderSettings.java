package dev.cairn.config;

import dev.cairn.config.internal.EnvReader;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One OpenAI-compatible provider named in {@code CAIRN_PROVIDERS}, read from
 * {@code CAIRN_PROVIDER_<NAME>_*} where NAME is the provider's name upper-cased. The built-in
 * {@code offline} provider has no settings.
 *
 * @param name      the provider's name as listed in {@code CAIRN_PROVIDERS}, e.g. {@code openai}
 * @param baseUrl   {@code _BASE_URL} (required): http(s) URL the {@code /chat/completions} path is appended to;
 *                  no trailing slash, no credentials, query or fragment
 * @param apiKey    {@code _API_KEY}: sent as {@code Authorization: Bearer}; empty for a local provider that needs none
 * @param model     {@code _MODEL} (required): the {@code model} of every request
 * @param rateLimit {@code _RATE_LIMIT}: calls allowed per period, shared by all workers; empty = unlimited
 * @param timeout   {@code _TIMEOUT}: the longest one request may take, headers and body together
 */
public record ProviderSettings(String name, URI baseUrl, Optional<Secret> apiKey, String model,
                               Optional<RateLimit> rateLimit, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(30);

    private static final Pattern RATE = Pattern.compile("(\\d{1,10})\\s*/\\s*(\\d{0,6})\\s*(ms|s|sec|second|m|min|minute|h|hr|hour|d|day)");
    // why: a key with spaces or control characters cannot go into a header; printable ASCII covers every real key
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]+");

    public ProviderSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(rateLimit, "rateLimit");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }

    /**
     * The environment variable of one of a provider's settings.
     *
     * @param provider the provider's name, e.g. {@code openai}
     * @param setting  the suffix, e.g. {@code BASE_URL}
     * @return e.g. {@code CAIRN_PROVIDER_OPENAI_BASE_URL}
     */
    public static String variable(String provider, String setting) {
        return "CAIRN_PROVIDER_" + provider.toUpperCase(Locale.ROOT) + "_" + setting;
    }

    static ProviderSettings fromEnv(EnvReader env, String name) {
        String urlVar = variable(name, "BASE_URL");
        URI url = env.uri(urlVar, "http", "https").orElseThrow(() -> new ConfigException(urlVar,
                "is required for provider '" + name + "' (listed in CAIRN_PROVIDERS): the base URL of an OpenAI-compatible API, e.g. https://api.openai.com/v1"));
        if (url.getRawUserInfo() != null || url.getRawQuery() != null || url.getRawFragment() != null) {
            // why: anything here would be echoed in errors and logs with the URL; the key belongs in _API_KEY
            throw new ConfigException(urlVar, "must not contain credentials, a query or a fragment (put the key in " + variable(name, "API_KEY") + ")");
        }
        URI base = URI.create(url.toString().replaceAll("/+$", ""));

        String keyVar = variable(name, "API_KEY");
        Optional<Secret> key = env.string(keyVar).map(k -> {
            if (!KEY.matcher(k).matches()) throw new ConfigException(keyVar, "must be printable ASCII without spaces (value not shown)");
            return new Secret(k);
        });

        String modelVar = variable(name, "MODEL");
        String model = env.string(modelVar).orElseThrow(() -> new ConfigException(modelVar,
                "is required for provider '" + name + "' (listed in CAIRN_PROVIDERS): the model to request, e.g. gpt-4o-mini"));

        String rateVar = variable(name, "RATE_LIMIT");
        Optional<RateLimit> rate = env.string(rateVar).map(r -> RateLimit.parse(rateVar, r));

        Duration timeout = env.duration(variable(name, "TIMEOUT"), DEFAULT_TIMEOUT, MIN_TIMEOUT, MAX_TIMEOUT);
        return new ProviderSettings(name, base, key, model, rate, timeout);
    }

    /**
     * A number of calls per period, e.g. {@code 60/min}.
     *
     * @param permits calls allowed per period, at least 1
     * @param period  the period, positive
     */
    public record RateLimit(long permits, Duration period) {

        public RateLimit {
            Objects.requireNonNull(period, "period");
            if (permits < 1) throw new IllegalArgumentException("permits must be at least 1: " + permits);
            if (period.isNegative() || period.isZero()) throw new IllegalArgumentException("period must be positive: " + period);
        }

        /**
         * Parses {@code <permits>/<unit>} or {@code <permits>/<n><unit>}: {@code 60/min}, {@code 10/s},
         * {@code 1000/h}, {@code 5000/d}, {@code 30/10s}, {@code 2/500ms}.
         *
         * @param variable the variable the text came from, named in the error
         * @param text     the text
         * @return the rate limit
         * @throws ConfigException naming {@code variable} when the text is not a rate limit
         */
        public static RateLimit parse(String variable, String text) {
            Matcher m = RATE.matcher(text.trim().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new ConfigException(variable, "must be calls per period like 60/min, 10/s, 1000/h or 30/10s, got '" + text + "'");
            }
            long permits = Long.parseLong(m.group(1));
            long count = m.group(2).isEmpty() ? 1 : Long.parseLong(m.group(2));
            Duration unit = switch (m.group(3)) {
                case "ms" -> Duration.ofMillis(1);
                case "s", "sec", "second" -> Duration.ofSeconds(1);
                case "m", "min", "minute" -> Duration.ofMinutes(1);
                case "h", "hr", "hour" -> Duration.ofHours(1);
                default -> Duration.ofDays(1);
            };
            if (permits < 1 || count < 1) {
                throw new ConfigException(variable, "must allow at least 1 call in a non-empty period, got '" + text + "'");
            }
            Duration period = unit.multipliedBy(count);
            if (period.compareTo(Duration.ofMillis(100)) < 0 || period.compareTo(Duration.ofDays(7)) > 0) {
                throw new ConfigException(variable, "must have a period between 100ms and 7 days, got '" + text + "'");
            }
            return new RateLimit(permits, period);
        }

        /** @return as it is written in a variable: {@code 60/min}, {@code 30/10s}, {@code 2/500ms} */
        @Override
        public String toString() {
            long millis = period.toMillis();
            long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
            String[] units = {"d", "h", "min", "s", "ms"};
            for (int i = 0; i < sizes.length; i++) {
                if (millis % sizes[i] == 0) {
                    long count = millis / sizes[i];
                    return permits + "/" + (count == 1 ? "" : Long.toString(count)) + units[i];
                }
            }
            return permits + "/" + millis + "ms";
        }
    }

    /**
     * A credential. {@link #toString()} is {@code ***} and there is no getter-style accessor, so
     * logging or serialising a configuration object can never reveal it; only {@link #reveal()} does.
     */
    public static final class Secret {

        private final String value;

        /** @param value the credential, not blank */
        public Secret(String value) {
            Objects.requireNonNull(value, "value");
            if (value.isBlank()) throw new IllegalArgumentException("a secret must not be blank");
            this.value = value;
        }

        /** @return the credential itself, for the one place that must send it */
        public String reveal() {
            return value;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Secret s && s.value.equals(value);
        }

        @Override
        public int hashCode() {
            return value.hashCode();
        }

        @Override
        public String toString() {
            return "***";
        }
    }
}
