package dev.cairn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.CairnException;
import dev.cairn.api.client.BatchLineResult;
import dev.cairn.api.client.BatchSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code cairn enqueue batch FILE|-}: sends a file of JSON lines, one job submission per line, through
 * {@code POST /api/jobs/batch}, streamed (any size). Prints a summary (accepted, duplicates, the refused
 * lines with their reasons); with {@code --json}, the worker's answer line for every input line instead.
 * On a terminal a progress line counts the answers as they come. Exits 1 when any line was refused.
 */
@Command(name = "batch", mixinStandardHelpOptions = true,
        description = {"Enqueue many jobs from a file of JSON lines, one submission per line:",
                "  {\"type\": \"chapter-generation\", \"payload\": {\"topic\": \"Tides\", \"sections\": 3}, \"idempotency_key\": \"t-1\"}",
                "Use - to read standard input. Exits 1 when any line was refused."})
final class EnqueueBatchCommand implements Callable<Integer> {

    /** Refused lines listed in the summary; the rest are counted ({@code --json} shows all). */
    static final int MAX_LISTED = 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE|-", description = "the JSON lines to send; - for standard input")
    String file;

    @Option(names = "--json", description = "print the worker's answer for every line ({\"line\", \"job_id\", \"created\"} or"
            + " {\"line\", \"error\", \"message\"}) instead of the summary")
    boolean json;

    @Option(names = "--progress", negatable = true, description = "show a progress line on stderr (default: when stderr is a terminal)")
    Boolean progress;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BatchProgress bar = Boolean.TRUE.equals(progress) || progress == null && System.console() != null
                ? new BatchProgress(err) : BatchProgress.silent();
        List<BatchLineResult> listed = new ArrayList<>();
        BatchSummary summary;
        try (BufferedReader lines = open()) {
            summary = CairnCommand.root(spec).client().submitNdjson(lines, result -> {
                if (json) {
                    out.println(asJson(result));
                } else if (!result.accepted() && listed.size() < MAX_LISTED) {
                    listed.add(result);
                }
                bar.update(result);
            });
        } catch (UncheckedIOException e) {
            throw CairnException.permanent("cannot read " + describe() + ": " + e.getCause().getMessage(), e.getCause());
        } finally {
            bar.done();
        }
        if (!json) printSummary(out, summary, listed);
        out.flush();
        if (summary.allAccepted()) return 0;
        err.println("cairn: " + count(summary.refused()) + " of " + count(summary.lines()) + " line(s) refused"
                + (json ? "" : " (listed above)"));
        return ErrorReporter.FAILURE;
    }

    private BufferedReader open() throws IOException {
        if (file.equals("-")) return new BufferedReader(new InputStreamReader(CairnCommand.root(spec).stdin(), StandardCharsets.UTF_8));
        try {
            return Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw CairnException.permanent("no such file: " + file, e);
        }
    }

    private String describe() {
        return file.equals("-") ? "standard input" : file;
    }

    private static void printSummary(PrintWriter out, BatchSummary summary, List<BatchLineResult> listed) {
        out.println("accepted " + count(summary.created() + summary.duplicates()) + " of " + count(summary.lines()) + " line(s): "
                + count(summary.created()) + " new job(s), " + count(summary.duplicates()) + " duplicate(s) of existing jobs");
        if (summary.refused() == 0) return;
        out.println("refused " + count(summary.refused()) + " line(s):");
        for (BatchLineResult r : listed) out.println("  line " + r.line() + ": " + r.error() + ": " + r.message());
        if (summary.refused() > listed.size()) {
            out.println("  … and " + count(summary.refused() - listed.size()) + " more (--json lists every line)");
        }
    }

    private static String asJson(BatchLineResult r) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("line", r.line());
        if (r.accepted()) {
            line.put("job_id", r.jobId());
            line.put("created", r.created());
        } else {
            line.put("error", r.error());
            line.put("message", r.message());
        }
        try {
            return JSON.writeValueAsString(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
