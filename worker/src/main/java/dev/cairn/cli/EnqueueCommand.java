package dev.cairn.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code cairn enqueue pdf|chapter}: submits a job to a running worker and prints its id. */
@Command(name = "enqueue", mixinStandardHelpOptions = true,
        description = "Enqueue a job on a running worker and print its id.",
        subcommands = {EnqueuePdfCommand.class, EnqueueChapterCommand.class, EnqueueBatchCommand.class})
final class EnqueueCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing job type: use 'enqueue pdf <file>', 'enqueue chapter --topic <topic>' or 'enqueue batch <file>'");
    }
}
