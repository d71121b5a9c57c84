package dev.cairn.bench.fleet;

import java.util.List;

/**
 * One side's processes in one sample of the crash benchmarks (Cairn workers, or plain JobRunr
 * servers), all on one fresh schema of the shared PostgreSQL, so no sample sees another's jobs or dead
 * servers. Closing it kills every process it started and drops the schema.
 */
public interface Fleet extends AutoCloseable {

    /**
     * A started process.
     *
     * @param serverId its JobRunr background job server's id, as {@code jobHistory}'s ProcessingState names it
     */
    record Node(ChildProcess process, String serverId) {
    }

    /** @return {@code "cairn"} or {@code "plain"} */
    String side();

    /** @return the JobRunr table prefix of this fleet's schema, e.g. {@code cairn_bench_1a2b3c4d.} */
    String tablePrefix();

    /**
     * Starts a process and waits until it takes jobs and its server id is known. Processes of one fleet
     * are started one after the other: a new server id in the servers table is then the new process's.
     */
    Node start(String name);

    /**
     * Starts the processes at once and waits until every one takes jobs, without telling their server ids
     * apart: the throughput figures start a fleet on a backlog, where starting one process after the other
     * would let the first drain part of it alone.
     */
    void startTogether(List<String> names);

    /** Starts a process without waiting for anything: the restart figure's clock runs from here. */
    ChildProcess launch(String name);

    /**
     * Enqueues this fleet's job: one that runs for minutes (still PROCESSING after any recovery) for the
     * crash figures, or a quarter of a second for the pickup figure ({@link FleetLab.JobLength}).
     *
     * @return its id
     */
    String enqueue();

    /** Sets the JVM options of the processes launched from now on (after {@code -Xmx512m}); {@code List.of()}: none. */
    void useJvmOptions(List<String> options);

    /** @return the processes started so far */
    List<ChildProcess> processes();

    /** @return the last lines of every process's log, for failure messages */
    default String logTails() {
        StringBuilder out = new StringBuilder();
        for (ChildProcess p : processes()) {
            out.append("---- ").append(p.name()).append(" (").append(p.log()).append(") ----\n").append(p.tail()).append('\n');
        }
        return out.toString();
    }

    /** Kills every process and drops the schema. */
    @Override
    void close();
}
