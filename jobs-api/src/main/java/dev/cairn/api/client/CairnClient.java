package dev.cairn.api.client;

import dev.cairn.api.JobSubmission;
import dev.cairn.api.JobView;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A small client of a Cairn worker's HTTP API, for producers in any JVM and for the {@code cairn} CLI.
 * Every method throws {@link CairnClientException} with a one-line reason when the worker is
 * unreachable or refuses the request. A refusal for a rate limit ({@code 429}) is waited out first: the
 * client waits the worker's {@code Retry-After} and sends the request again, for at most
 * {@link #DEFAULT_MAX_RATE_LIMIT_WAIT} a call unless {@link CairnClientBuilder#maxRateLimitWait} says otherwise.
 *
 * <pre>{@code
 * CairnClient cairn = CairnClient.create(URI.create("http://127.0.0.1:8080"), System.getenv("CAIRN_API_TOKEN"));
 * String file = cairn.uploadFile(Path.of("report.pdf"));
 * String jobId = cairn.enqueue(JobSubmission.pdf(file, false));
 * JobView job = cairn.job(jobId);
 * }</pre>
 */
public interface CairnClient {

    /** Default worker address, as {@code CAIRN_URL} defaults. */
    URI DEFAULT_URL = URI.create("http://127.0.0.1:8080");

    /** How long a request may take before it fails. */
    Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** How long one call waits in all for the worker's rate limits ({@code 429}) before it gives up. */
    Duration DEFAULT_MAX_RATE_LIMIT_WAIT = Duration.ofSeconds(60);

    /**
     * A client with the defaults; {@link #builder(URI)} sets more.
     *
     * @param baseUrl  the worker, e.g. {@code http://127.0.0.1:8080}
     * @param apiToken the worker's {@code CAIRN_API_TOKEN} or an API key, or {@code null} when it has none
     * @return a client; thread-safe
     */
    static CairnClient create(URI baseUrl, String apiToken) {
        return builder(baseUrl).apiToken(apiToken).build();
    }

    /**
     * @param baseUrl the worker, e.g. {@code http://127.0.0.1:8080}
     * @return a builder of a client of that worker, with the defaults until set otherwise
     */
    static CairnClientBuilder builder(URI baseUrl) {
        return new CairnClientBuilder(baseUrl);
    }

    /**
     * Uploads a PDF into the worker's input dir ({@code POST /api/files}).
     *
     * @param pdf a local PDF file
     * @return the name to put in a {@code pdf-processing} payload's {@code file}
     */
    String uploadFile(Path pdf);

    /**
     * Enqueues a job ({@code POST /api/jobs}).
     *
     * @param submission the job
     * @return the job's id
     */
    String enqueue(JobSubmission submission);

    /**
     * Reads a job ({@code GET /api/jobs/{id}}).
     *
     * @param jobId the job's id
     * @return the job with its checkpoint
     */
    JobView job(String jobId);

    /**
     * Reads a job as the worker's JSON text, unchanged.
     *
     * @param jobId the job's id
     * @return the JSON document
     */
    String jobJson(String jobId);

    /**
     * Lists the providers' circuit breakers ({@code GET /api/circuit-breakers}).
     *
     * @return the worker's JSON, {@code {"circuit_breakers": [{"name", "state", ...}]}}
     */
    String breakersJson();

    /**
     * Closes a provider's breaker for every worker ({@code POST /api/circuit-breakers/{name}/reset}).
     *
     * @param name the provider
     * @return the breaker after the reset, as JSON
     */
    String resetBreaker(String name);

    /**
     * Opens a provider's breaker for every worker ({@code POST /api/circuit-breakers/{name}/force-open}).
     *
     * @param name the provider
     * @return the breaker after the change, as JSON
     */
    String forceOpenBreaker(String name);

    /**
     * Lists jobs, most recently changed first, in brief ({@code GET /api/jobs}); needs the operators' token when the
     * worker has one.
     *
     * @param filters query parameters by the API's names: {@code state} (ENQUEUED, PROCESSING, FAILED…), {@code type},
     *                {@code since} (an ISO-8601 instant, a date, or an age like {@code 24h}), {@code limit}, {@code cursor};
     *                null or blank values are left out
     * @return the worker's JSON, {@code {"jobs": [{"job_id", "type", "state", "created_at", "updated_at", "attempts",
     *         "file"}...], "next_cursor": "..."|null}}
     */
    String jobsList(Map<String, String> filters);

    /**
     * Lists dead-letter queue entries, newest first ({@code GET /api/dlq}).
     *
     * @param filters query parameters by the API's names: {@code type}, {@code error_class}, {@code signature},
     *                {@code since} (an ISO-8601 instant, a date, or an age like {@code 24h}), {@code q}, {@code limit},
     *                {@code cursor}; null or blank values are left out
     * @return the worker's JSON, {@code {"entries": [...], "total": n|null, "next_cursor": "..."|null}}; total is
     *         null for filters the worker cannot count without reading the whole queue (error class, text, or
     *         two filters together)
     */
    String dlqList(Map<String, String> filters);

    /**
     * Reads one dead-letter queue entry ({@code GET /api/dlq/{job_id}}).
     *
     * @param jobId the job's id
     * @return the entry as the worker's JSON
     * @throws CairnClientException with status 404 when the job is not in the dead-letter queue
     */
    String dlqEntry(String jobId);

    /**
     * Re-enqueues a dead-lettered job under the same id, so it resumes from its checkpoint
     * ({@code POST /api/dlq/{job_id}/retry}).
     *
     * @param jobId the job's id
     * @return the worker's JSON, {@code {"job_id", "resumed", "resumes_from_step", "message"}}
     * @throws CairnClientException with status 404 when the job is not in the dead-letter queue
     */
    String dlqRetry(String jobId);

    /**
     * Re-enqueues every dead-lettered job of a type and/or error signature, throttled
     * ({@code POST /api/dlq/retry}); the worker does it in the background.
     *
     * @param type      only jobs of this type; {@code null} or blank for any (but not both)
     * @param signature only jobs with this error signature; {@code null} or blank for any (but not both)
     * @param rate      re-enqueues per second; {@code null} for the worker's default (5)
     * @return the worker's JSON, {@code {"matched", "rate", "job_ids"}}
     */
    String dlqRetryMatching(String type, String signature, Double rate);

    /**
     * Removes a job from the dead-letter queue without retrying it ({@code DELETE /api/dlq/{job_id}}).
     *
     * @param jobId the job's id
     * @return the worker's JSON, {@code {"job_id", "removed": true}}
     * @throws CairnClientException with status 404 when the job is not in the dead-letter queue
     */
    String dlqRemove(String jobId);

    /**
     * Reads the dead-letter queue's statistics and health ({@code GET /health/dlq}).
     *
     * @return the worker's JSON, {@code {"status", "timestamp", "statistics", "health_indicators", "recommendations"}}
     */
    String dlqStats();

    /**
     * Removes the entries older than the worker's retention now ({@code POST /api/dlq/cleanup}).
     *
     * @return the worker's JSON, {@code {"removed": n}}
     */
    String dlqCleanup();

    /**
     * Streams every matching dead-letter queue entry, newest first, one JSON document per line
     * ({@code GET /api/dlq/export}); lines are handed over as they arrive, never all held in memory.
     *
     * @param filters query parameters as for {@link #dlqList} without {@code limit} and {@code cursor}
     * @param lines   receives each line (one entry's JSON, without the line break)
     * @return how many lines were received
     * @throws CairnClientException also when the transfer breaks off: the lines received so far are incomplete
     */
    long dlqExport(Map<String, String> filters, Consumer<String> lines);

    /** Most lines the client sends in one {@code POST /api/jobs/batch}; a longer input goes as several requests. */
    int BATCH_REQUEST_LINES = 10_000;

    /**
     * Enqueues many jobs through {@code POST /api/jobs/batch}: the submissions are encoded as they are
     * sent and the answers handed over as they arrive, so any number of them is never all in memory.
     * An input longer than {@link #BATCH_REQUEST_LINES} goes as several requests. A refused line does not
     * stop the others; every submission gets exactly one result, in input order.
     *
     * <p>Rate limits: a request the worker refuses whole ({@code 429}, its job budget was empty before it stored
     * anything) goes again after its {@code Retry-After}, within the call's bound, from the lines the client kept
     * for it, so the submissions are still read once and no earlier request is sent twice. Lines past the budget
     * of a request the worker did take are answered {@link BatchLineResult#rateLimited() rate_limited}, nothing
     * stored for them, with {@link BatchLineResult#retryAfter()}: they are results like other refused lines, and
     * sending those submissions again later is up to the caller.
     *
     * @param submissions the jobs, read once
     * @param results     receives one result per submission, numbered from 1 in input order
     * @return the counts
     * @throws CairnClientException when the worker is unreachable or refuses a whole request; the results
     *                              handed over before that stand
     */
    BatchSummary submitAll(Iterable<JobSubmission> submissions, Consumer<BatchLineResult> results);

    /**
     * {@link #submitAll(Iterable, Consumer)} of a stream.
     *
     * @param submissions the jobs
     * @param results     receives one result per submission
     * @return the counts
     */
    default BatchSummary submitAll(java.util.stream.Stream<JobSubmission> submissions, Consumer<BatchLineResult> results) {
        return submitAll(submissions::iterator, results);
    }

    /**
     * {@link #submitAll(Iterable, Consumer)}, the results collected.
     *
     * @param submissions the jobs
     * @return one result per submission, in input order
     */
    default java.util.List<BatchLineResult> submitAll(Iterable<JobSubmission> submissions) {
        java.util.List<BatchLineResult> all = new java.util.ArrayList<>();
        submitAll(submissions, all::add);
        return all;
    }

    /**
     * Sends JSON lines as they are, one submission per line ({@code {"type", "payload", "idempotency_key"?}}),
     * for inputs prepared elsewhere (the {@code cairn enqueue batch} command); the worker checks each line.
     * Blank lines are skipped without an answer.
     *
     * @param lines   the input, read to its end
     * @param results receives one result per non-blank line, numbered by the line's place in the input
     * @return the counts
     */
    BatchSummary submitNdjson(java.io.BufferedReader lines, Consumer<BatchLineResult> results);
}
