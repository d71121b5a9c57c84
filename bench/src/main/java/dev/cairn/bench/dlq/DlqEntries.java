package dev.cairn.bench.dlq;

import dev.cairn.api.JobTypes;
import dev.cairn.dlq.DlqEntry;
import dev.cairn.dlq.ErrorSignature;
import dev.cairn.dlq.PayloadRedaction;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Dead-letter entries as a worker ships them, for the DLQ benchmarks: 5 job types, 20 failure kinds
 * whose messages differ from job to job (paths, ids, numbers) but share 20 {@link ErrorSignature}s, a
 * payload of a few fields and a stack trace of 2–4 KB. The kinds are drawn
 * Zipf-like (a few large groups, a long tail), as failures cluster in a real queue. The payload goes
 * through the worker's {@link PayloadRedaction} and the stack trace stays within the shipper's
 * {@link DlqEntry#MAX_STACK_TRACE_CHARS}, as in the entries a worker ships. Every entry has a
 * new job id and a later {@code last_failed_at} than the one before.
 */
final class DlqEntries {

    /** Distinct error signatures the entries carry. */
    static final int SIGNATURES = 20;
    static final String[] TYPES = {JobTypes.PDF_PROCESSING, JobTypes.CHAPTER_GENERATION, "invoice-ocr", "report-export", "webhook-delivery"};

    /** One way to fail: an exception class, a message made from a job's own values, the types it happens in. */
    private record Kind(String errorClass, String template, int[] types) {
    }

    // why templates with %s/%d: the variable parts are what ErrorSignature strips, so each kind yields
    // one signature however its messages differ (checked in DlqEntries.checkSignatures)
    private static final Kind[] KINDS = {
            new Kind("dev.cairn.provider.ProviderException", "provider openai: SERVER_ERROR (HTTP %d) after %d ms", new int[]{1, 2}),
            new Kind("dev.cairn.api.CairnException", "not a PDF: no %%PDF- header in the first %d bytes of /data/input/%s.pdf", new int[]{0, 2}),
            new Kind("java.net.SocketTimeoutException", "Read timed out after %d ms", new int[]{1, 4}),
            new Kind("dev.cairn.breaker.BreakerOpenException", "breaker of provider 'anthropic' is OPEN, %d s until a trial call", new int[]{1}),
            new Kind("dev.cairn.api.CairnException", "the PDF is truncated or corrupt: no %%EOF marker in the last %d bytes", new int[]{0, 2}),
            new Kind("dev.cairn.provider.ProviderException", "provider openai: RATE_LIMITED (HTTP %d), retry after %d s", new int[]{1}),
            new Kind("java.net.ConnectException", "Connection refused: hooks.example.com/10.0.%d.%d:443", new int[]{4}),
            new Kind("dev.cairn.api.CairnException", "the PDF is encrypted with a password: /data/input/%s.pdf (%d bytes)", new int[]{0, 2}),
            new Kind("dev.cairn.provider.UnusableReplyException", "the outline of provider ollama is not the asked-for JSON at line %d column %d", new int[]{1}),
            new Kind("java.nio.file.NoSuchFileException", "/data/input/uploads/%s/scan-%d.pdf", new int[]{0, 2, 3}),
            new Kind("dev.cairn.api.CairnException", "the PDF has %d pages, more than the limit of %d", new int[]{0}),
            new Kind("java.lang.IllegalStateException", "section %d of chapter %s has an empty summary", new int[]{1}),
            new Kind("dev.cairn.redis.RedisUnavailableException", "Redis unavailable while saving the checkpoint of job %s (%d ms)", new int[]{0, 1, 2, 3}),
            new Kind("java.io.IOException", "No space left on device while writing /data/output/%s/part-%d.csv", new int[]{3}),
            new Kind("org.apache.pdfbox.pdmodel.font.FontMappingException", "no glyph for U+%d in font #%d", new int[]{0, 2}),
            new Kind("java.util.concurrent.TimeoutException", "step extract-text of job %s did not finish within %d s", new int[]{0}),
            new Kind("com.fasterxml.jackson.core.JsonParseException", "Unexpected character ('<' (code %d)): expected a valid value at line %d", new int[]{4, 3}),
            new Kind("dev.cairn.provider.ProviderException", "provider mistral: UNAUTHORIZED (HTTP %d), key ending %s", new int[]{1}),
            new Kind("java.lang.OutOfMemoryError", "Java heap space (%d MiB requested for job %s)", new int[]{0, 3}),
            new Kind("javax.net.ssl.SSLHandshakeException", "PKIX path building failed for hooks.example.com:%d (%s)", new int[]{4}),
    };

    private static final String[] FRAMES = {
            "dev.cairn.pipeline.PipelineRunner.runStep(PipelineRunner.java:%d)",
            "dev.cairn.pipeline.PipelineRunner.run(PipelineRunner.java:%d)",
            "dev.cairn.runtime.internal.JobExecution.execute(JobExecution.java:%d)",
            "dev.cairn.runtime.internal.CairnJobHandler.run(CairnJobHandler.java:%d)",
            "org.jobrunr.server.BackgroundJobPerformer.runActualJob(BackgroundJobPerformer.java:%d)",
            "org.jobrunr.server.BackgroundJobPerformer.performJob(BackgroundJobPerformer.java:%d)",
            "org.jobrunr.server.BackgroundJobPerformer.run(BackgroundJobPerformer.java:%d)",
            "java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:%d)",
            "java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:%d)",
            "java.base/java.lang.Thread.run(Thread.java:%d)",
            "dev.cairn.pdf.internal.PdfDocuments.read(PdfDocuments.java:%d)",
            "dev.cairn.pdf.ExtractTextStep.run(ExtractTextStep.java:%d)",
            "dev.cairn.provider.ProviderChain.call(ProviderChain.java:%d)",
            "dev.cairn.provider.internal.OpenAiCompatibleProvider.complete(OpenAiCompatibleProvider.java:%d)",
            "java.net.http/jdk.internal.net.http.HttpClientImpl.send(HttpClientImpl.java:%d)",
            "dev.cairn.checkpoint.internal.RedisCheckpointSession.saveCursor(RedisCheckpointSession.java:%d)",
            "redis.clients.jedis.Connection.executeCommand(Connection.java:%d)",
            "org.apache.pdfbox.text.PDFTextStripper.getText(PDFTextStripper.java:%d)",
            "com.fasterxml.jackson.databind.ObjectMapper.readTree(ObjectMapper.java:%d)",
            "dev.cairn.chapter.SectionsStep.run(SectionsStep.java:%d)",
    };

    private final Random random;
    private final long idSalt;
    private final double[] cumulative = new double[KINDS.length];
    private final String[] signatures = new String[KINDS.length];
    private final Duration spacing;
    private Instant next;
    private long counter;

    /**
     * @param seed         makes the entries reproducible
     * @param firstFailure {@code last_failed_at} of the first entry
     * @param spacing      how much later each next entry failed (DlqEntry keeps whole milliseconds)
     */
    DlqEntries(long seed, Instant firstFailure, Duration spacing) {
        this.random = new Random(seed);
        this.idSalt = random.nextLong();
        this.next = firstFailure;
        this.spacing = spacing;
        double sum = 0;
        for (int k = 0; k < KINDS.length; k++) {
            sum += 1.0 / (k + 1);
            cumulative[k] = sum;
        }
        for (int k = 0; k < KINDS.length; k++) cumulative[k] /= sum;
        checkSignatures();
    }

    /** @return the next entry: a new job id, failed {@code spacing} after the previous one */
    DlqEntry next() {
        int k = kind();
        Kind kind = KINDS[k];
        String type = TYPES[kind.types()[random.nextInt(kind.types().length)]];
        String jobId = new UUID(idSalt, counter++).toString();
        String message = message(kind);
        Instant last = next;
        next = next.plus(spacing);
        int attempts = kind.errorClass().endsWith("CairnException") ? 1 : 1 + random.nextInt(10);
        return new DlqEntry(jobId, type, payload(type), kind.errorClass(), message, stackTrace(kind, message),
                signatures[k], attempts, last.minusSeconds(30L * attempts), last,
                random.nextBoolean() ? "inspect" : null, "http://127.0.0.1:8000/dashboard/jobs/" + jobId);
    }

    /** @return the next {@code n} entries */
    List<DlqEntry> next(int n) {
        List<DlqEntry> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(next());
        return out;
    }

    private int kind() {
        double u = random.nextDouble();
        for (int k = 0; k < cumulative.length; k++) if (u < cumulative[k]) return k;
        return cumulative.length - 1;
    }

    private String message(Kind kind) {
        Object[] args = new Object[2];
        String[] placeholders = kind.template().replace("%%", "").split("%", -1);
        for (int i = 1; i < placeholders.length && i <= 2; i++) {
            args[i - 1] = placeholders[i].startsWith("d") ? (Object) (100 + random.nextInt(60_000)) : randomToken();
        }
        return String.format(kind.template(), args);
    }

    private String randomToken() {
        return Long.toHexString(random.nextLong() | Long.MIN_VALUE).substring(0, 12) + "-" + random.nextInt(1000);
    }

    private Map<String, Object> payload(String type) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("file", "uploads/2026-11/" + new UUID(random.nextLong(), random.nextLong()) + ".pdf");
        payload.put("summarize", random.nextBoolean());
        payload.put("priority", random.nextInt(10));
        payload.put("callback_url", "https://hooks.example.com/cairn/" + type + "/" + random.nextInt(100_000));
        payload.put("api_key", "sk-live-" + randomToken());
        return PayloadRedaction.redact(payload);
    }

    /**
     * A Java stack trace from 2 KB up to the shipper's cap, the message on its first line and a "Caused
     * by" half way, as printStackTrace writes it.
     */
    private String stackTrace(Kind kind, String message) {
        // why the margin: the loop may overshoot the target by one frame and the "... more" line
        int target = 2_048 + random.nextInt(DlqEntry.MAX_STACK_TRACE_CHARS - 2_048 - 300);
        StringBuilder trace = new StringBuilder(target + 200).append(kind.errorClass()).append(": ").append(message).append('\n');
        boolean caused = false;
        while (trace.length() < target) {
            if (!caused && trace.length() > target / 2) {
                trace.append("Caused by: java.io.IOException: ").append(message).append('\n');
                caused = true;
            }
            trace.append("\tat ").append(String.format(FRAMES[random.nextInt(FRAMES.length)], 20 + random.nextInt(400))).append('\n');
        }
        trace.append("\t... ").append(5 + random.nextInt(20)).append(" more\n");
        if (trace.length() > DlqEntry.MAX_STACK_TRACE_CHARS) throw new IllegalStateException("a stack trace of " + trace.length() + " chars");
        return trace.toString();
    }

    /** Fails if two kinds normalise to one signature or one kind to several: the stats would then group wrongly. */
    private void checkSignatures() {
        for (int k = 0; k < KINDS.length; k++) {
            signatures[k] = ErrorSignature.of(KINDS[k].errorClass(), message(KINDS[k]));
            for (int again = 0; again < 5; again++) {
                String other = ErrorSignature.of(KINDS[k].errorClass(), message(KINDS[k]));
                if (!other.equals(signatures[k])) throw new IllegalStateException("kind " + k + " has several signatures: " + signatures[k] + " / " + other);
            }
            for (int j = 0; j < k; j++) {
                if (signatures[j].equals(signatures[k])) throw new IllegalStateException("kinds " + j + " and " + k + " share the signature " + signatures[k]);
            }
        }
    }
}
