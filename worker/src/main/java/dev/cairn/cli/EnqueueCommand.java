package dev.cairn.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code cairn enqueue pdf|chapter}: submits a job to a running worker and prints its id. */
@Command(name = "enqueue", mixinStandardHelpOptions = true,
        description = "Enqueue a job on a running worker and print its id.",
        subcommands = {EnqueuePdfCommand.class, EnqueueChapterCommand.class})
final class EnqueueCommand implements Callable<Integer> {

    /** Longest idempotency key the worker accepts. */
    static final int MAX_IDEMPOTENCY_KEY = 200;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing job type: use 'enqueue pdf <file>' or 'enqueue chapter --topic <topic>'");
    }

    /** Prints the id, or the API's {@code {"job_id": ...}} with {@code --json}. */
    static void printJobId(CommandSpec spec, String jobId, boolean json) {
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

    /** Checks an idempotency key as the worker would, so a bad one fails before any upload. */
    static void checkIdempotencyKey(CommandSpec spec, String key) {
        if (key == null) return;
        if (key.isBlank()) throw new ParameterException(spec.commandLine(), "--idempotency-key must not be empty");
        if (key.length() > MAX_IDEMPOTENCY_KEY) {
            throw new ParameterException(spec.commandLine(), "--idempotency-key is " + key.length()
                    + " characters long; at most " + MAX_IDEMPOTENCY_KEY + " are allowed");
        }
    }
}
