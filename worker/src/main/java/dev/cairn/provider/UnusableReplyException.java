package dev.cairn.provider;

/**
 * Thrown by a {@link ProviderChain.ReplyReader} when a reply arrived but its content is not what was
 * asked for (not the outline JSON, an empty section). The chain turns it into a
 * {@link ProviderException.Kind#BAD_REPLY} of the provider that wrote it: it counts against that
 * provider's breaker and the call fails over, like any other unparseable reply.
 */
public final class UnusableReplyException extends RuntimeException {

    /** @param detail what is wrong with the reply */
    public UnusableReplyException(String detail) {
        super(detail, null, false, false);
    }
}
