package dev.cairn.cli;

import dev.cairn.pdf.SampleBook;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code cairn sample-pdf [--pages N] [--chapters C] FILE}: writes a generated book ({@link SampleBook}) to try the
 * pipeline on, e.g. a few thousand pages to watch {@code extract-text}'s cursor and survive a {@code kill -9}.
 * Needs no worker.
 */
@Command(name = "sample-pdf", mixinStandardHelpOptions = true,
        description = "Write a generated PDF book (chapters with bookmarks and headings) to try the pipeline on; "
                + "a few thousand pages give time to watch extract-text's cursor and to kill the worker mid-document.")
final class SamplePdfCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "where to write the PDF (an existing file is replaced)")
    Path file;

    @Option(names = "--pages", paramLabel = "N", description = "pages in all (1-" + SampleBook.MAX_PAGES + "; default ${DEFAULT-VALUE})",
            defaultValue = "2000")
    int pages;

    @Option(names = "--chapters", paramLabel = "C", description = "chapters, each with a bookmark (default: one per 250 pages, at least 1)")
    Integer chapters;

    @Override
    public Integer call() {
        if (pages < 1 || pages > SampleBook.MAX_PAGES) {
            throw new ParameterException(spec.commandLine(), "--pages must be between 1 and " + SampleBook.MAX_PAGES + ", got " + pages);
        }
        int chapterCount = chapters != null ? chapters : Math.max(1, pages / 250);
        if (chapterCount < 1 || chapterCount > pages) {
            throw new ParameterException(spec.commandLine(), "--chapters must be between 1 and the pages (" + pages + "), got " + chapterCount);
        }
        if (Files.isDirectory(file)) throw new ParameterException(spec.commandLine(), "FILE is a directory: " + file);
        try {
            SampleBook.write(file, pages, chapterCount);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        spec.commandLine().getOut().println(file);
        spec.commandLine().getErr().println("cairn: wrote " + pages + " page(s) in " + chapterCount + " chapter(s) to " + file
                + "; enqueue it with: cairn enqueue pdf " + file);
        return 0;
    }
}
