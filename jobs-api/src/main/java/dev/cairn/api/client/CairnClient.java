package dev.cairn.api.client;

import dev.cairn.api.JobSubmission;
import dev.cairn.api.JobView;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A small client of a Cairn worker's HTTP API, for producers in any JVM and for the {@code cairn} CLI.
 * Every method throws {@link CairnClientException} with a one-line reason when the worker is
 * unreachable or refuses the request.
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

    /**
     * @param baseUrl  the worker, e.g. {@code http://127.0.0.1:8080}
     * @param apiToken the worker's {@code CAIRN_API_TOKEN}, or {@code null} when it has none
     * @return a client; thread-safe
     */
    static CairnClient create(URI baseUrl, String apiToken) {
        return new HttpCairnClient(baseUrl, apiToken, DEFAULT_TIMEOUT);
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
}
