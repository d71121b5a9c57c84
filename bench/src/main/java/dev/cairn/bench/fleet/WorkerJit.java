package dev.cairn.bench.fleet;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * How busy a Cairn worker's JIT compiler is, read from its {@code jvm_compilation_time_ms_total} on
 * {@code GET /metrics}. A fresh worker's compiler takes a large share of its CPU for its first tens of seconds of
 * work on 2 cores (1.2 s of compiler CPU during a 1.3 s batch after one warm-up batch), while a peer that runs in
 * the bench's own JVM has long been compiled: an enqueue figure warms a worker up until its compiler is quiet.
 */
public final class WorkerJit {

    /** A warm-up round after which the compiler's time was at most this share of the round's: the worker is warm. */
    public static final double QUIET_SHARE = 0.10;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI metrics;

    /** @param worker the worker's base URL */
    public WorkerJit(URI worker) {
        this.metrics = worker.resolve("/metrics");
    }

    /** @return the compiler's time so far, ms summed over its threads */
    public double compileMillis() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) throw new IOException("GET /metrics answered " + response.statusCode());
        double total = 0;
        boolean found = false;
        for (String line : response.body().split("\n")) {
            if (!line.startsWith("jvm_compilation_time_ms_total")) continue;
            total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            found = true;
        }
        if (!found) throw new IOException("the worker's /metrics has no jvm_compilation_time_ms_total");
        return total;
    }

    /** One warm-up round. */
    @FunctionalInterface
    public interface Round {
        /** @param round 0, 1, … */
        void run(int round) throws Exception;
    }

    /**
     * What a warm-up did.
     *
     * @param rounds    rounds run
     * @param lastShare the compiler's time in the last round over the round's time
     */
    public record Warmup(int rounds, double lastShare) {
    }

    /**
     * Runs warm-up rounds until one leaves the compiler quiet ({@link #QUIET_SHARE}), at least {@code min} and at
     * most {@code max} of them.
     */
    public Warmup warmUp(int min, int max, Round round) throws Exception {
        double share = Double.NaN;
        int rounds = 0;
        double before = compileMillis();
        while (rounds < max) {
            long t0 = System.nanoTime();
            round.run(rounds++);
            double wallMillis = (System.nanoTime() - t0) / 1e6;
            // why: one scrape ends a round and starts the next
            double after = compileMillis();
            share = (after - before) / wallMillis;
            before = after;
            if (rounds >= min && share <= QUIET_SHARE) break;
        }
        return new Warmup(rounds, share);
    }
}
