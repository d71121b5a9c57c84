package dev.cairn.provider;

import java.time.Duration;
import java.util.Objects;

/**
 * A provider's answer.
 *
 * @param text    the reply text ({@code choices[0].message.content}), never blank
 * @param latency how long the call took
 * @param usage   the tokens the reply says the call used, {@link TokenUsage#NONE} when it says nothing
 */
public record ProviderReply(String text, Duration latency, TokenUsage usage) {

    public ProviderReply {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(usage, "usage");
    }

    /**
     * A reply that says nothing about its token usage.
     *
     * @param text    the reply text, never blank
     * @param latency how long the call took
     */
    public ProviderReply(String text, Duration latency) {
        this(text, latency, TokenUsage.NONE);
    }

    @Override
    public String toString() {
        // why: replies can be long; logs need the size, not the text
        return "ProviderReply[" + text.length() + " chars, " + latency.toMillis() + " ms]";
    }
}
