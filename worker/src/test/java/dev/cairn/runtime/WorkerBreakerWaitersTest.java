package dev.cairn.runtime;

import dev.cairn.api.JobSubmission;
import dev.cairn.api.JobView;
import dev.cairn.api.client.CairnClient;
import dev.cairn.config.CairnConfig;
import dev.cairn.provider.ChapterReplies;
import dev.cairn.provider.FakeProviderServer;
import dev.cairn.testing.TestEnv;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Jobs that wait for an open breaker run as soon as it closes, not at the time they were given: with a
 * recovery timeout of two minutes, chapter jobs that met the open breaker finish within seconds of an
 * operator's reset, without spending a retry (CAIRN_JOB_MAX_RETRIES=0).
 */
class WorkerBreakerWaitersTest {

    private static final Duration RECOVERY = Duration.ofMinutes(2);

    @TempDir
    Path tmp;
    private FakeProviderServer acme;
    private Worker worker;

    @AfterEach
    void stop() {
        if (worker != null) worker.close();
        if (acme != null) acme.close();
    }

    @Test
    void shouldRunTheJobsWaitingForABreakerAsSoonAsItCloses() {
        acme = FakeProviderServer.start();
        acme.respondWith((request, number) -> ChapterReplies.isOutline(request)
                ? FakeProviderServer.Behaviour.ok(ChapterReplies.outline("Tides", 1))
                : FakeProviderServer.Behaviour.ok("## A section\n\nText."));
        Map<String, String> env = TestEnv.worker(tmp.resolve("data"));
        env.put("CAIRN_PROVIDERS", "acme");
        acme.configure(env, "acme");
        env.put("CAIRN_CIRCUIT_BREAKER_RECOVERY_TIMEOUT", Long.toString(RECOVERY.toSeconds()));
        env.put("CAIRN_JOB_MAX_RETRIES", "0");
        worker = Worker.start(CairnConfig.fromEnv(env));
        CairnClient client = CairnClient.create(URI.create("http://127.0.0.1:" + worker.httpPort()), null);

        client.forceOpenBreaker("acme");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) ids.add(client.enqueue(JobSubmission.chapter("Tides " + i, 1, null)));
        await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream().map(client::job)
                .allMatch(job -> job.attempts() >= 1 && job.state().equals("SCHEDULED")));
        assertThat(acme.requestCount()).as("no call while the breaker is open").isZero();

        client.resetBreaker("acme");

        // without the wake they would sit SCHEDULED until the breaker's retry time, two minutes on
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> ids.stream().map(client::job)
                .allMatch(job -> job.state().equals("SUCCEEDED") || job.state().equals("FAILED")));
        for (String id : ids) {
            JobView job = client.job(id);
            assertThat(job.state()).as("%s: %s", id, job.error()).isEqualTo("SUCCEEDED");
            assertThat(job.attempts()).as("the wait, then the run after the reset").isEqualTo(2);
        }
    }
}
