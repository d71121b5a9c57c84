package dev.cairn.provider;

import java.time.Duration;
import java.util.Objects;

/**
 * A provider's answer.
 *
 * @param text    the reply text ({@code choices[0].message.content}), never blank
 * @param latency how long the call took
 */
public record ProviderReply(String text, Duration latency) {

    public ProviderReply {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(latency, "latency");
    }

    @Override
    public String toString() {
        // why: replies can be long; logs need the size, not the text
        return "ProviderReply[" + text.length() + " chars, " + latency.toMillis() + " ms]";
    }
}
