package dev.cairn.config;

import dev.cairn.config.ProviderSettings.RateLimit;
import dev.cairn.config.internal.EnvReader;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Rate limits for producers (docs/design.md "Producer rate limits"): who a caller is ({@link ApiTier}), and how many
 * {@code /api/**} requests and how many enqueued jobs each tier may make per period. An empty limit is unlimited.
 *
 * @param keysFile {@code CAIRN_API_KEYS_FILE}: API keys with their tiers ({@link ApiKeysFile}); checked at start-up
 * @param tiers    {@code CAIRN_RATE_LIMIT_<TIER>} and {@code CAIRN_RATE_LIMIT_<TIER>_JOBS} of every tier
 */
public record ApiLimitSettings(Optional<Path> keysFile, Map<ApiTier, TierLimits> tiers) {

    /** The word that turns a tier's limit off. */
    public static final String UNLIMITED = "unlimited";
    /** Requests a minute from one address without a key. */
    public static final String DEFAULT_ANONYMOUS = "100/min";
    /** Jobs a minute one address without a key may enqueue (a batch's lines count one each). */
    public static final String DEFAULT_ANONYMOUS_JOBS = "1000/min";
    public static final String DEFAULT_API_KEY = "1000/min";
    public static final String DEFAULT_API_KEY_JOBS = "10000/min";
    public static final String DEFAULT_PREMIUM = "5000/min";
    public static final String DEFAULT_PREMIUM_JOBS = "50000/min";
    /** The admin tier ({@code CAIRN_API_TOKEN} among others) is not limited unless configured. */
    public static final String DEFAULT_ADMIN = UNLIMITED;
    public static final String DEFAULT_ADMIN_JOBS = UNLIMITED;

    /** No limit for anyone and no keys file: tests and embedded uses that do not exercise limits. */
    public static final ApiLimitSettings UNLIMITED_FOR_ALL = unlimitedForAll();

    /**
     * One tier's limits.
     *
     * @param requests {@code /api/**} requests per period, empty for unlimited
     * @param jobs     jobs enqueued per period ({@code POST /api/jobs} counts one, a batch one per line), empty for unlimited
     */
    public record TierLimits(Optional<RateLimit> requests, Optional<RateLimit> jobs) {
        public TierLimits {
            Objects.requireNonNull(requests, "requests");
            Objects.requireNonNull(jobs, "jobs");
        }

        /** No limit at all. */
        public static final TierLimits NONE = new TierLimits(Optional.empty(), Optional.empty());
    }

    public ApiLimitSettings {
        Objects.requireNonNull(keysFile, "keysFile");
        EnumMap<ApiTier, TierLimits> copy = new EnumMap<>(ApiTier.class);
        for (ApiTier tier : ApiTier.values()) copy.put(tier, tiers.getOrDefault(tier, TierLimits.NONE));
        tiers = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * @param tier a tier
     * @return its limits
     */
    public TierLimits of(ApiTier tier) {
        return tiers.get(tier);
    }

    /** @return whether some tier has a limit, i.e. whether requests need a bucket at all */
    public boolean limitsAnything() {
        return tiers.values().stream().anyMatch(t -> t.requests().isPresent() || t.jobs().isPresent());
    }

    static ApiLimitSettings fromEnv(EnvReader env) {
        Optional<Path> keysFile = env.path(ApiKeysFile.VARIABLE);
        // why: a missing or broken file stops start-up with the line at fault, rather than refusing every key later
        keysFile.ifPresent(ApiKeysFile::read);
        Map<ApiTier, TierLimits> tiers = new EnumMap<>(ApiTier.class);
        tiers.put(ApiTier.ANONYMOUS, tier(env, ApiTier.ANONYMOUS, DEFAULT_ANONYMOUS, DEFAULT_ANONYMOUS_JOBS));
        tiers.put(ApiTier.API_KEY, tier(env, ApiTier.API_KEY, DEFAULT_API_KEY, DEFAULT_API_KEY_JOBS));
        tiers.put(ApiTier.PREMIUM, tier(env, ApiTier.PREMIUM, DEFAULT_PREMIUM, DEFAULT_PREMIUM_JOBS));
        tiers.put(ApiTier.ADMIN, tier(env, ApiTier.ADMIN, DEFAULT_ADMIN, DEFAULT_ADMIN_JOBS));
        return new ApiLimitSettings(keysFile, tiers);
    }

    /** @return the variable of a tier's request limit: {@code CAIRN_RATE_LIMIT_API_KEY} */
    public static String requestsVariable(ApiTier tier) {
        return "CAIRN_RATE_LIMIT_" + tier.name();
    }

    /** @return the variable of a tier's job budget: {@code CAIRN_RATE_LIMIT_API_KEY_JOBS} */
    public static String jobsVariable(ApiTier tier) {
        return requestsVariable(tier) + "_JOBS";
    }

    private static TierLimits tier(EnvReader env, ApiTier tier, String requests, String jobs) {
        return new TierLimits(limit(env, requestsVariable(tier), requests), limit(env, jobsVariable(tier), jobs));
    }

    private static Optional<RateLimit> limit(EnvReader env, String variable, String fallback) {
        String text = env.string(variable).map(String::trim).orElse(fallback);
        if (text.equalsIgnoreCase(UNLIMITED)) return Optional.empty();
        RateLimit limit = RateLimit.parse(variable, text);
        if (limit.period().compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ConfigException(variable, "must have a period of at least 1 s (its answers count in whole seconds), got '" + text + "'");
        }
        return Optional.of(limit);
    }

    private static ApiLimitSettings unlimitedForAll() {
        return new ApiLimitSettings(Optional.empty(), Map.of());
    }
}
