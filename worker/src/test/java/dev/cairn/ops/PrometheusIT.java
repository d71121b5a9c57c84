package dev.cairn.ops;

import dev.cairn.api.JobSubmission;
import dev.cairn.api.client.CairnClient;
import dev.cairn.provider.FakeProviderServer;
import dev.cairn.testing.PrometheusServer;
import dev.cairn.testing.TestEnv;
import dev.cairn.testing.TestPdfs;
import dev.cairn.testing.WorkerProcess;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The monitoring config against a real Prometheus: a worker process runs jobs (a summarised PDF and chapters on a
 * provider that answers 500 in front of {@code offline}, and PDFs that are not PDFs, which land in the DLQ); a
 * Prometheus scrapes it every second as job {@code cairn-worker} and evaluates the project's alert rules with their
 * {@code for:} cut to 0 s. Every panel query of the Grafana dashboard and every alert expression must evaluate
 * without error and find series, and the alerts the run provokes (the failing provider's breaker, the DLQ past its
 * warning threshold) must fire while the others stay quiet. Skipped, loudly, on a machine without Prometheus
 * ({@link PrometheusServer#binary()}).
 */
class PrometheusIT {

    /** The threshold of CairnDlqWarning in alerts.yml ({@code >= 10 < 50}): this many jobs land in the DLQ. */
    private static final int DLQ_WARNING = 10;
    /** What the dashboard's Grafana variables stand for here: every worker, and a window the whole run fits in. */
    private static final Map<String, String> GRAFANA_VARIABLES = Map.of(
            "$__rate_interval", "1m", "$__interval", "1m", "$__range", "1h", "${instance}", ".*", "$instance", ".*");
    /**
     * Panel queries that may find no series in this run, by panel title, each with why. Keep it as small as possible:
     * every entry is a panel nobody has seen draw a line.
     */
    private static final Map<String, String> PANELS_WITHOUT_DATA = Map.of();
    /** Alerts this run drives true; with {@code for: 0s} each must fire. */
    private static final Set<String> PROVOKED = Set.of(
            "CairnCircuitBreakerOpen", // the flaky provider's breaker opens and stays open (recovery timeout 600 s)
            "CairnDlqWarning",         // DLQ_WARNING jobs land in the DLQ
            "CairnDlqArrivals",        // … in the last 10 minutes
            "CairnJobFailureRatio");   // DLQ_WARNING failed attempts out of DLQ_WARNING + 3
    /** Alerts a healthy worker must not raise, each with why this run keeps it quiet; their expressions find no series. */
    private static final Map<String, String> QUIET = Map.of(
            "CairnWorkerDown", "the worker answers every scrape",
            "CairnNoWorkers", "one worker is up",
            "CairnRedisDegraded", "Redis answers",
            "CairnJobStorageDown", "PostgreSQL answers",
            "CairnDlqCritical", "10 entries, below the critical threshold of 50",
            "CairnCheckpointWriteErrors", "every checkpoint write succeeds",
            "CairnQueueWaitHigh", "jobs wait a poll interval (5 s), far below 300 s",
            "CairnProducersRateLimited", "WorkerProcess runs with anonymous rate limits off: nothing is refused");
    private static final Pattern FOR = Pattern.compile("(?m)^(\\s*)for:\\s*\\S+\\s*$");

    @TempDir
    static Path tmp;
    private static Path root;
    private static FakeProviderServer flaky;
    private static WorkerProcess worker;
    private static PrometheusServer prometheus;
    private static List<Query> alertExpressions;

    @BeforeAll
    static void runJobsUnderPrometheus() throws Exception {
        Optional<Path> binary = PrometheusServer.binary();
        if (binary.isEmpty()) {
            System.err.println("WARNING: PrometheusIT is SKIPPED, the dashboard's queries and the alert rules are not run on a real Prometheus: "
                    + PrometheusServer.HOW_TO_GET);
            return; // why: each test then reports itself skipped (requirePrometheus), where an assumption here would count none
        }
        root = ProjectRoot.find();
        Path original = root.resolve("dashboard-config/prometheus/alerts.yml");
        Path rules = tmp.resolve("alerts-for-0s.yml");
        Files.writeString(rules, FOR.matcher(Files.readString(original)).replaceAll("$1for: 0s"));
        alertExpressions = AlertExpressions.read(original);
        assertThat(AlertExpressions.read(rules)).as("the copy keeps every expression of alerts.yml").isEqualTo(alertExpressions);

        flaky = FakeProviderServer.start().respondWith(FakeProviderServer.Behaviour.status(500));
        Map<String, String> env = TestEnv.worker(tmp.resolve("data"));
        env.put("CAIRN_PROVIDERS", "flaky,offline");
        flaky.configure(env, "flaky");
        env.put("CAIRN_PROVIDER_FLAKY_RATE_LIMIT", "600/min");
        env.put("CAIRN_CIRCUIT_BREAKER_FAILURE_THRESHOLD", "2");
        // why: the breaker stays open for the whole run, so its alert fires and stays firing
        env.put("CAIRN_CIRCUIT_BREAKER_RECOVERY_TIMEOUT", "600s");
        worker = WorkerProcess.start(env, tmp.resolve("worker.log"));
        prometheus = PrometheusServer.start(binary.get(), tmp.resolve("prometheus"), worker.url().getAuthority(), rules);
        // why: increase() and rate() see a counter's first step only from a sample taken before it; a Prometheus that
        // first scraped after the jobs had run would miss every arrival, as it would a worker's first minutes in production
        within(Duration.ofSeconds(30), "Prometheus' first scrape of the worker",
                () -> !prometheus.query("cairn_dlq_added_total{job=\"cairn-worker\"} == 0").isEmpty());

        Path input = tmp.resolve("data/input");
        CairnClient client = worker.client();
        List<String> succeeding = new ArrayList<>();
        succeeding.add(client.enqueue(JobSubmission.pdf(TestPdfs.withOutline(input.resolve("guide.pdf"), 3, 2).getFileName().toString(), true)));
        succeeding.add(client.enqueue(JobSubmission.chapter("Tides", 2, null)));
        succeeding.add(client.enqueue(JobSubmission.chapter("Currents", 2, null)));
        List<String> failing = new ArrayList<>();
        for (int i = 0; i < DLQ_WARNING; i++) {
            failing.add(client.enqueue(JobSubmission.pdf(TestPdfs.notAPdf(input.resolve("notes-" + i + ".pdf")).getFileName().toString(), false)));
        }
        for (String id : succeeding) worker.awaitSucceeded(id, Duration.ofSeconds(60));
        within(Duration.ofSeconds(60), "the bad PDFs to fail", () -> failing.stream().allMatch(id -> client.job(id).state().equals("FAILED")));
    }

    @BeforeEach
    void requirePrometheus() {
        assumeTrue(prometheus != null, "SKIPPED: " + PrometheusServer.HOW_TO_GET);
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) prometheus.close();
        if (worker != null) worker.close();
        if (flaky != null) flaky.close();
    }

    @Test
    void shouldEvaluateEveryPanelQueryOfTheDashboardAndFindSeries() throws Exception {
        List<Query> panels = DashboardQueries.read(root.resolve("dashboard-config/grafana/dashboards/cairn.json"));
        assertThat(panels).as("the dashboard has panels").hasSizeGreaterThan(20);
        Map<Query, String> queries = new java.util.LinkedHashMap<>();
        for (Query panel : panels) queries.put(panel, withoutGrafanaVariables(panel.expr()));

        assertThat(errors(queries.values())).as("panel queries Prometheus refuses").isEmpty();
        // why: rates need two scrapes after the jobs ran, and the DLQ gauge is refreshed every 5 s
        Callable<Map<String, String>> empty = () -> {
            Map<String, String> without = new TreeMap<>();
            queries.forEach((panel, expr) -> {
                if (!PANELS_WITHOUT_DATA.containsKey(panel.source()) && prometheus.query(expr).isEmpty()) without.put(panel.source() + ": " + expr, expr);
            });
            return without;
        };
        Map<String, String> without = awaitEmpty(empty);
        assertThat(without).as("panel queries without series (%s)%s", PANELS_WITHOUT_DATA, diagnostics()).isEmpty();
    }

    @Test
    void shouldEvaluateEveryAlertExpressionOverSeriesTheWorkerExports() throws Exception {
        assertThat(alertExpressions).hasSizeGreaterThan(5);
        List<String> exprs = alertExpressions.stream().map(Query::expr).toList();
        assertThat(errors(exprs)).as("alert expressions Prometheus refuses").isEmpty();

        // why: an alert that is quiet here still reads series; a selector that finds none (a renamed metric or label
        // value, a wrong job) would keep it quiet for ever
        Callable<Map<String, String>> empty = () -> {
            Map<String, String> without = new TreeMap<>();
            for (Query alert : alertExpressions) {
                for (String selector : PromQlSelectors.of(alert.expr())) {
                    if (prometheus.query(selector).isEmpty()) without.put(alert.source() + ": " + selector, alert.expr());
                }
            }
            return without;
        };
        assertThat(awaitEmpty(empty)).as("alert selectors without series%s", diagnostics()).isEmpty();
    }

    @Test
    void shouldFireTheAlertsTheRunProvokesAndKeepTheOthersQuiet() throws Exception {
        Set<String> names = new TreeSet<>();
        for (Query alert : alertExpressions) names.add(alert.source().replaceFirst("^alert ", ""));
        Set<String> classified = new TreeSet<>(PROVOKED);
        classified.addAll(QUIET.keySet());
        assertThat(classified).as("every alert of alerts.yml is either provoked or kept quiet by this test").isEqualTo(names);

        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> prometheus.alerts("firing").containsAll(PROVOKED));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("alerts firing: " + prometheus.alerts("firing") + ", pending: " + prometheus.alerts("pending")
                    + ", expected at least " + PROVOKED + diagnostics(), e);
        }
        Set<String> raised = new TreeSet<>(prometheus.alerts("firing"));
        raised.addAll(prometheus.alerts("pending"));
        assertThat(raised).as("alerts raised (firing or pending) over a healthy worker").doesNotContainAnyElementsOf(QUIET.keySet());
        for (Query alert : alertExpressions) {
            String name = alert.source().replaceFirst("^alert ", "");
            List<?> series = prometheus.query(alert.expr());
            if (QUIET.containsKey(name)) assertThat(series).as("%s, quiet: %s", name, QUIET.get(name)).isEmpty();
            else assertThat(series).as("%s, provoked", name).isNotEmpty();
        }
    }

    /** @return per expression Prometheus refuses, its error */
    private static Map<String, String> errors(Iterable<String> exprs) {
        Map<String, String> errors = new TreeMap<>();
        for (String expr : exprs) {
            try {
                prometheus.query(expr);
            } catch (IllegalArgumentException e) {
                errors.put(expr, e.getMessage());
            }
        }
        return errors;
    }

    /** Polls until {@code check} returns nothing or 45 s have passed, and returns its last answer. */
    private static Map<String, String> awaitEmpty(Callable<Map<String, String>> check) throws Exception {
        try {
            await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofSeconds(1)).until(() -> check.call().isEmpty());
        } catch (ConditionTimeoutException e) {
            // why: the assertion that follows names what is still missing
        }
        return check.call();
    }

    private static String withoutGrafanaVariables(String expr) {
        String out = expr;
        // why: longest names first, so $__rate_interval is not cut by a shorter name
        for (String variable : GRAFANA_VARIABLES.keySet().stream().sorted((a, b) -> b.length() - a.length()).toList()) {
            out = out.replace(variable, GRAFANA_VARIABLES.get(variable));
        }
        assertThat(out).as("a Grafana variable this test does not know in %s", expr).doesNotContain("$");
        return out;
    }

    private static void within(Duration limit, String what, Callable<Boolean> condition) {
        try {
            await().atMost(limit).pollInterval(Duration.ofMillis(250)).until(condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("waited " + limit + " for " + what + diagnostics(), e);
        }
    }

    private static String diagnostics() {
        return "\n--- Prometheus targets:\n" + (prometheus == null ? "(not started)" : prometheus.targets())
                + "--- Prometheus log (tail):\n" + (prometheus == null ? "" : prometheus.tail())
                + "\n--- worker log (tail):\n" + (worker == null ? "" : worker.tail());
    }
}
