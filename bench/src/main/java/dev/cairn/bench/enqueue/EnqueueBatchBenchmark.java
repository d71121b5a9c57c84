package dev.cairn.bench.enqueue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.cairn.bench.fleet.BulkJobs;
import dev.cairn.bench.fleet.CairnFleet;
import dev.cairn.bench.fleet.CheckpointOnlyPipeline;
import dev.cairn.bench.fleet.FleetLab;
import dev.cairn.bench.fleet.WorkerJit;
import dev.cairn.bench.support.Report;
import dev.cairn.bench.support.Stats;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code enqueue_batch_jobs_per_s}: {@code POST /api/jobs/batch} of {@code batchJobs} NDJSON lines in one
 * streamed request to one Cairn worker process, against JobRunr's {@code JobRequestScheduler.create(Stream<JobBuilder>)}
 * of the same jobs in the bench's JVM on the same PostgreSQL. Each sample has a fresh schema (and, for Cairn, a
 * fresh worker, warmed up with a smaller batch and killed after the sample); Cairn and plain alternate, the order
 * swapping every sample. A worker answering 404 or 405 has no batch endpoint yet: the figure is then skipped.
 */
final class EnqueueBatchBenchmark {

    /** The worker has no {@code POST /api/jobs/batch}. */
    static final class NoBatchEndpoint extends Exception {
        NoBatchEndpoint(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Warm-up batches of the peer per sample, on its fresh schema, in the bench's warm JVM; also the fewest of Cairn's. */
    private static final int PEER_WARMUPS = 2;

    private final FleetLab lab;
    private final HikariDataSource peerPool;
    private final EnqueueBenchmarks.Settings settings;
    private final PrintStream log;
    private final List<Double> cairnSecs = new ArrayList<>();
    private final List<Double> plainSecs = new ArrayList<>();
    private final List<List<Double>> cairnWarmupSecs = new ArrayList<>();
    private final List<List<Double>> plainWarmupSecs = new ArrayList<>();
    private final List<Double> cairnJitShares = new ArrayList<>();

    EnqueueBatchBenchmark(FleetLab lab, HikariDataSource peerPool, EnqueueBenchmarks.Settings settings, PrintStream log) {
        this.lab = lab;
        this.peerPool = peerPool;
        this.settings = settings;
        this.log = log;
    }

    EnqueueBatchBenchmark run() throws Exception {
        for (int sample = 0; sample < settings.batchSamples(); sample++) {
            boolean cairnFirst = sample % 2 == 0;
            for (int side = 0; side < 2; side++) {
                if ((side == 0) == cairnFirst) cairnSample(sample);
                else plainSample();
            }
        }
        return this;
    }

    private void cairnSample(int sample) throws Exception {
        try (CairnFleet fleet = lab.benchWorkerFleet("enqueue-batch-" + sample, EnqueueBenchmarks.WORKER_ENV)) {
            try {
                fleet.start("w");
                int stored;
                URI batch = fleet.urls().getFirst().resolve("/api/jobs/batch");
                try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build()) {
                    List<Double> warmups = new ArrayList<>();
                    WorkerJit jit = new WorkerJit(fleet.urls().getFirst());
                    WorkerJit.Warmup warm = jit.warmUp(PEER_WARMUPS, settings.maxWarmupRounds(), round -> {
                        long w0 = System.nanoTime();
                        post(http, batch, round * settings.batchWarmup(), settings.batchWarmup());
                        warmups.add((System.nanoTime() - w0) / 1e9);
                    });
                    int warmupJobs = warm.rounds() * settings.batchWarmup();
                    cairnWarmupSecs.add(warmups);
                    cairnJitShares.add(warm.lastShare());
                    long t0 = System.nanoTime();
                    List<String> answer = post(http, batch, warmupJobs, settings.batchJobs());
                    double secs = (System.nanoTime() - t0) / 1e9;
                    stored = warmupJobs + settings.batchJobs();
                    check(answer, settings.batchJobs());
                    cairnSecs.add(secs);
                    print("cairn", secs, warmups);
                }
                EnqueueBenchmarks.requireStored(lab.database().dataSource(), fleet.tablePrefix(), stored);
            } catch (NoBatchEndpoint e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("the Cairn worker's batch failed: " + e.getMessage() + "\n" + fleet.logTails(), e);
            }
        }
    }

    /**
     * Streams {@code count} lines (jobs {@code first}…) in one request and reads the whole answer.
     *
     * @return the answer's lines, unparsed (parsing them is not the worker's time)
     */
    private static List<String> post(HttpClient http, URI batch, int first, int count) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(batch).timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new NdjsonLines(count, i -> EnqueueBenchmarks.jsonLine(first + i))))
                .build();
        HttpResponse<java.util.stream.Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        try (java.util.stream.Stream<String> lines = response.body()) {
            List<String> all = lines.toList();
            // why 405 too: without the route, POST /api/jobs/batch meets GET /api/jobs/{id} and is "method not allowed"
            if (response.statusCode() == 404 || response.statusCode() == 405) {
                throw new NoBatchEndpoint("the worker answered " + response.statusCode() + " to POST /api/jobs/batch (" + String.join(" ", all)
                        + "): this worker has no batch endpoint yet");
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("POST /api/jobs/batch answered " + response.statusCode() + ": "
                        + String.join("\n", all.subList(0, Math.min(5, all.size()))));
            }
            return all;
        }
    }

    /** Every input line answered in order ({@code "line"} 1…n) with a job id and {@code created: true}. */
    private static void check(List<String> answer, int count) throws Exception {
        if (answer.size() != count) throw new IllegalStateException(count + " lines sent, " + answer.size() + " answered");
        for (int i = 0; i < count; i++) {
            JsonNode line = JSON.readTree(answer.get(i));
            if (line.path("line").asInt() != i + 1 || line.has("error") || !line.path("created").asBoolean()
                    || line.path("job_id").asText("").isEmpty()) {
                throw new IllegalStateException("answer line " + (i + 1) + " is not a created job: " + answer.get(i));
            }
        }
    }

    private void plainSample() throws java.sql.SQLException {
        String prefix = lab.database().newTablePrefix();
        try (BulkJobs jobs = BulkJobs.open(lab.database(), prefix, peerPool)) {
            List<Double> warmups = new ArrayList<>();
            for (int w = 0; w < PEER_WARMUPS; w++) {
                int first = w * settings.batchWarmup();
                warmups.add(jobs.create(settings.batchWarmup(), i -> EnqueueBenchmarks.job(first + i)));
            }
            plainWarmupSecs.add(warmups);
            double secs = jobs.create(settings.batchJobs(), i -> EnqueueBenchmarks.job(peerWarmupJobs() + i));
            plainSecs.add(secs);
            print("plain", secs, warmups);
            EnqueueBenchmarks.requireStored(peerPool, prefix, peerWarmupJobs() + settings.batchJobs());
        } finally {
            lab.database().dropSchema(prefix);
        }
    }

    private int peerWarmupJobs() {
        return PEER_WARMUPS * settings.batchWarmup();
    }

    private void print(String side, double secs, List<Double> warmups) {
        log.printf(Locale.ROOT, "  %-5s batch of %d: %5.2f s, %7.1f jobs/s (warm-ups: %s s)%n", side, settings.batchJobs(), secs,
                settings.batchJobs() / secs, Report.round(warmups));
    }

    void report(Report report) {
        List<Double> cairn = cairnSecs.stream().map(s -> settings.batchJobs() / s).toList();
        List<Double> plain = plainSecs.stream().map(s -> settings.batchJobs() / s).toList();
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("measured", "POST /api/jobs/batch (application/x-ndjson) of " + settings.batchJobs() + " lines {\"type\": \""
                + CheckpointOnlyPipeline.TYPE + "\", \"payload\": {\"seq\": n}} as ONE request, its body streamed"
                + " (BodyPublishers.ofInputStream), to one Cairn worker process; timed from the send until the last answer line was read;"
                + " every line checked {\"line\": n, \"job_id\", \"created\": true} in order, and the rows counted in the jobs table");
        extra.put("peer", "JobRunr's JobRequestScheduler.create(Stream<JobBuilder>) of the same " + settings.batchJobs() + " jobs"
                + " (PipelineJobRequest, random ids; 5,000 per transaction) in the bench's JVM on the same PostgreSQL");
        extra.put("jobs", settings.batchJobs());
        extra.put("samples", cairn.size());
        extra.put("cairn_warmup_jit_share", Report.round(cairnJitShares));
        extra.put("warmup_batch", settings.batchWarmup());
        extra.put("cairn_warmups_s", cairnWarmupSecs.stream().map(Report::round).toList());
        extra.put("plain_warmups_s", plainWarmupSecs.stream().map(Report::round).toList());
        extra.put("cairn_samples_jobs_per_s", Report.round(cairn));
        extra.put("plain_samples_jobs_per_s", Report.round(plain));
        extra.put("cairn_samples_s", Report.round(cairnSecs));
        extra.put("plain_samples_s", Report.round(plainSecs));
        extra.put("worker", EnqueueBenchmarks.WORKER_NOTE);
        extra.put("statistic", "median of each side's samples; each sample a fresh schema after warm-up batches of " + settings.batchWarmup()
                + " on it (Cairn: a fresh worker, killed after the sample, warmed up until a batch's JIT compiler time was at most "
                + Math.round(100 * WorkerJit.QUIET_SHARE) + "% of the batch's, " + PEER_WARMUPS + " to " + settings.maxWarmupRounds()
                + " batches, cairn_warmups_s; the peer in the bench's warm JVM: " + PEER_WARMUPS + "); Cairn and plain alternate, the order"
                + " swapping every sample");
        report.add("enqueue_batch_jobs_per_s", Stats.median(cairn), "jobs/s", Stats.median(plain), ">= 0.8", extra);
    }
}
