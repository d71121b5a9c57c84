package dev.cairn.cli;

import dev.cairn.api.JobSubmission;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    EnqueueOptions options;

    @Override
    public Integer call() {
        if (topic.isBlank()) throw new ParameterException(spec.commandLine(), "--topic must not be empty");
        if (sections < MIN_SECTIONS || sections > MAX_SECTIONS) {
            throw new ParameterException(spec.commandLine(), "--sections must be between " + MIN_SECTIONS + " and "
                    + MAX_SECTIONS + ", got " + sections);
        }
        if (sourceJob != null && sourceJob.isBlank()) throw new ParameterException(spec.commandLine(), "--source-job must not be empty");
        options.check(spec);
        JobSubmission submission = JobSubmission.chapter(topic.trim(), sections, sourceJob == null ? null : sourceJob.trim());
        dev.cairn.api.client.CairnClient client = CairnCommand.root(spec).client();
        return options.finish(spec, client, client.enqueue(options.apply(submission)));
    }
}
