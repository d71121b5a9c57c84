package dev.cairn.provider.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.provider.TokenUsage;

/**
 * Reads the token usage a chat-completion reply reports: {@code usage.prompt_tokens} and
 * {@code usage.completion_tokens} (OpenAI and the servers compatible with it), or {@code usage.input_tokens}
 * and {@code usage.output_tokens} (the names some compatible servers use). Counts only what the reply says:
 * a missing, negative or non-integer figure reads as zero, and never fails a reply whose text is fine.
 */
final class ReplyUsage {

    private ReplyUsage() {
    }

    /**
     * @param root the reply's JSON
     * @return its usage, {@link TokenUsage#NONE} when it reports none
     */
    static TokenUsage of(JsonNode root) {
        JsonNode usage = root.path("usage");
        if (!usage.isObject()) return TokenUsage.NONE;
        long prompt = count(usage, "prompt_tokens", "input_tokens");
        long completion = count(usage, "completion_tokens", "output_tokens");
        return prompt == 0 && completion == 0 ? TokenUsage.NONE : new TokenUsage(prompt, completion);
    }

    private static long count(JsonNode usage, String name, String otherName) {
        JsonNode value = usage.has(name) ? usage.get(name) : usage.path(otherName);
        return value.isIntegralNumber() && value.canConvertToLong() && value.longValue() > 0 ? value.longValue() : 0;
    }
}
