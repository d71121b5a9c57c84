package dev.cairn.bench.chaos;

import dev.cairn.bench.chaos.ChaosWorkload.JobSpec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@link ChaosAudit} found: the four figures that must be 0 (each a list of findings with the job and
 * what is wrong), notes that are not failures but worth a look, and the counts behind the figures.
 */
final class ChaosFindings {

    /** The figures that must be 0, in the order the table prints them. */
    static final List<String> MUST_BE_ZERO = List.of("jobs_lost", "completed_steps_run_twice", "duplicate_outputs", "wrongly_in_dlq");

    /** One finding: its kind (a figure's name, or a note's), the job, and what is wrong. */
    record Finding(String kind, String jobId, String detail) {
    }

    private final List<Finding> violations = new ArrayList<>();
    private final List<Finding> notes = new ArrayList<>();
    final List<Double> resumeSeconds = new ArrayList<>();
    final List<Double> handBackSeconds = new ArrayList<>();
    int retries;
    int extraStepRuns;
    int unattributedFailures;
    int repaidAfterKill;
    private int pdfJobs;
    private int chapterJobs;
    private int expectedFailures;
    private int jobsHit;
    private int jobsHitMoreThanDefault;
    private int maxHitsPerJob;
    private int jobHits;

    void countJob(JobSpec job, int hits) {
        if (job.kind() == ChaosWorkload.Kind.PDF) pdfJobs++;
        else chapterJobs++;
        if (job.expectFailure()) expectedFailures++;
        if (hits > 0) jobsHit++;
        if (hits > ChaosSettings.DEFAULT_MAX_CRASH_RECOVERIES) jobsHitMoreThanDefault++;
        maxHitsPerJob = Math.max(maxHitsPerJob, hits);
        jobHits += hits;
    }

    void violation(String kind, String jobId, String detail) {
        violations.add(new Finding(kind, jobId, detail));
    }

    void note(String kind, String jobId, String detail) {
        notes.add(new Finding(kind, jobId, detail));
    }

    /**
     * @return the figure: distinct jobs for {@code jobs_lost}, {@code duplicate_outputs} and
     * {@code wrongly_in_dlq}; every (job, step or paid part) for {@code completed_steps_run_twice}
     */
    long figure(String kind) {
        if (kind.equals("completed_steps_run_twice")) return violations.stream().filter(v -> v.kind().equals(kind)).count();
        Set<String> jobs = new HashSet<>();
        for (Finding v : violations) if (v.kind().equals(kind)) jobs.add(v.jobId());
        return jobs.size();
    }

    boolean passed() {
        return violations.isEmpty();
    }

    List<Finding> violations() {
        return List.copyOf(violations);
    }

    List<Finding> notes() {
        return List.copyOf(notes);
    }

    /** @return the counts behind the figures, for the JSON */
    Map<String, Object> counts() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pdf_jobs", pdfJobs);
        m.put("chapter_jobs", chapterJobs);
        m.put("expected_failures", expectedFailures);
        m.put("jobs_hit_by_kills", jobsHit);
        m.put("job_hits", jobHits);
        m.put("max_kills_of_one_job", maxHitsPerJob);
        m.put("jobs_hit_more_than_" + ChaosSettings.DEFAULT_MAX_CRASH_RECOVERIES + "_times", jobsHitMoreThanDefault);
        m.put("provider_failure_retries", retries);
        m.put("step_restarts_explained", extraStepRuns);
        m.put("failures_outside_steps", unattributedFailures);
        m.put("provider_calls_repaid_after_kill", repaidAfterKill);
        m.put("resumes_measured", resumeSeconds.size());
        m.put("hand_backs_measured", handBackSeconds.size());
        return m;
    }

    /** @return findings as JSON objects, at most {@code max} per kind */
    static List<Map<String, String>> describe(List<Finding> findings, int max) {
        Map<String, Integer> perKind = new LinkedHashMap<>();
        List<Map<String, String>> out = new ArrayList<>();
        for (Finding f : findings) {
            int n = perKind.merge(f.kind(), 1, Integer::sum);
            if (n > max) continue;
            Map<String, String> m = new LinkedHashMap<>();
            m.put("kind", f.kind());
            m.put("job_id", f.jobId());
            m.put("detail", f.detail());
            out.add(m);
        }
        return out;
    }
}
