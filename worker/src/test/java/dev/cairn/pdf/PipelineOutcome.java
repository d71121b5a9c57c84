package dev.cairn.pdf;

import dev.cairn.api.CairnException;
import dev.cairn.api.pipeline.JobPayload;
import dev.cairn.testing.FakeStepContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How one document fared through every step of the {@code pdf-processing} pipeline, run in-process as
 * the engine runs a job, on a thread of its own with a time limit: a job that does not end within it
 * counts as hung (its thread is interrupted and abandoned, it is a daemon).
 *
 * @param kind  what happened
 * @param error what the pipeline threw, {@code null} when it succeeded or hung
 * @param took  how long it ran
 */
record PipelineOutcome(Kind kind, Throwable error, Duration took) {

    /** The possible ends of a job. */
    enum Kind {
        /** Every step completed: {@code document.json} was written. */
        SUCCEEDED,
        /** A permanent {@link CairnException} with a reason: the job fails at once, as it should on bad input. */
        FAILED_PERMANENTLY,
        /** Anything else escaped: a retryable error, an unchecked PDFBox exception, an {@link Error} such as OOM. */
        CRASHED,
        /** Still running at the time limit. */
        HUNG
    }

    /**
     * @param pipeline the pipeline, with its input dir
     * @param file     the document, relative to the input dir
     * @param jobDir   where the job's output and scratch go (fresh per run)
     * @param limit    how long the job may take
     * @return how it ended
     */
    static PipelineOutcome run(PdfProcessingPipeline pipeline, String file, Path jobDir, Duration limit) {
        FakeStepContext context = new FakeStepContext(JobPayload.of(Map.of("file", file)), jobDir);
        FutureTask<Void> job = new FutureTask<>(() -> {
            context.runAll(pipeline);
            return null;
        });
        Thread thread = new Thread(job, "pdf-job " + file);
        thread.setDaemon(true);
        long start = System.nanoTime();
        thread.start();
        try {
            job.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            boolean written = Files.isRegularFile(context.outputDir().resolve("document.json"));
            return written ? new PipelineOutcome(Kind.SUCCEEDED, null, took)
                    : new PipelineOutcome(Kind.CRASHED, new AssertionError("no document.json after every step"), took);
        } catch (TimeoutException e) {
            job.cancel(true);
            return new PipelineOutcome(Kind.HUNG, null, Duration.ofNanos(System.nanoTime() - start));
        } catch (ExecutionException e) {
            Throwable error = e.getCause();
            boolean permanent = error instanceof CairnException && CairnException.isPermanent(error)
                    && error.getMessage() != null && !error.getMessage().isBlank();
            return new PipelineOutcome(permanent ? Kind.FAILED_PERMANENTLY : Kind.CRASHED, error,
                    Duration.ofNanos(System.nanoTime() - start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the job", e);
        }
    }

    /** @return whether the job ended the only two ways bad input may end it: success, or a permanent failure with a reason */
    boolean acceptable() {
        return kind == Kind.SUCCEEDED || kind == Kind.FAILED_PERMANENTLY;
    }

    /** @return the error's message, {@code null} without one */
    String message() {
        return error == null ? null : error.getMessage();
    }

    @Override
    public String toString() {
        String what = kind + " after " + took.toMillis() + " ms";
        if (error == null) return what;
        if (kind == Kind.FAILED_PERMANENTLY) return what + ": " + error.getMessage();
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        return what + ": " + trace;
    }
}
