package dev.cairn.cli;

import dev.cairn.api.CairnException;
import dev.cairn.api.JobSubmission;
import dev.cairn.api.client.CairnClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code cairn enqueue pdf <file>}: uploads the file into the worker's input dir, then enqueues it. */
@Command(name = "pdf", mixinStandardHelpOptions = true,
        description = "Upload a PDF to the worker (POST /api/files) and enqueue a pdf-processing job for it.")
final class EnqueuePdfCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<file>", description = "the PDF to process")
    Path file;

    @Option(names = "--summarize", description = "summarize each chapter with the configured providers")
    boolean summarize;

    @Mixin
    EnqueueOptions options;

    @Override
    public Integer call() {
        options.check(spec);
        checkReadable(file);
        CairnClient client = CairnCommand.root(spec).client();
        String uploaded = client.uploadFile(file);
        JobSubmission submission = JobSubmission.pdf(uploaded, summarize);
        return options.finish(spec, client, client.enqueue(options.apply(submission)));
    }

    private static void checkReadable(Path file) {
        if (!Files.exists(file)) throw CairnException.permanent("no such file: " + file);
        if (Files.isDirectory(file)) throw CairnException.permanent(file + " is a directory, not a PDF file");
        if (!Files.isReadable(file)) throw CairnException.permanent("cannot read " + file + ": permission denied");
    }
}
