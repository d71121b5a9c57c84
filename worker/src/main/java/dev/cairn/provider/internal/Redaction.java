package dev.cairn.provider.internal;

import dev.cairn.config.ProviderSettings.Secret;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns a reply body into a short excerpt fit for an error message: the key and anything that looks
 * like a credential masked, whitespace collapsed, at most {@value #MAX_EXCERPT} characters. Providers
 * often echo (part of) a rejected key in their error body, so masking happens before anything is kept.
 */
final class Redaction {

    static final int MAX_EXCERPT = 200;
    private static final String MASK = "***";
    // why: OpenAI-style keys (also when echoed half-masked), bearer tokens, and "api_key": "…" pairs
    private static final Pattern KEY_LIKE = Pattern.compile("(?i)\\b(?:sk|pk|rk)-[A-Za-z0-9_*.\\-]{6,}|\\bbearer\\s+[A-Za-z0-9._~+/=*\\-]+");
    private static final Pattern KEY_FIELD = Pattern.compile("(?i)(\"?(?:api[_-]?key|token|secret|password)\"?\\s*[:=]\\s*\"?)[^\\s\"',}]+");

    private Redaction() {
    }

    /**
     * @param body the body, may be {@code null}
     * @param key  the provider's key, masked wherever it (or its start or end) appears
     * @return the masked, collapsed, bounded excerpt; empty for an empty body
     */
    static String excerpt(String body, Optional<Secret> key) {
        if (body == null || body.isEmpty()) return "";
        // why: bound the work on a 2 MB body before regexes run over it
        String s = body.length() > MAX_EXCERPT * 10 ? body.substring(0, MAX_EXCERPT * 10) : body;
        s = mask(s, key);
        s = s.replaceAll("\\s+", " ").trim();
        return s.length() <= MAX_EXCERPT ? s : s.substring(0, MAX_EXCERPT) + "…";
    }

    /**
     * @param text any text
     * @param key  the provider's key
     * @return the text with the key and key-like strings masked
     */
    static String mask(String text, Optional<Secret> key) {
        String s = text;
        if (key.isPresent()) {
            String k = key.get().reveal();
            s = s.replace(k, MASK);
            if (k.length() >= 16) {
                s = s.replace(k.substring(0, 8), MASK).replace(k.substring(k.length() - 8), MASK);
            }
        }
        s = KEY_LIKE.matcher(s).replaceAll(MASK);
        return KEY_FIELD.matcher(s).replaceAll("$1" + MASK);
    }
}
