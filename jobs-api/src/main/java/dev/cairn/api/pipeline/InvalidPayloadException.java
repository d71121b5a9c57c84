package dev.cairn.api.pipeline;

import dev.cairn.api.CairnException;

/**
 * A job payload that cannot be run: a missing or mistyped field, a file outside the input dir.
 * Permanent: the HTTP API answers 400 with this message; a job already enqueued fails at once.
 */
public class InvalidPayloadException extends CairnException {

    /** @param message names the field and what is wrong with it */
    public InvalidPayloadException(String message) {
        super(message, false);
    }
}
