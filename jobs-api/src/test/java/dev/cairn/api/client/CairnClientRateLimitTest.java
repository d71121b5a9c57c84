package dev.cairn.api.client;

import dev.cairn.api.JobSubmission;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.cairn.api.client.ScriptedWorker.json;
import static dev.cairn.api.client.ScriptedWorker.tooMany;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A {@link CairnClient} waits out a worker's {@code 429}s: {@code Retry-After}, the bound, the listener, interrupts. */
class CairnClientRateLimitTest {

    private static final JobSubmission CHAPTER = JobSubmission.chapter("Tides", 2, null);
    private final List<RateLimitWait> waits = new CopyOnWriteArrayList<>();

    private CairnClient client(ScriptedWorker worker, Duration maxWait) {
        return CairnClient.builder(worker.url()).maxRateLimitWait(maxWait).onRateLimitWait(waits::add).build();
    }

    @Test
    void shouldWaitTheRetryAfterAndSendTheSameRequestAgain() throws Exception {
        try (ScriptedWorker worker = new ScriptedWorker(tooMany("1"), json(202, "{\"job_id\":\"job-1\"}", null))) {
            long started = System.nanoTime();

            String jobId = client(worker, Duration.ofSeconds(10)).enqueue(CHAPTER);

            assertThat(jobId).isEqualTo("job-1");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            assertThat(worker.received()).hasSize(2);
            assertThat(worker.received().get(1)).isEqualTo(worker.received().get(0));
            assertThat(waits).singleElement().satisfies(wait -> {
                assertThat(wait.method()).isEqualTo("POST");
                assertThat(wait.uri().getPath()).isEqualTo("/api/jobs");
                assertThat(wait.retryAfter()).isEqualTo(Duration.ofSeconds(1));
                assertThat(wait.delay()).isEqualTo(Duration.ofSeconds(1));
                assertThat(wait.waitedBefore()).isZero();
                assertThat(wait.describe()).isEqualTo("rate limited by the worker: waiting 1 s (Retry-After) before sending again");
            });
        }
    }

    @Test
    void shouldGiveUpWithThe429AndItsRetryAfterOnceTheBoundIsUsedUp() throws Exception {
        try (ScriptedWorker worker = new ScriptedWorker(tooMany("1"))) {
            CairnClient client = client(worker, Duration.ofMillis(1_500));

            CairnClientException e = catchThrowableOfType(CairnClientException.class, () -> client.jobJson("job-1"));

            assertThat(e.status()).isEqualTo(429);
            assertThat(e.error()).isEqualTo(CairnClientException.RATE_LIMITED);
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
            assertThat(e.isRetryable()).isTrue();
            assertThat(e.getMessage()).isEqualTo("rate limited by the worker: at most 100 requests a minute for the anonymous tier"
                    + " (Retry-After: 1 s; gave up after waiting 1.5 s in all, the most this client waits)");
            // why: the second wait is cut to what is left of the bound
            assertThat(waits).extracting(RateLimitWait::delay).containsExactly(Duration.ofSeconds(1), Duration.ofMillis(500));
            assertThat(worker.received()).hasSize(3);
        }
    }

    @Test
    void shouldNotSendAgainWhenTheBoundIsZero() throws Exception {
        try (ScriptedWorker worker = new ScriptedWorker(tooMany("7"))) {
            CairnClient client = client(worker, Duration.ZERO);

            CairnClientException e = catchThrowableOfType(CairnClientException.class, () -> client.enqueue(CHAPTER));

            assertThat(e.status()).isEqualTo(429);
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
            assertThat(e.getMessage()).endsWith(" (Retry-After: 7 s; this client does not wait out rate limits)");
            assertThat(waits).isEmpty();
            assertThat(worker.received()).hasSize(1);
        }
    }

    @Test
    void shouldWaitOneSecondWhenRetryAfterIsMissingOrUnreadable() throws Exception {
        try (ScriptedWorker worker = new ScriptedWorker(tooMany(null), tooMany("soon"), json(200, "{\"circuit_breakers\":[]}", null))) {
            String breakers = client(worker, Duration.ofSeconds(10)).breakersJson();

            assertThat(breakers).isEqualTo("{\"circuit_breakers\":[]}");
            assertThat(waits).extracting(RateLimitWait::retryAfter).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
            assertThat(waits.get(1).waitedBefore()).isEqualTo(Duration.ofSeconds(1));
        }
    }

    @Test
    void shouldWaitOutA429BeforeAStreamedExport() throws Exception {
        try (ScriptedWorker worker = new ScriptedWorker(tooMany("1"), json(200, "{\"job_id\":\"a\"}\n{\"job_id\":\"b\"}\n", null))) {
            List<String> lines = new CopyOnWriteArrayList<>();

            long count = client(worker, Duration.ofSeconds(10)).dlqExport(java.util.Map.of(), lines::add);

            assertThat(count).isEqualTo(2);
            assertThat(lines).containsExactly("{\"job_id\":\"a\"}", "{\"job_id\":\"b\"}");
            assertThat(waits).hasSize(1);
        }
    }

    @Test
    void shouldStopWaitingWhenInterruptedAndKeepTheInterrupt() throws Exception {
        try (ScriptedWorker worker = new ScriptedWorker(tooMany("30"))) {
            CountDownLatch waiting = new CountDownLatch(1);
            CairnClient client = CairnClient.builder(worker.url()).onRateLimitWait(wait -> waiting.countDown()).build();
            AtomicBoolean interruptedAfter = new AtomicBoolean();
            CompletableFuture<CairnClientException> thrown = new CompletableFuture<>();
            Thread caller = Thread.ofPlatform().start(() -> {
                try {
                    client.enqueue(CHAPTER);
                    thrown.complete(null);
                } catch (CairnClientException e) {
                    interruptedAfter.set(Thread.currentThread().isInterrupted());
                    thrown.complete(e);
                }
            });
            assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();

            caller.interrupt();

            CairnClientException e = thrown.get(5, TimeUnit.SECONDS);
            assertThat(e).isNotNull();
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
            assertThat(e.getMessage()).contains("interrupted while waiting 30 s to send again");
            assertThat(e.getCause()).isInstanceOf(InterruptedException.class);
            assertThat(interruptedAfter).isTrue();
            assertThat(worker.received()).hasSize(1);
        }
    }
}
