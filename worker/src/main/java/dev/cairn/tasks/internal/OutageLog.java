package dev.cairn.tasks.internal;

import org.slf4j.Logger;

/**
 * Logs a failing periodic task once per outage: a WARN at its first failure, DEBUG for the next ones, an
 * INFO when it works again. A task that fails every few seconds for an hour writes two lines, not a
 * thousand.
 */
final class OutageLog {

    private final Logger log;
    private final String name;
    private final String purpose;
    private int failuresInARow;

    OutageLog(Logger log, String name, String purpose) {
        this.log = log;
        this.name = name;
        this.purpose = purpose;
    }

    synchronized void failed(Exception e) {
        failuresInARow++;
        if (failuresInARow == 1) {
            log.warn("Could not {} (task {}): {}; it tries again on its own", purpose, name, e.getMessage());
        } else {
            log.debug("Could not {} (task {}, failure {} in a row): {}", purpose, name, failuresInARow, e.getMessage());
        }
    }

    synchronized void succeeded() {
        if (failuresInARow > 0) log.info("Task {} works again after {} failed run(s): it could {}", name, failuresInARow, purpose);
        failuresInARow = 0;
    }
}
