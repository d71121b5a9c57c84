package dev.cairn.http.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.CairnException;
import dev.cairn.api.JobSubmission;
import dev.cairn.config.BatchSettings;
import dev.cairn.jobs.JobBatch;
import dev.cairn.jobs.JobService;
import dev.cairn.ratelimit.ProducerLimits;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /api/jobs/batch}: many submissions as JSON lines ({@code application/x-ndjson}), streamed
 * both ways. Each line is checked like a single {@code POST /api/jobs} ({@link SubmissionParser}); the
 * valid ones are stored a chunk at a time ({@link JobBatch}); the answer has one line per non-blank input
 * line, in order: {@code {"line", "job_id", "created"}} or {@code {"line", "error", "message"}}. A bad line
 * never stops the good ones. Blank lines are skipped (their numbers still count).
 *
 * <p>Limits ({@link BatchSettings}): a line over {@code CAIRN_BATCH_MAX_LINE_KB} is answered
 * {@code line_too_long}; a batch over {@code CAIRN_BATCH_MAX_LINES} is 413 when that shows before anything
 * was stored, else its answer ends with a {@code batch_too_large} line naming the first line not read.
 */
public final class JobsBatchController {

    /** Submissions stored per transaction, and answered per flush. */
    static final int CHUNK = 1_000;

    private static final Logger log = LoggerFactory.getLogger(JobsBatchController.class);
    static final Set<String> NDJSON_TYPES = Set.of(NdjsonStream.CONTENT_TYPE, "application/jsonl",
            "application/x-jsonlines", "application/jsonlines", "application/json-lines");

    private final JobService jobs;
    private final BatchSettings limits;
    private final ObjectMapper json;
    private final SubmissionParser parser;
    private final ProducerGate gate;

    /**
     * @param jobs   where the jobs go
     * @param limits lines per request, bytes per line
     * @param json   parses lines and writes answers
     * @param gate   the caller's job budget: each line takes one job from it
     */
    public JobsBatchController(JobService jobs, BatchSettings limits, ObjectMapper json, ProducerGate gate) {
        this.gate = gate;
        this.jobs = jobs;
        this.limits = limits;
        this.json = json;
        this.parser = new SubmissionParser();
    }

    /** @param app registers the route */
    public void register(Javalin app) {
        app.post("/api/jobs/batch", this::submit);
    }

    /** One input line on its way: its submission, or why it has none (and, when over the job budget, when to send it again). */
    private record Pending(long line, JobSubmission submission, String error, String message, Long retryAfterSeconds) {
        Pending(long line, JobSubmission submission, String error, String message) {
            this(line, submission, error, message, null);
        }
    }

    /** What one request has taken from its caller's job budget so far. */
    private static final class Budget {
        boolean anyChunkAdmitted;
        boolean anyLineRefused;
    }

    private void submit(Context ctx) {
        String type = RequestBodies.mediaType(ctx);
        if (type != null && !NDJSON_TYPES.contains(type)) {
            throw ApiException.unsupportedMediaType("a batch is JSON lines, one submission per line, sent with Content-Type: "
                    + NdjsonStream.CONTENT_TYPE + "; got '" + type + "' (a single job goes to POST /api/jobs)");
        }
        NdjsonLines lines;
        try {
            lines = new NdjsonLines(ctx.req().getInputStream(), limits.maxLineBytes());
        } catch (IOException e) {
            throw ApiException.badRequest("the request body could not be read (the client went away?)");
        }
        NdjsonStream out = new NdjsonStream(ctx, json);
        List<Pending> pending = new ArrayList<>();
        ChunkPipeline inFlight = new ChunkPipeline();
        long submissions = 0;
        Budget budget = new Budget();
        try (JobBatch batch = jobs.openBatch()) {
            try {
                for (NdjsonLines.Line line; (line = lines.next()) != null; ) {
                    if (line instanceof NdjsonLines.Content content && content.blank()) continue;
                    if (++submissions > limits.maxLines()) {
                        inFlight.await();
                        tooMany(out, batch, admit(ctx, pending, budget), line.number());
                        return;
                    }
                    pending.add(read(line));
                    if (pending.size() == CHUNK) {
                        List<Pending> full = admit(ctx, pending, budget);
                        pending = new ArrayList<>();
                        inFlight.start(() -> store(batch, full, out), keyed(full));
                    }
                }
                inFlight.await();
                if (submissions == 0) {
                    throw ApiException.badRequest("the batch is empty; send one job submission per line, e.g. "
                            + "{\"type\": \"pdf-processing\", \"payload\": {\"file\": \"a.pdf\"}}");
                }
                store(batch, admit(ctx, pending, budget), out).run();
                out.finish();
            } finally {
                // why: the chunk in flight uses the batch and the response; both end only after it
                inFlight.awaitQuietly();
            }
        } catch (IOException | UncheckedIOException e) {
            // why: the client went away; what was stored is stored, its answer has no one to read it
            log.debug("POST /api/jobs/batch: the client went away after {} line(s) answered", out.lines(), e);
            if (out.started()) out.abort(e);
        } catch (RuntimeException e) {
            if (!out.started()) throw e; // nothing answered yet: the usual error response
            log.warn("POST /api/jobs/batch broke off after {} line(s) answered: {}", out.lines(), e.toString());
            out.abort(e);
        }
    }

    private void tooMany(NdjsonStream out, JobBatch batch, List<Pending> pending, long lineNumber) {
        String message = "a batch takes at most " + limits.maxLines() + " submissions (CAIRN_BATCH_MAX_LINES); line " + lineNumber
                + " and those after it were not read: send them in another request";
        if (!out.started()) {
            // why: nothing stored yet, so the whole request can still be refused cleanly
            throw new ApiException(413, ErrorCodes.BATCH_TOO_LARGE, message + " (nothing of this batch was stored)");
        }
        store(batch, pending, out).run();
        out.write(Map.of("line", lineNumber, "error", ErrorCodes.BATCH_TOO_LARGE, "message", message));
        out.finish();
    }

    /**
     * Takes the chunk's valid lines from the caller's job budget, on the request thread. Lines over the budget are
     * answered {@code rate_limited} with {@code retry_after_s}; when the budget grants nothing to the first chunk,
     * nothing is stored and the whole request is 429, which a client can simply send again later.
     */
    private List<Pending> admit(Context ctx, List<Pending> pending, Budget budget) {
        long valid = pending.stream().filter(p -> p.submission() != null).count();
        boolean first = !budget.anyChunkAdmitted;
        budget.anyChunkAdmitted = true;
        if (valid == 0) return pending;
        ProducerLimits.JobGrant grant = gate.takeJobs(ctx, valid);
        if (grant.granted() == valid) return pending;
        if (grant.granted() == 0 && first) throw gate.overBudget(ctx, grant);
        if (!budget.anyLineRefused) {
            budget.anyLineRefused = true;
            gate.countLimitedBatch(ctx);
        }
        long retryAfter = ProducerGate.retryAfterSeconds(grant);
        String why = gate.budgetMessage(ctx, grant) + "; send this line again in " + retryAfter + " s";
        List<Pending> admitted = new ArrayList<>(pending.size());
        long left = grant.granted();
        for (Pending p : pending) {
            if (p.submission() == null || left-- > 0) {
                admitted.add(p);
            } else {
                admitted.add(new Pending(p.line(), null, ErrorCodes.RATE_LIMITED, "line " + p.line() + ": " + why, retryAfter));
            }
        }
        return admitted;
    }

    private Pending read(NdjsonLines.Line line) {
        if (line instanceof NdjsonLines.TooLong) {
            return new Pending(line.number(), null, ErrorCodes.LINE_TOO_LONG, "line " + line.number() + " is longer than "
                    + limits.maxLineBytes() / 1024 + " KiB (CAIRN_BATCH_MAX_LINE_KB); upload files with POST /api/files"
                    + " and pass their name in the payload");
        }
        byte[] bytes = ((NdjsonLines.Content) line).bytes();
        try {
            JsonNode node = json.readTree(bytes);
            return new Pending(line.number(), parser.parse(node), null, null);
        } catch (JsonProcessingException e) {
            return new Pending(line.number(), null, ErrorCodes.INVALID_JSON, "line " + line.number() + " is not valid JSON: "
                    + RequestBodies.describe(e));
        } catch (IOException e) {
            return new Pending(line.number(), null, ErrorCodes.INVALID_JSON, "line " + line.number() + " could not be read as JSON");
        } catch (ApiException e) {
            return new Pending(line.number(), null, e.code(), "line " + line.number() + ": " + e.getMessage());
        }
    }

    /**
     * {@code {"line":n,"job_id":"…","created":b}}, as the mapper would write it, for a job id that needs no
     * escaping ({@link #plain}; every id the storage hands out is a UUID).
     */
    static byte[] acceptedLine(long line, JobBatch.Outcome outcome) {
        return ("{\"line\":" + line + ",\"job_id\":\"" + outcome.jobId() + "\",\"created\":" + outcome.created() + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** @return whether the id is printable ASCII without quotes or backslashes, so it goes into JSON as it is */
    static boolean plain(String id) {
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') return false;
        }
        return true;
    }

    private static boolean keyed(List<Pending> pending) {
        for (Pending p : pending) if (p.submission() != null && p.submission().idempotencyKey() != null) return true;
        return false;
    }

    /**
     * Stores the pending submissions as one chunk.
     *
     * @return answers every pending line, in order
     */
    private Runnable store(JobBatch batch, List<Pending> pending, NdjsonStream out) {
        if (pending.isEmpty()) return () -> { };
        List<JobSubmission> chunk = new ArrayList<>(pending.size());
        for (Pending p : pending) if (p.submission() != null) chunk.add(p.submission());
        List<JobBatch.Outcome> outcomes = chunk.isEmpty() ? List.of() : batch.submit(chunk);
        return () -> answer(pending, outcomes, out);
    }

    private static void answer(List<Pending> pending, List<JobBatch.Outcome> outcomes, NdjsonStream out) {
        int next = 0;
        for (Pending p : pending) {
            JobBatch.Outcome outcome = p.submission() == null ? null : outcomes.get(next++);
            if (outcome != null && outcome.accepted() && plain(outcome.jobId())) {
                out.writeLine(acceptedLine(p.line(), outcome));
                continue;
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("line", p.line());
            if (p.submission() == null) {
                answer.put("error", p.error());
                answer.put("message", p.message());
                if (p.retryAfterSeconds() != null) answer.put("retry_after_s", p.retryAfterSeconds());
            } else if (outcome.accepted()) {
                answer.put("job_id", outcome.jobId());
                answer.put("created", outcome.created());
            } else {
                CairnException error = outcome.error();
                answer.put("error", ErrorMapping.refusal(error).code());
                answer.put("message", "line " + p.line() + ": " + error.getMessage());
            }
            out.write(answer);
        }
        out.finish();
    }
}
