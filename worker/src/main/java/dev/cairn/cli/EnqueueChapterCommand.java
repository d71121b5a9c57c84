package dev.cairn.cli;

import dev.cairn.api.JobSubmission;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code cairn enqueue chapter --topic "…"}: enqueues a chapter-generation job. */
@Command(name = "chapter", mixinStandardHelpOptions = true,
        description = "Enqueue a chapter-generation job.")
final class EnqueueChapterCommand implements Callable<Integer> {

    static final int MIN_SECTIONS = 1;
    static final int MAX_SECTIONS = 50;

    @Spec
    CommandSpec spec;

    @Option(names = "--topic", required = true, paramLabel = "<topic>", description = "what the chapter is about")
    String topic;

    @Option(names = "--sections", paramLabel = "<n>", defaultValue = "5",
            description = "how many sections, " + MIN_SECTIONS + "-" + MAX_SECTIONS + " (default: ${DEFAULT-VALUE})")
    int sections;

    @Option(names = "--source-job", paramLabel = "<id>", description = "a finished pdf-processing job whose chapters are sources")
    String sourceJob;

    @Option(names = "--idempotency-key", paramLabel = "<key>",
            description = "enqueueing again with the same key returns the same job instead of a new one")
    String idempotencyKey;

    @Option(names = "--json", description = "print the API's JSON ({\"job_id\": ...}) instead of the bare id")
    boolean json;

    @Override
    public Integer call() {
        if (topic.isBlank()) throw new ParameterException(spec.commandLine(), "--topic must not be empty");
        if (sections < MIN_SECTIONS || sections > MAX_SECTIONS) {
            throw new ParameterException(spec.commandLine(), "--sections must be between " + MIN_SECTIONS + " and "
                    + MAX_SECTIONS + ", got " + sections);
        }
        if (sourceJob != null && sourceJob.isBlank()) throw new ParameterException(spec.commandLine(), "--source-job must not be empty");
        EnqueueCommand.checkIdempotencyKey(spec, idempotencyKey);
        JobSubmission submission = JobSubmission.chapter(topic.trim(), sections, sourceJob == null ? null : sourceJob.trim());
        if (idempotencyKey != null) submission = submission.withIdempotencyKey(idempotencyKey);
        String jobId = CairnCommand.root(spec).client().enqueue(submission);
        EnqueueCommand.printJobId(spec, jobId, json);
        return 0;
    }
}
