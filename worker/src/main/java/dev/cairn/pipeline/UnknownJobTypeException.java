package dev.cairn.pipeline;

import dev.cairn.api.CairnException;

/** A job type no pipeline of this worker runs. */
public final class UnknownJobTypeException extends CairnException {

    /**
     * @param type  the requested type
     * @param known the types this worker runs
     */
    public UnknownJobTypeException(String type, java.util.Collection<String> known) {
        super("unknown job type '" + type + "'; this worker runs: " + String.join(", ", known), false);
    }
}
