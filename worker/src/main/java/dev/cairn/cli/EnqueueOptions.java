package dev.cairn.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.JobSubmission;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.io.PrintWriter;
import java.util.Map;

/** The options every {@code cairn enqueue} subcommand shares (a picocli mixin). */
final class EnqueueOptions {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--idempotency-key", paramLabel = "<key>",
            description = "enqueueing again with the same key returns the same job instead of a new one")
    String idempotencyKey;

    @Option(names = "--json", description = "print the API's JSON ({\"job_id\": ...}) instead of the bare id")
    boolean json;

    @Option(names = "--wait", description = "wait for the job to finish: print what it made (pages, chapters, output dir) or its error; exit 1 if it failed")
    boolean await;

    @Option(names = "--wait-timeout", paramLabel = "<duration>", converter = WaitDuration.class, defaultValue = "30m",
            description = "with --wait: the longest wait, e.g. 90, 10m, 2h (default: ${DEFAULT-VALUE})")
    java.time.Duration waitTimeout;

    /** Checks the idempotency key as the worker would, so a bad one fails before any upload. */
    void check(CommandSpec spec) {
        if (idempotencyKey == null) return;
        if (idempotencyKey.isBlank()) throw new ParameterException(spec.commandLine(), "--idempotency-key must not be empty");
        if (idempotencyKey.length() > JobSubmission.MAX_IDEMPOTENCY_KEY_LENGTH) {
            throw new ParameterException(spec.commandLine(), "--idempotency-key is " + idempotencyKey.length()
                    + " characters long; at most " + JobSubmission.MAX_IDEMPOTENCY_KEY_LENGTH + " are allowed");
        }
    }

    /** @return the submission with the idempotency key, when one was given */
    JobSubmission apply(JobSubmission submission) {
        return idempotencyKey == null ? submission : submission.withIdempotencyKey(idempotencyKey);
    }

    /**
     * Prints the id (or the API's JSON), then with {@code --wait} follows the job to its end.
     *
     * @return the exit code
     */
    int finish(CommandSpec spec, dev.cairn.api.client.CairnClient client, String jobId) {
        print(spec, jobId);
        if (!await) return 0;
        return JobWaiter.await(client, jobId, waitTimeout, json, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** Prints the id, or the API's {@code {"job_id": ...}} with {@code --json}. */
    void print(CommandSpec spec, String jobId) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            try {
                out.println(JSON.writeValueAsString(Map.of("job_id", jobId)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            out.println(jobId);
        }
        out.flush();
    }
}
