package dev.cairn.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.JobView;
import dev.cairn.api.client.CairnClient;
import dev.cairn.bench.chaos.ChaosWorkload.JobSpec;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges every job once the soak has drained, from outside the workers: JobRunr's table
 * ({@link ChaosProbe}), the API ({@code GET /api/jobs/{id}}, {@code GET /api/dlq}), the output dirs
 * ({@link ChaosOutputs}), the provider's record of paid replies ({@link ChaosProvider}) and the monkey's
 * record of kills ({@link ChaosMonkey}). The figures are defined in bench/README.md ("chaos soak").
 */
final class ChaosAudit {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CRASH_RECOVERY = "Crash recovery ";
    private static final String RETRY = "Retry ";

    private final ChaosProbe probe;
    private final CairnClient client;
    private final ChaosProvider provider;
    private final Path outputDir;
    private final ChaosFindings findings = new ChaosFindings();

    ChaosAudit(ChaosProbe probe, CairnClient client, ChaosProvider provider, Path outputDir) {
        this.probe = probe;
        this.client = client;
        this.provider = provider;
        this.outputDir = outputDir;
    }

    /** Audits every job against the kills that hit it. */
    ChaosFindings run(List<JobSpec> jobs, List<ChaosMonkey.Kill> kills, int workerThreads) throws SQLException, IOException {
        Map<String, List<ChaosMonkey.Hit>> hitsByJob = new HashMap<>();
        Map<String, List<ChaosMonkey.Kill>> killsByJob = new HashMap<>();
        for (ChaosMonkey.Kill kill : kills) {
            // why: a worker holds one job per thread, plus one per thread that only saves its job's outcome (taken for it meanwhile)
            if (kill.hits().size() > 2 * workerThreads) {
                findings.note("more_jobs_than_worker_count", kill.worker(), "held " + kill.hits().size()
                        + " PROCESSING jobs when killed, more than twice CAIRN_WORKER_COUNT=" + workerThreads);
            }
            for (ChaosMonkey.Hit hit : kill.hits()) {
                hitsByJob.computeIfAbsent(hit.jobId(), j -> new ArrayList<>()).add(hit);
                killsByJob.computeIfAbsent(hit.jobId(), j -> new ArrayList<>()).add(kill);
            }
        }
        Set<String> inDlq = dlqJobIds();
        Map<String, String> states = probe.states();
        Set<String> ours = new HashSet<>();
        for (JobSpec job : jobs) {
            ours.add(job.id());
            audit(job, states.get(job.id()), inDlq.contains(job.id()), hitsByJob.getOrDefault(job.id(), List.of()),
                    killsByJob.getOrDefault(job.id(), List.of()));
        }
        for (String id : inDlq) if (!ours.contains(id)) findings.violation("wrongly_in_dlq", id, "a DLQ entry for a job the soak did not enqueue");
        return findings;
    }

    private void audit(JobSpec job, String state, boolean inDlq, List<ChaosMonkey.Hit> hits, List<ChaosMonkey.Kill> kills)
            throws SQLException {
        List<ChaosProbe.State> history = probe.history(job.id());
        findings.countJob(job, hits.size());
        int recoveries = count(history, CRASH_RECOVERY);
        findings.retries += count(history, RETRY);
        if (recoveries != hits.size()) {
            findings.note("crash_recoveries_vs_kills", job.id(), recoveries + " crash recoveries in its history, " + hits.size()
                    + " kill(s) of its worker seen by the soak" + (recoveries > hits.size() ? " (a live worker lost its lease?)" : ""));
        }
        // why: a job whose worker died more often than CAIRN_JOB_MAX_CRASH_RECOVERIES is a poison job by design
        boolean poison = hits.size() > ChaosSettings.MAX_CRASH_RECOVERIES;
        if (poison) findings.note("poison_jobs", job.id(), hits.size() + " kills of its worker: it must fail as a poison job");
        boolean mustFail = job.expectFailure() || poison;
        boolean expected = mustFail ? "FAILED".equals(state) && inDlq : "SUCCEEDED".equals(state);
        if (!expected) {
            findings.violation("jobs_lost", job.id(), "ended " + state + (mustFail ? (inDlq ? ", in the DLQ" : ", not in the DLQ") : "")
                    + ", expected " + (mustFail ? "FAILED and in the DLQ" : "SUCCEEDED"));
        }
        if (inDlq && !mustFail) {
            findings.violation("wrongly_in_dlq", job.id(), "in the DLQ after " + hits.size() + " kill(s) of its worker");
        }
        resumes(job, history, kills);
        if (!"SUCCEEDED".equals(state)) return;
        JobView view = client.job(job.id());
        if (view.checkpoint() == null) {
            findings.violation("completed_steps_run_twice", job.id(), "succeeded without a step table to check");
        } else {
            ChaosStepRuns.Result runs = ChaosStepRuns.check(view.checkpoint(), hits, history);
            findings.extraStepRuns += runs.extraRuns();
            findings.unattributedFailures += runs.unattributed();
            for (ChaosStepRuns.Violation v : runs.violations()) findings.violation("completed_steps_run_twice", job.id(), v.toString());
        }
        for (String problem : ChaosOutputs.problems(outputDir, job)) findings.violation("duplicate_outputs", job.id(), problem);
        if (job.kind() == ChaosWorkload.Kind.CHAPTER) paidTwice(job, kills);
    }

    /**
     * Restart→resume latency: for each kill that hit the job, from the kill until the job's next
     * ProcessingState (on whichever worker took it), as JobRunr's history stamps it; and the part of it
     * until the job was handed back to the queue (its "Crash recovery" state). The rest is the wait for a
     * free worker: a handed-back job is enqueued anew and queues behind the backlog.
     */
    private void resumes(JobSpec job, List<ChaosProbe.State> history, List<ChaosMonkey.Kill> kills) {
        for (ChaosMonkey.Kill kill : kills) {
            Instant resumed = null;
            Instant handedBack = null;
            for (ChaosProbe.State s : history) {
                if (s.createdAt() == null || !s.createdAt().isAfter(kill.at())) continue;
                if (handedBack == null && s.reason() != null && s.reason().startsWith(CRASH_RECOVERY)) handedBack = s.createdAt();
                if (s.isProcessing() && !kill.serverId().equals(s.serverId())) {
                    resumed = s.createdAt();
                    break;
                }
            }
            if (handedBack != null) findings.handBackSeconds.add(Duration.between(kill.at(), handedBack).toMillis() / 1e3);
            if (resumed == null) {
                findings.note("never_resumed", job.id(), "no PROCESSING state after kill " + kill.number() + " (" + kill.worker() + ")");
            } else {
                findings.resumeSeconds.add(Duration.between(kill.at(), resumed).toMillis() / 1e3);
            }
        }
    }

    /**
     * A request the provider's handler took up this long after its worker was killed can still be that worker's:
     * sent just before the kill, read from the socket after it (19 ms in the soak that found it, on 2 busy cores).
     */
    static final Duration REQUEST_IN_FLIGHT = Duration.ofSeconds(1);

    /**
     * A worker writes a reply's file within this of the reply going out (milliseconds when idle; this leaves room for
     * a stalled JVM on 2 busy cores): a kill of its worker later than that found the file written, and the resumed
     * attempt must not pay for the part again.
     */
    static final Duration REPLY_SAVED = Duration.ofSeconds(5);

    /**
     * A part of a chapter (outline or section) paid twice is work done twice unless a kill of the job's worker
     * caught the first reply on its way to its file: after the request went out (at most {@link #REQUEST_IN_FLIGHT}
     * before the provider stamped it, which can be after the worker that sent it was killed) and before its reply
     * was saved (at most {@link #REPLY_SAVED} after it was answered). A kill after that found the file, so it
     * excuses nothing.
     */
    private void paidTwice(JobSpec job, List<ChaosMonkey.Kill> kills) {
        Map<Integer, List<ChaosProvider.Paid>> byPart = new HashMap<>();
        for (ChaosProvider.Paid p : provider.paid(job.topic())) byPart.computeIfAbsent(p.part(), k -> new ArrayList<>()).add(p);
        for (int part = 0; part <= job.sections(); part++) {
            List<ChaosProvider.Paid> payments = byPart.getOrDefault(part, List.of());
            if (payments.isEmpty()) {
                findings.violation("jobs_lost", job.id(), (part == 0 ? "the outline" : "section " + part) + " was never paid for, yet the job succeeded");
                continue;
            }
            for (int i = 1; i < payments.size(); i++) {
                ChaosProvider.Paid first = payments.get(i - 1);
                Instant again = payments.get(i).arrived();
                Instant from = first.arrived().minus(REQUEST_IN_FLIGHT);
                Instant to = first.answered().plus(REPLY_SAVED);
                boolean replyLost = kills.stream().anyMatch(k -> k.at().isAfter(from) && k.at().isBefore(to) && k.at().isBefore(again));
                if (replyLost) {
                    findings.repaidAfterKill++;
                } else {
                    findings.violation("completed_steps_run_twice", job.id(), (part == 0 ? "the outline" : "section " + part)
                            + " paid again at " + again + " with no kill of its worker while the payment at " + first.arrived()
                            + " (answered at " + first.answered() + ") was on its way to a file");
                }
            }
        }
    }

    private Set<String> dlqJobIds() throws IOException {
        Set<String> ids = new HashSet<>();
        JsonNode page = JSON.readTree(client.dlqList(Map.of("limit", "1000")));
        for (JsonNode entry : page.path("entries")) ids.add(entry.path("job_id").asText());
        if (page.path("total").asInt(0) > ids.size()) throw new IllegalStateException("the DLQ holds more than 1000 entries: " + page.path("total"));
        return ids;
    }

    private static int count(List<ChaosProbe.State> history, String reasonPrefix) {
        int n = 0;
        for (ChaosProbe.State s : history) if (s.reason() != null && s.reason().startsWith(reasonPrefix)) n++;
        return n;
    }
}
