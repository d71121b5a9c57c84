package dev.cairn.provider;

/**
 * The tokens a provider's reply says the call used (its {@code usage}); zero for what the reply does not say.
 *
 * @param prompt     tokens of the request ({@code prompt_tokens}, or {@code input_tokens})
 * @param completion tokens of the reply ({@code completion_tokens}, or {@code output_tokens})
 */
public record TokenUsage(long prompt, long completion) {

    /** A reply that says nothing about its usage (the offline provider's, or a server that leaves it out). */
    public static final TokenUsage NONE = new TokenUsage(0, 0);

    public TokenUsage {
        if (prompt < 0 || completion < 0) throw new IllegalArgumentException("token counts cannot be negative: " + prompt + ", " + completion);
    }
}
