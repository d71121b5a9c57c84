package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.CheckpointView;
import dev.cairn.api.JobView;
import dev.cairn.api.client.CairnClient;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * {@code cairn enqueue … --wait}: follows the job until it is done, saying on stderr which step runs, then prints what
 * it made (pages and chapters of a PDF, the output dir) or its error. Exit 0 when it succeeded, 1 when it failed or
 * the wait ran out.
 */
final class JobWaiter {

    /** How often the job is read. */
    static final Duration POLL = Duration.ofMillis(500);

    private static final Set<String> DONE = Set.of("SUCCEEDED", "FAILED", "DELETED");
    private static final ObjectMapper JSON = new ObjectMapper();

    private JobWaiter() {
    }

    /**
     * @param client  the worker
     * @param jobId   the job just enqueued
     * @param timeout the longest wait
     * @param json    print the job's JSON at the end instead of the summary
     * @param out     stdout
     * @param err     stderr, for progress
     * @return the exit code
     */
    static int await(CairnClient client, String jobId, Duration timeout, boolean json, PrintWriter out, PrintWriter err) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String said = null;
        JobView job;
        while (true) {
            job = client.job(jobId);
            String now = progress(job);
            if (!now.equals(said)) {
                err.println("cairn: " + jobId + " " + now);
                err.flush();
                said = now;
            }
            if (DONE.contains(job.state())) break;
            if (System.nanoTime() >= deadline) {
                err.println("cairn: " + jobId + " is still " + job.state() + " after " + timeout.toSeconds() + " s; follow it with: cairn status " + jobId);
                err.flush();
                return ErrorReporter.FAILURE;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ErrorReporter.FAILURE;
            }
        }
        if (json) {
            String text = client.jobJson(jobId);
            out.print(text.endsWith("\n") ? text : text + "\n");
        } else {
            out.print(summary(job));
        }
        out.flush();
        return job.state().equals("SUCCEEDED") ? 0 : ErrorReporter.FAILURE;
    }

    private static String progress(JobView job) {
        CheckpointView checkpoint = job.checkpoint();
        if (DONE.contains(job.state()) || checkpoint == null || checkpoint.currentStep() == null) return job.state();
        return job.state() + ", step " + checkpoint.currentStep() + String.format(Locale.ROOT, " (%.0f %%)", checkpoint.progressPercent());
    }

    /** What the job made, as far as this machine can see its output dir; or its error. */
    static String summary(JobView job) {
        StringBuilder text = new StringBuilder();
        if (!job.state().equals("SUCCEEDED")) {
            text.append("job ").append(job.jobId()).append(' ').append(job.state());
            if (job.error() != null) text.append(": ").append(job.error().message());
            return text.append('\n').toString();
        }
        Object dir = job.result() == null ? null : job.result().get("output_dir");
        text.append("job ").append(job.jobId()).append(" succeeded\n");
        if (dir == null) return text.toString();
        Path output = Path.of(dir.toString());
        Path document = output.resolve("document.json");
        if (Files.isRegularFile(document)) {
            try {
                JsonNode info = JSON.readTree(document.toFile());
                text.append("pages        ").append(info.path("pages").asText("?")).append('\n');
                text.append("chapters     ").append(info.path("chapters").size()).append('\n');
            } catch (IOException e) {
                // the dir is the answer; the counts are a courtesy
            }
        } else if (Files.isRegularFile(output.resolve("chapter.md"))) {
            text.append("chapter      ").append(output.resolve("chapter.md")).append('\n');
        }
        Object note = job.result().get("note");
        if (note != null) text.append("note         ").append(note).append('\n');
        return text.append("output dir   ").append(output).append('\n').toString();
    }
}
