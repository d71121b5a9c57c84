package dev.cairn.http.internal;

import dev.cairn.config.ApiTier;
import dev.cairn.ratelimit.ProducerLimits;

/**
 * Who sent a request, as {@link Callers} found out from its {@code Authorization} header and address: what it
 * proved, its tier, and the producer its rate limits are counted for.
 *
 * @param credential what the request carried
 * @param producer   its tier and bucket id
 * @param name       the key's name from the keys file; {@code null} for other callers
 * @param session    the console session the request came with (its cookie), {@code null} when it used a bearer token
 *                   or nothing; such a caller counts as the credential the session was opened with
 */
record Caller(Credential credential, ProducerLimits.Producer producer, String name, ConsoleSessions.Session session) {

    Caller(Credential credential, ProducerLimits.Producer producer, String name) {
        this(credential, producer, name, null);
    }

    /** @return this caller, as a request with its console session's cookie */
    Caller through(ConsoleSessions.Session session) {
        return new Caller(credential, producer, name, session);
    }

    /** What a request proved about itself. */
    enum Credential {
        /** {@code CAIRN_API_TOKEN}. */
        TOKEN,
        /** {@code CAIRN_API_READ_TOKEN}. */
        READ_TOKEN,
        /** A key of {@code CAIRN_API_KEYS_FILE}. */
        KEY,
        /** No {@code Authorization} header, or one the worker ignores because it knows no credential at all. */
        NONE,
        /** A bearer token the worker does not know (or a malformed header) while it has credentials to check. */
        UNKNOWN
    }

    ApiTier tier() {
        return producer.tier();
    }

    /** @return how answers and logs name the caller: the key's name, else the tier */
    String describe() {
        return name != null ? "key '" + name + "' (tier " + tier().label() + ")" : tier().label();
    }
}
