package dev.cairn.ops;

import dev.cairn.api.JobSubmission;
import dev.cairn.api.JobView;
import dev.cairn.config.CairnConfig;
import dev.cairn.metrics.MetricNames;
import dev.cairn.provider.FakeProviderServer;
import dev.cairn.runtime.Worker;
import dev.cairn.testing.TestEnv;
import dev.cairn.testing.TestPdfs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Keeps the operator's side honest: a worker runs real jobs (a summarised PDF, a chapter, a PDF that lands
 * in the DLQ) with a failing provider in front of {@code offline}, so breakers, failover, rate limits and
 * the DLQ all move; then every metric that a Grafana panel or an alert rule in {@code dashboard-config/}
 * queries must be in its {@code /metrics}, and every Cairn metric must be in {@code docs/metrics.md}.
 */
class DashboardMetricsTest {

    /** Made by Prometheus itself for every target, never by the worker. */
    private static final Set<String> MADE_BY_PROMETHEUS = Set.of("up");
    private static final Pattern SERIES_NAME = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE);
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    @TempDir
    static Path tmp;
    private static FakeProviderServer flaky;
    private static Worker worker;
    private static String scrape;
    private static Path root;

    @BeforeAll
    static void runJobsAndScrape() throws Exception {
        root = ProjectRoot.find();
        flaky = FakeProviderServer.start().respondWith(FakeProviderServer.Behaviour.status(500));
        Map<String, String> env = TestEnv.worker(tmp.resolve("data"));
        env.put("CAIRN_PROVIDERS", "flaky,offline");
        flaky.configure(env, "flaky");
        env.put("CAIRN_PROVIDER_FLAKY_RATE_LIMIT", "600/min");
        env.put("CAIRN_CIRCUIT_BREAKER_FAILURE_THRESHOLD", "2");
        // why: the breaker stays open until the scrape, so the state gauge shows it
        env.put("CAIRN_CIRCUIT_BREAKER_RECOVERY_TIMEOUT", "600s");
        worker = Worker.start(CairnConfig.fromEnv(env));

        Path input = tmp.resolve("data/input");
        String pdf = worker.jobs().submit(JobSubmission.pdf(TestPdfs.withOutline(input.resolve("guide.pdf"), 3, 2).getFileName().toString(), true)).jobId();
        String chapter = worker.jobs().submit(JobSubmission.chapter("Tides", 2, null)).jobId();
        String broken = worker.jobs().submit(JobSubmission.pdf(TestPdfs.notAPdf(input.resolve("notes.pdf")).getFileName().toString(), false)).jobId();

        // why: submitted together, they share JobRunr's 5 s poll ticks
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                state(pdf).equals("SUCCEEDED") && state(chapter).equals("SUCCEEDED") && worker.dlq().find(broken).isPresent());
        // why: http_server_requests_seconds appears with the first request the API answers, and /metrics alone would
        // show only itself; a job read through the API and an unknown path give it a templated and a bounded uri
        assertThat(get("/api/jobs/" + pdf).statusCode()).isEqualTo(200);
        assertThat(get("/api/jobs/" + pdf + "/no-such-thing").statusCode()).isEqualTo(404);
        // why: JvmGcMetrics registers jvm_gc_pause_seconds at the first collection, which a worker that has run
        // for more than a few seconds has had; this young test JVM may not have had one yet
        System.gc();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> fetchMetrics().contains("jvm_gc_pause_seconds_count"));
        scrape = fetchMetrics();
        // why: when a query is reported missing, the scrape it was checked against is at hand
        if (Files.isDirectory(Path.of("target"))) Files.writeString(Path.of("target", "dashboard-metrics-scrape.txt"), scrape);
    }

    private static String fetchMetrics() throws Exception {
        return get("/metrics").body();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + worker.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String state(String id) {
        return worker.jobs().find(id).map(JobView::state).orElse("");
    }

    @AfterAll
    static void stop() {
        if (worker != null) worker.close();
        if (flaky != null) flaky.close();
    }

    @Test
    void shouldExportEveryMetricTheGrafanaDashboardQueries() throws Exception {
        List<Query> queries = DashboardQueries.read(root.resolve("dashboard-config/grafana/dashboards/cairn.json"));

        assertThat(queries).as("the dashboard has panels").hasSizeGreaterThan(20);
        assertThat(missing(queries)).as("metrics queried by the dashboard but not in the worker's /metrics").isEmpty();
    }

    @Test
    void shouldExportEveryMetricTheAlertRulesQuery() throws Exception {
        List<Query> queries = AlertExpressions.read(root.resolve("dashboard-config/prometheus/alerts.yml"));

        assertThat(queries).extracting(Query::source).contains("alert CairnCircuitBreakerOpen", "alert CairnDlqWarning",
                "alert CairnDlqCritical", "alert CairnDlqArrivals", "alert CairnJobFailureRatio", "alert CairnCheckpointWriteErrors",
                "alert CairnRedisDegraded", "alert CairnWorkerDown", "alert CairnQueueWaitHigh");
        assertThat(missing(queries)).as("metrics queried by the alert rules but not in the worker's /metrics").isEmpty();
    }

    @Test
    void shouldDocumentEveryCairnMetric() throws Exception {
        String docs = Files.readString(root.resolve("docs/metrics.md"));
        List<String> undocumented = new ArrayList<>();
        for (String name : exportedCairnNames()) {
            if (!Pattern.compile("\\b" + name + "\\b").matcher(docs).find()) undocumented.add(name);
        }
        assertThat(undocumented).as("Cairn metrics missing from docs/metrics.md").isEmpty();
    }

    @Test
    void shouldStartCountersAtZeroAndKeepLabelValuesBounded() {
        assertThat(scrape).contains(
                "cairn_checkpoint_writes_total{outcome=\"error\"} 0",
                "cairn_jobs_completed_total{outcome=\"fenced\",type=\"chapter-generation\"} 0",
                "cairn_dlq_added_total{type=\"chapter-generation\"} 0",
                "cairn_circuit_breaker_transitions_total{from=\"half_open\",provider=\"offline\",to=\"open\"} 0",
                "cairn_rate_limit_total{key=\"flaky\",outcome=\"rescheduled\"} 0",
                "cairn_circuit_breaker_state{provider=\"flaky\",state=\"open\"} 1",
                "cairn_redis_up 1", "cairn_job_storage_up 1",
                "cairn_jobs_enqueued_total{type=\"chapter-generation\"} 1",
                "cairn_provider_tokens_total{kind=\"prompt\",provider=\"flaky\"} 0",
                "http_server_requests_seconds_count{method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/api/jobs/{id}\"} 1",
                "http_server_requests_seconds_count{method=\"GET\",outcome=\"CLIENT_ERROR\",status=\"404\",uri=\"NOT_FOUND\"} 1");
        // why: one wait per attempt, and a job may take more than one here (the flaky provider's rate limit can reschedule it)
        assertThat(scrape).containsPattern("cairn_job_queue_wait_seconds_count\\{type=\"chapter-generation\"} [1-9]");
        List<String> withIds = scrape.lines().filter(l -> (l.startsWith("cairn_") || l.startsWith("http_")) && UUID.matcher(l).find()).toList();
        assertThat(withIds).as("series whose labels carry a job id").isEmpty();
    }

    /** @return each Cairn metric of {@link MetricNames} as the scrape names it, e.g. {@code cairn_jobs_started_total} */
    private static Set<String> exportedCairnNames() throws IllegalAccessException {
        Set<String> exported = seriesNames();
        Set<String> names = new TreeSet<>();
        for (Field field : MetricNames.class.getFields()) {
            if (!Modifier.isStatic(field.getModifiers()) || field.getName().startsWith("TAG_")) continue;
            String base = ((String) field.get(null)).replace('.', '_');
            String name = List.of(base + "_total", base + "_seconds_count", base).stream().filter(exported::contains).findFirst()
                    .orElseThrow(() -> new AssertionError(field.getName() + " (" + base + ") is not in the scrape"));
            names.add(name.replace("_seconds_count", "_seconds"));
        }
        return names;
    }

    /** @return per query source, the referenced metrics the scrape lacks */
    private static Map<String, Set<String>> missing(List<Query> queries) {
        Set<String> exported = seriesNames();
        Map<String, Set<String>> missing = new TreeMap<>();
        for (Query query : queries) {
            for (String name : PromQlMetricNames.of(query.expr())) {
                if (!exported.contains(name) && !MADE_BY_PROMETHEUS.contains(name)) {
                    missing.computeIfAbsent(query.source(), k -> new TreeSet<>()).add(name);
                }
            }
        }
        return missing;
    }

    private static Set<String> seriesNames() {
        Set<String> names = new TreeSet<>();
        Matcher m = SERIES_NAME.matcher(scrape);
        while (m.find()) names.add(m.group(1));
        return names;
    }
}
