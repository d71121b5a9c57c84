package dev.cairn.config;

import java.util.Locale;
import java.util.Optional;

/**
 * Who a caller of {@code /api/**} is, as far as rate limits go (docs/design.md "Producer rate limits"). Each
 * tier has a request limit and a job budget ({@link ApiLimitSettings}).
 */
public enum ApiTier {
    /** No key: identified by a SHA-256 of the caller's address. */
    ANONYMOUS,
    /** A key from {@code CAIRN_API_KEYS_FILE} with the tier {@code api_key}. */
    API_KEY,
    /** A key from the keys file with the tier {@code premium}. */
    PREMIUM,
    /** {@code CAIRN_API_TOKEN}, {@code CAIRN_API_READ_TOKEN}, or a key from the keys file with the tier {@code admin}. */
    ADMIN;

    /** @return the tier as written in the keys file, the metrics and the answers: {@code api_key} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param label a tier as written in the keys file, any case
     * @return the tier, empty when there is none of that name
     */
    public static Optional<ApiTier> fromLabel(String label) {
        for (ApiTier tier : values()) if (tier.label().equalsIgnoreCase(label.trim())) return Optional.of(tier);
        return Optional.empty();
    }
}
