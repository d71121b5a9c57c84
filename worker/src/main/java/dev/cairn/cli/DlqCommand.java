package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.CairnException;
import dev.cairn.api.client.CairnClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code cairn dlq list|show|retry|remove|stats|cleanup|export}: the dead-letter queue of a running
 * worker, through its {@code /api/dlq} endpoints. {@code --json} prints the API's JSON unchanged.
 */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "Work the dead-letter queue: jobs that failed for good.",
        subcommands = {DlqCommand.ListEntries.class, DlqCommand.Show.class, DlqCommand.Retry.class, DlqCommand.Remove.class,
                DlqCommand.Stats.class, DlqCommand.Cleanup.class, DlqCommand.Export.class})
final class DlqCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(),
                "missing action: use list, show <id>, retry <id>, retry --type <type>, remove <id>, stats, cleanup or export");
    }

    private static CairnClient client(CommandSpec spec) {
        return CairnCommand.root(spec).client();
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List entries, newest first, a page at a time.")
    static final class ListEntries implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        DlqFilterOptions filters;

        @Option(names = "--limit", paramLabel = "<n>", description = "entries per page, 1-1000 (default 50)")
        Integer limit;

        @Option(names = "--cursor", paramLabel = "<cursor>", description = "continue where the previous page stopped")
        String cursor;

        @Mixin
        ApiJsonOption output;

        @Override
        public Integer call() {
            Map<String, String> params = filters.params();
            params.put("limit", limit == null ? null : limit.toString());
            params.put("cursor", cursor);
            List<String> next = new ArrayList<>(List.of("dlq", "list"));
            next.addAll(filters.args());
            if (limit != null) next.addAll(List.of("--limit", limit.toString()));
            boolean filtered = !filters.args().isEmpty();
            return output.print(spec, client(spec).dlqList(params), page -> DlqText.list(page, next, filtered));
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one entry with its stack trace.")
    static final class Show implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "<jobId>", description = "the job's id")
        String jobId;

        @Mixin
        ApiJsonOption output;

        @Override
        public Integer call() {
            return output.print(spec, client(spec).dlqEntry(jobId.trim()), DlqText::entry);
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = {"Re-enqueue one job (it resumes from its checkpoint), or every job of a type and/or signature, throttled.",
                    "  cairn dlq retry <jobId>",
                    "  cairn dlq retry --type <type> [--signature <signature>] [--rate <per second>]"})
    static final class Retry implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", arity = "0..1", paramLabel = "<jobId>", description = "the job to retry")
        String jobId;

        @Option(names = "--type", paramLabel = "<type>", description = "retry every queued job of this type")
        String type;

        @Option(names = "--signature", paramLabel = "<signature>", description = "retry every queued job with this error signature")
        String signature;

        @Option(names = "--rate", paramLabel = "<per second>", description = "re-enqueues per second for --type/--signature (default 5)")
        Double rate;

        @Option(names = "--force", description = "retry a job whose failure was permanent (bad input) too: it fails the same way unless its input changed")
        boolean force;

        @Mixin
        ApiJsonOption output;

        @Override
        public Integer call() {
            boolean one = jobId != null && !jobId.isBlank();
            boolean bulk = type != null && !type.isBlank() || signature != null && !signature.isBlank();
            if (one == bulk) {
                throw new ParameterException(spec.commandLine(), one
                        ? "give a job id or --type/--signature, not both"
                        : "missing what to retry: give a job id, or --type <type> and/or --signature <signature>");
            }
            if (one && rate != null) throw new ParameterException(spec.commandLine(), "--rate is for --type/--signature retries only");
            CairnClient client = client(spec);
            if (one && !force) refusePermanent(client, jobId.trim());
            if (one) return output.print(spec, client.dlqRetry(jobId.trim()), result -> result.path("message").asText());
            return output.print(spec, client.dlqRetryMatching(type, signature, rate), DlqText::bulkRetry);
        }
    }

    /** A retry of a permanent failure runs into the same error: it takes --force, so nobody re-enqueues one without noticing. */
    private static void refusePermanent(CairnClient client, String jobId) {
        com.fasterxml.jackson.databind.JsonNode entry;
        try {
            entry = JSON.readTree(client.dlqEntry(jobId));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("the worker's DLQ entry is not JSON: " + e.getMessage(), e);
        }
        if (entry.path("permanent").asBoolean(false)) {
            throw dev.cairn.api.CairnException.permanent("job " + jobId + " failed permanently (" + entry.path("error_message").asText()
                    + "): a retry runs it into the same error unless its input changed; fix the input, then retry with --force");
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove one entry without retrying it.")
    static final class Remove implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "<jobId>", description = "the job's id")
        String jobId;

        @Mixin
        ApiJsonOption output;

        @Override
        public Integer call() {
            return output.print(spec, client(spec).dlqRemove(jobId.trim()), result -> "removed " + result.path("job_id").asText());
        }
    }

    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = "Show the queue's health: totals, the largest groups by type and by error, and what to do.")
    static final class Stats implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ApiJsonOption output;

        @Override
        public Integer call() {
            return output.print(spec, client(spec).dlqStats(), DlqText::stats);
        }
    }

    @Command(name = "cleanup", mixinStandardHelpOptions = true,
            description = "Remove the entries older than the worker's retention (CAIRN_DLQ_RETENTION_DAYS) now.")
    static final class Cleanup implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ApiJsonOption output;

        @Override
        public Integer call() {
            return output.print(spec, client(spec).dlqCleanup(), result -> {
                long removed = result.path("removed").asLong();
                return "removed " + removed + (removed == 1 ? " entry" : " entries") + " older than the retention";
            });
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write every matching entry as JSON lines (one entry per line), newest first.")
    static final class Export implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        DlqFilterOptions filters;

        @Option(names = {"-o", "--output"}, paramLabel = "<file>", description = "write to this file instead of stdout")
        Path output;

        @Override
        public Integer call() throws IOException {
            CairnClient client = client(spec);
            if (output == null) {
                PrintWriter out = spec.commandLine().getOut();
                client.dlqExport(filters.params(), line -> out.append(line).append('\n'));
                out.flush();
                return 0;
            }
            // why: written beside the target and moved over it only when complete, so a broken export leaves no short file
            Path target = output.toAbsolutePath();
            if (!Files.isDirectory(target.getParent())) {
                throw CairnException.permanent("cannot write " + output + ": the directory " + target.getParent() + " does not exist");
            }
            Path partial = target.resolveSibling(target.getFileName() + ".part");
            long lines;
            try (BufferedWriter file = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
                lines = client.dlqExport(filters.params(), line -> write(file, line));
            } catch (IOException | UncheckedIOException e) {
                Files.deleteIfExists(partial);
                IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
                throw CairnException.permanent("cannot write " + output + ": " + cause.getMessage(), cause);
            } catch (RuntimeException e) {
                Files.deleteIfExists(partial);
                throw e;
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            PrintWriter out = spec.commandLine().getOut();
            out.println("exported " + lines + (lines == 1 ? " entry" : " entries") + " to " + output);
            out.flush();
            return 0;
        }

        private static void write(BufferedWriter file, String line) {
            try {
                file.write(line);
                file.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
