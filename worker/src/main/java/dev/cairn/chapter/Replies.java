package dev.cairn.chapter;

import dev.cairn.provider.ProviderChain;
import dev.cairn.provider.ProviderException;

/** Bad replies, for the steps that check what a provider answered. */
final class Replies {

    private Replies() {
    }

    /**
     * A reply whose content is unusable, as a retryable {@link ProviderException.Kind#BAD_REPLY}.
     *
     * @param providers the chain that answered; a reply does not say which of its providers wrote it,
     *                  so with several the message names them all
     * @param detail    what is wrong with it
     * @return the exception, to be thrown
     */
    static ProviderException bad(ProviderChain providers, String detail) {
        return ProviderException.badReply(String.join(" or ", providers.names()), detail);
    }
}
