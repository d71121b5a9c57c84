package dev.cairn.dlq;

import dev.cairn.api.CairnException;

/** A dead-letter queue operation was asked of a worker started with {@code CAIRN_DLQ_ENABLED=false}. */
public final class DlqDisabledException extends CairnException {

    public DlqDisabledException() {
        super("the dead-letter queue is disabled (CAIRN_DLQ_ENABLED=false): failed jobs stay FAILED in JobRunr only", false);
    }
}
