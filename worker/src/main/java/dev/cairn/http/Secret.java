package dev.cairn.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A credential the worker checks callers against (the API token, the dashboard's user and password). Only
 * its SHA-256 digest is kept, and a guess is compared digest to digest in constant time, so the time a
 * check takes says nothing about the secret or its length.
 */
public final class Secret {

    private final byte[] digest;

    private Secret(byte[] digest) {
        this.digest = digest;
    }

    /** @param value the secret @return it, as the worker keeps it */
    public static Secret of(String value) {
        return new Secret(digest(value));
    }

    /** @param given what a caller sent @return whether it is the secret */
    public boolean matches(String given) {
        return MessageDigest.isEqual(digest, digest(given));
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
