package dev.cairn.runtime;

import dev.cairn.api.CairnException;
import dev.cairn.api.JobSubmission;
import dev.cairn.api.JobView;
import dev.cairn.api.pipeline.Pipeline;
import dev.cairn.api.pipeline.Step;
import dev.cairn.config.CairnConfig;
import dev.cairn.dlq.DlqDisabledException;
import dev.cairn.dlq.DlqEntry;
import dev.cairn.dlq.DlqHealth;
import dev.cairn.redis.RedisUnavailableException;
import dev.cairn.testing.OwnRedis;
import dev.cairn.testing.TestEnv;
import dev.cairn.testing.TestRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The dead-letter queue when Redis is down, and when it is turned off. */
class WorkerDlqOutageTest {

    private static final CountDownLatch STARTED = new CountDownLatch(1);
    private static final CountDownLatch RELEASE = new CountDownLatch(1);

    @TempDir
    Path dataDir;

    private static Pipeline gated() {
        return Pipeline.of("gated", List.of(
                Step.of("prepare", ctx -> { }),
                Step.of("work", ctx -> {
                    STARTED.countDown();
                    if (!RELEASE.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
                    throw CairnException.permanent("the input is unusable");
                })));
    }

    private static Pipeline failing() {
        return Pipeline.of("failing", List.of(Step.of("work", ctx -> {
            throw CairnException.permanent("the input is unusable");
        })));
    }

    @Test
    void shouldShipAJobThatFailedWhileRedisWasDownOnceRedisIsBack() throws Exception {
        try (OwnRedis redis = OwnRedis.start()) {
            Map<String, String> env = TestEnv.worker(dataDir);
            env.put("CAIRN_REDIS_URL", redis.url().toString());
            try (Worker worker = Worker.builder(CairnConfig.fromEnv(env)).pipeline(gated()).start()) {
                String id = worker.jobs().submit(new JobSubmission("gated", Map.of(), null)).jobId();
                assertThat(STARTED.await(60, TimeUnit.SECONDS)).isTrue();

                redis.stop();
                RELEASE.countDown();
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                        .until(() -> worker.jobs().find(id).map(JobView::state).orElse(""), "FAILED"::equals);
                assertThatThrownBy(() -> worker.dlq().find(id)).isInstanceOf(RedisUnavailableException.class);

                redis.restart();
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                        .ignoreExceptions().until(() -> worker.dlq().find(id).isPresent());
                DlqEntry entry = worker.dlq().find(id).orElseThrow();
                assertThat(entry.errorMessage()).isEqualTo("the input is unusable");
                assertThat(entry.lastCompletedStep()).isEqualTo("prepare");
                assertThat(worker.dlq().health().statistics().totalFailedTasks()).isEqualTo(1);
            }
        }
    }

    @Test
    void shouldLeaveFailedJobsInJobRunrOnlyWhenDisabled() {
        Map<String, String> env = TestEnv.worker(dataDir);
        env.put("CAIRN_DLQ_ENABLED", "false");
        try (Worker worker = Worker.builder(CairnConfig.fromEnv(env)).pipeline(failing()).start()) {
            String id = worker.jobs().submit(new JobSubmission("failing", Map.of(), null)).jobId();

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> worker.jobs().find(id).map(JobView::state).orElse(""), "FAILED"::equals);

            assertThat(worker.dlq().enabled()).isFalse();
            assertThatThrownBy(() -> worker.dlq().find(id)).isInstanceOf(DlqDisabledException.class)
                    .hasMessageContaining("CAIRN_DLQ_ENABLED=false");
            assertThat(worker.dlq().health().status()).isEqualTo(DlqHealth.DISABLED);
            assertThat(TestRedis.client().keys(env.get("CAIRN_REDIS_KEY_PREFIX") + "dlq:*")).isEmpty();
        }
    }
}
