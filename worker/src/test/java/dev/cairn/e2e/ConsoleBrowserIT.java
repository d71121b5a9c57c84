package dev.cairn.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.JobSubmission;
import dev.cairn.api.client.CairnClient;
import dev.cairn.config.CairnConfig;
import dev.cairn.provider.FakeProviderServer;
import dev.cairn.runtime.Worker;
import dev.cairn.testing.ConsoleBrowser;
import dev.cairn.testing.TestEnv;
import dev.cairn.testing.TestPdfs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue #17: the console in a real browser (headless Chromium) against a real worker on Redis and PostgreSQL with
 * {@code CAIRN_API_TOKEN} set: the login, a failed job's DLQ group and its bulk retry, a breaker forced open, a long
 * PDF's cursor moving on its job page. Each test saves a screenshot of its page into {@code docs/console/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {

    private static final String TOKEN = "console-it-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path tmp;
    private static FakeProviderServer slowProvider;
    private static Worker worker;
    private static String base;
    private static CairnClient client;
    private static ConsoleBrowser browser;

    @BeforeAll
    static void start() {
        // why: a provider that takes its time, so a summarising job stays in its summarize step long enough to watch
        slowProvider = FakeProviderServer.start().respondWith(FakeProviderServer.Behaviour.slow(Duration.ofMillis(600),
                FakeProviderServer.Behaviour.ok("A short summary of the chapter.")));
        Map<String, String> env = TestEnv.worker(tmp.resolve("data"));
        env.put("CAIRN_API_TOKEN", TOKEN);
        env.put("CAIRN_PROVIDERS", "slow,offline");
        slowProvider.configure(env, "slow");
        worker = Worker.start(CairnConfig.fromEnv(env));
        base = "http://127.0.0.1:" + worker.httpPort();
        client = CairnClient.create(URI.create(base), TOKEN);
        browser = ConsoleBrowser.start(base);
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (worker != null) worker.close();
        if (slowProvider != null) slowProvider.close();
    }

    @BeforeEach
    void loggedIn() {
        if (browser.driver().manage().getCookieNamed("cairn_session") != null) return;
        browser.open("#/overview");
        login(TOKEN);
        browser.visible(By.id("card-jobs"));
    }

    @Test
    @Order(1)
    void shouldShowTheLoginToAVisitorWithoutASessionAndRefuseTheirApiCalls() throws Exception {
        browser.driver().manage().deleteAllCookies();
        browser.open("#/overview");

        browser.visible(By.id("login"));
        browser.screenshot("login");
        Object status = browser.runAsync("const done = arguments[arguments.length - 1]; fetch('/api/dlq').then(r => done(r.status));");
        assertThat(status).isEqualTo(401L);
        assertThat(get("/api/dlq", null).statusCode()).isEqualTo(401);

        login("not-the-token");
        assertThat(browser.visible(By.cssSelector("#login-message .banner")).getText()).contains("401").contains("unauthorized");

        login(TOKEN);
        browser.visible(By.id("card-jobs"));
        assertThat(browser.driver().manage().getCookieNamed("cairn_session").isHttpOnly()).isTrue();
        browser.visible(By.id("card-dlq"));
    }

    @Test
    @Order(2)
    void shouldShowAFailedJobInItsDlqGroupAndRetryTheGroupFromThePage() throws Exception {
        // why: straight into the input dir, as a shared volume would put it; POST /api/files refuses a non-PDF at the door
        java.nio.file.Path notes = TestPdfs.notAPdf(java.nio.file.Files.createDirectories(tmp.resolve("data/input")).resolve("notes.pdf"));
        String jobId = client.enqueue(JobSubmission.pdf(notes.getFileName().toString(), false));
        HttpResponse<String> entry = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> get("/api/dlq/" + jobId, TOKEN), r -> r.statusCode() == 200);
        String signature = JSON.readTree(entry.body()).get("signature").asText();
        int attemptsBefore = client.job(jobId).attempts();

        browser.open("#/dlq");
        WebElement group = browser.visible(By.cssSelector("#dlq-by-signature")).findElement(By.linkText(signature));
        group.click();
        browser.waitFor(d -> d.findElement(By.id("dlq-table")).getText().contains(jobId));
        browser.screenshot("dead-letters");
        browser.click("#dlq-bulk-retry");
        WebElement dialog = browser.visible(By.id("confirm"));
        assertThat(dialog.getText()).contains("Re-enqueue 1 job(s)").contains(signature);
        browser.screenshot("dead-letters-bulk-retry");
        browser.click("#confirm-ok");

        browser.visible(By.cssSelector("#dlq-status .banner"));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> client.job(jobId).attempts(), attempts -> attempts > attemptsBefore);
        browser.open("#/dlq/" + jobId);
        browser.visible(By.id("dlq-entry-trace"));
        browser.screenshot("dead-letter");
    }

    @Test
    @Order(3)
    void shouldForceABreakerOpenFromThePageAfterConfirming() throws Exception {
        browser.open("#/breakers");
        browser.click("tr[data-breaker='offline'] button[data-action='force-open']");
        assertThat(browser.visible(By.id("confirm")).getText()).contains("offline");
        browser.click("#confirm-cancel");
        assertThat(breakerState("offline")).as("cancelled: nothing changed").isEqualTo("CLOSED");

        browser.click("tr[data-breaker='offline'] button[data-action='force-open']");
        browser.click("#confirm-ok");

        browser.waitFor(d -> d.findElement(By.cssSelector("tr[data-breaker='offline'] td.state")).getText().equals("OPEN"));
        assertThat(breakerState("offline")).isEqualTo("OPEN");
        browser.screenshot("breakers");
        HttpResponse<String> reset = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/circuit-breakers/offline/reset"))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reset.statusCode()).isEqualTo(200);
    }

    @Test
    @Order(4)
    void shouldFollowALongPdfsCursorOnItsJobPage() throws Exception {
        Path pdf = TestPdfs.withOutline(tmp.resolve("book.pdf"), 12, 30);
        String jobId = client.enqueue(JobSubmission.pdf(client.uploadFile(pdf), true));

        browser.open("#/jobs/" + jobId);
        Set<String> seen = new HashSet<>();
        browser.waitFor(d -> {
            for (WebElement step : d.findElements(By.cssSelector("#job-steps li.st-running"))) {
                var cursors = step.findElements(By.cssSelector("b.cursor"));
                if (!cursors.isEmpty()) seen.add(step.getAttribute("data-step") + "@" + cursors.get(0).getText());
            }
            return seen.size() >= 2;
        });
        browser.screenshot("job");

        assertThat(seen).as("the page showed the cursor at two places").hasSizeGreaterThanOrEqualTo(2);
        browser.open("#/jobs");
        browser.waitFor(d -> d.findElement(By.id("jobs-table")).getText().contains(jobId));
        browser.screenshot("jobs");
        browser.open("#/workers");
        browser.waitFor(d -> d.findElement(By.id("workers-table")).getText().contains("LIVE"));
        browser.screenshot("workers");
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> client.job(jobId).state(), s -> s.equals("SUCCEEDED"));
        browser.open("#/overview");
        browser.waitFor(d -> d.findElement(By.id("card-hour")).getText().contains("succeeded")
                && !d.findElement(By.cssSelector("#card-hour .figure b")).getText().equals("0"));
        browser.screenshot("overview");
    }

    private static void login(String token) {
        WebElement input = browser.visible(By.id("token"));
        input.clear();
        input.sendKeys(token);
        browser.click("#login-submit");
    }

    private static String breakerState(String name) throws Exception {
        JsonNode health = JSON.readTree(get("/health/circuit-breakers", null).body());
        return health.path("circuit_breakers").path(name).path("state").asText();
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (token != null) request.header("Authorization", "Bearer " + token);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
