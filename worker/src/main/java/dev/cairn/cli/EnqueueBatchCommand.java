package dev.cairn.cli;

import dev.cairn.api.CairnException;
import dev.cairn.api.client.BatchLineResult;
import dev.cairn.api.client.CairnClient;
import dev.cairn.api.client.CairnClientException;
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
import java.time.Duration;
import java.util.BitSet;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code cairn enqueue batch FILE|-}: sends a file of JSON lines, one job submission per line, through
 * {@code POST /api/jobs/batch}, streamed (any size). Prints a summary (accepted, duplicates, the refused
 * lines with their reasons, the rate-limited ones); with {@code --json}, the worker's answer line for every
 * input line instead. On a terminal a progress line counts the answers as they come. Lines answered
 * {@code rate_limited} go again from a FILE after their {@code retry_after_s}, within {@code --max-wait}; from
 * standard input they are named for the user to send again. Exits 1 when any line was not accepted.
 */
@Command(name = "batch", mixinStandardHelpOptions = true,
        description = {"Enqueue many jobs from a file of JSON lines, one submission per line:",
                "  {\"type\": \"chapter-generation\", \"payload\": {\"topic\": \"Tides\", \"sections\": 3}, \"idempotency_key\": \"t-1\"}",
                "Use - to read standard input. Lines past your job budget (rate_limited) are sent again from a FILE after"
                        + " the worker's retry_after_s, for at most --max-wait in all. Exits 1 when any line was not accepted."})
final class EnqueueBatchCommand implements Callable<Integer> {

    /** How long rate-limited lines wait when the worker named no {@code retry_after_s}. */
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

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
        CairnCommand root = CairnCommand.root(spec);
        BatchProgress bar = Boolean.TRUE.equals(progress) || progress == null && System.console() != null
                ? new BatchProgress(err) : BatchProgress.silent();
        WaitBudget budget = new WaitBudget(root.maxWait());
        boolean fromFile = !file.equals("-");
        BatchOutcome outcome = new BatchOutcome(out, json);
        try (BufferedReader lines = open()) {
            CairnClient client = root.client(budget.remaining(), wait -> {
                bar.clear();
                budget.spend(wait.delay());
            });
            client.submitNdjson(lines, result -> {
                outcome.first(result, fromFile);
                bar.update(result);
            });
        } catch (UncheckedIOException e) {
            throw CairnException.permanent("cannot read " + describe() + ": " + e.getCause().getMessage(), e.getCause());
        } finally {
            bar.done();
        }
        String sendAgain = fromFile ? sendAgain(root, budget, outcome, err) : "(standard input is read once: cairn cannot send them itself)";
        outcome.printHeldRateLimited();
        outcome.printSummary(sendAgain);
        out.flush();
        String failure = outcome.failure();
        if (failure == null) return 0;
        err.println(failure);
        return ErrorReporter.FAILURE;
    }

    /**
     * Sends the FILE's rate-limited lines again after the worker's {@code retry_after_s}, until none is left or
     * {@code --max-wait} is used up; the client's own waits for whole-request 429s count against the same bound.
     *
     * @return why lines are left, for the summary; empty when none is
     */
    private String sendAgain(CairnCommand root, WaitBudget budget, BatchOutcome outcome, PrintWriter err) throws IOException {
        while (!outcome.rateLimited().isEmpty()) {
            if (!budget.remaining().isPositive()) {
                return budget.bound().isZero() ? "(--max-wait is 0)" : "(cairn waited " + WaitDuration.describe(budget.spent())
                        + " in all, its --max-wait; a longer --max-wait waits longer)";
            }
            RateLimitedLines pending = outcome.rateLimited();
            Duration wait = min(pending.retryAfter().orElse(DEFAULT_RETRY_AFTER), budget.remaining());
            err.println("cairn: rate limited by the worker; waiting " + WaitDuration.describe(wait) + " before sending "
                    + count(pending.count()) + " line(s) again (retry_after_s)");
            err.flush();
            sleep(wait);
            budget.spend(wait);
            outcome.rateLimited(resend(root, budget, pending, outcome));
        }
        return "";
    }

    /** @return the lines answered {@code rate_limited} again, or not answered before the bound ran out */
    private RateLimitedLines resend(CairnCommand root, WaitBudget budget, RateLimitedLines pending, BatchOutcome outcome) throws IOException {
        RateLimitedLines still = new RateLimitedLines();
        BitSet answered = new BitSet();
        SelectedLines.Numbering numbering = new SelectedLines.Numbering(pending.numbers());
        CairnClient client = root.client(budget.remaining(), wait -> budget.spend(wait.delay()));
        try (BufferedReader lines = new BufferedReader(new SelectedLines(open(), pending.numbers()))) {
            client.submitNdjson(lines, sent -> {
                BatchLineResult result = renumber(sent, numbering.original(sent.line()));
                answered.set((int) result.line());
                if (result.rateLimited()) still.add(result);
                else outcome.settle(result);
            });
        } catch (UncheckedIOException e) {
            throw CairnException.permanent("cannot read " + describe() + " again: " + e.getCause().getMessage(), e.getCause());
        } catch (CairnClientException e) {
            if (e.status() != 429) throw e;
            // why: the worker refused a whole request and the bound is used up; what it did not answer is still to send
            BitSet left = (BitSet) pending.numbers().clone();
            left.andNot(answered);
            String reason = e.getMessage();
            for (int n = left.nextSetBit(0); n >= 0; n = left.nextSetBit(n + 1)) {
                still.add(n, e.retryAfter(), reason);
                reason = null;
            }
        }
        return still;
    }

    /** The resend's answer under the line's number in the FILE, its message too ("line 2: …" becomes "line 17: …"). */
    private static BatchLineResult renumber(BatchLineResult sent, long original) {
        String message = sent.message() == null ? null
                : sent.message().replaceFirst("^line " + sent.line() + "(?=\\D|$)", "line " + original);
        return new BatchLineResult(original, sent.jobId(), sent.created(), sent.error(), message, sent.retryAfter());
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CairnException.permanent("interrupted while waiting to send rate-limited lines again", e);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
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

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** How much of {@code --max-wait} the command has spent waiting, the client's waits included. */
    static final class WaitBudget {

        private final Duration bound;
        private Duration spent = Duration.ZERO;

        WaitBudget(Duration bound) {
            this.bound = bound;
        }

        Duration bound() {
            return bound;
        }

        Duration spent() {
            return spent;
        }

        Duration remaining() {
            Duration left = bound.minus(spent);
            return left.isNegative() ? Duration.ZERO : left;
        }

        void spend(Duration wait) {
            spent = spent.plus(wait);
        }
    }
}
