package dev.cairn.dlq.internal;

import dev.cairn.dlq.DlqDisabledException;
import dev.cairn.dlq.DlqEntry;
import dev.cairn.dlq.DlqHealth;
import dev.cairn.dlq.DlqPage;
import dev.cairn.dlq.DlqQuery;
import dev.cairn.dlq.DlqService;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;

/** {@code CAIRN_DLQ_ENABLED=false}: failed jobs stay FAILED in JobRunr; every operation says the queue is off. */
public final class DisabledDlqService implements DlqService {

    private final Clock clock;

    public DisabledDlqService(Clock clock) {
        this.clock = clock;
    }

    @Override
    public boolean enabled() {
        return false;
    }

    @Override
    public Optional<DlqEntry> find(String jobId) {
        throw new DlqDisabledException();
    }

    @Override
    public DlqPage list(DlqQuery query) {
        throw new DlqDisabledException();
    }

    @Override
    public long export(DlqQuery query, Consumer<DlqEntry> sink) {
        throw new DlqDisabledException();
    }

    @Override
    public RetryResult retry(String jobId) {
        throw new DlqDisabledException();
    }

    @Override
    public BulkRetryResult retryMatching(Optional<String> type, Optional<String> signature, double perSecond) {
        throw new DlqDisabledException();
    }

    @Override
    public boolean remove(String jobId) {
        throw new DlqDisabledException();
    }

    @Override
    public long cleanup() {
        throw new DlqDisabledException();
    }

    @Override
    public DlqHealth health() {
        return DlqHealth.disabled(clock.instant());
    }
}
