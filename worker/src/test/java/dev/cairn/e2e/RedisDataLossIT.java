package dev.cairn.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.JobSubmission;
import dev.cairn.api.JobView;
import dev.cairn.provider.ChapterReplies;
import dev.cairn.provider.FakeProviderServer;
import dev.cairn.provider.FakeProviderServer.Behaviour;
import dev.cairn.redis.RedisConnections;
import dev.cairn.testing.JobRow;
import dev.cairn.testing.OwnRedis;
import dev.cairn.testing.TestDatabase;
import dev.cairn.testing.TestEnv;
import dev.cairn.testing.WorkerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two worker processes on a Redis of the test's own that loses everything, twice, while chapter jobs run:
 * {@code FLUSHALL} in the middle of their sections, then a restart without persistence in the middle of
 * their second run. The provider holds each job's second section until the flush and its third until the
 * restart, so every job is mid-run at both losses however unevenly the machine schedules the four of them. A write that finds its checkpoint gone is fenced off and never recreates it; the job
 * starts over in a new checkpoint, and no job waits for ever. Losing the checkpoint may run a step again
 * (nothing is left that says it finished), but a chapter keeps each paid reply in its output dir before the
 * checkpoint that records it, so no reply is paid for twice; two attempts of one job never run at once, each
 * job completes once, and its chapter holds every section's reply. And a provider failing after the loss
 * trips the breaker on every worker again (the breaker state's epoch) instead of leaving one calling blind.
 */
class RedisDataLossIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROVIDER = "acme";
    private static final int THRESHOLD = 3;
    private static final Duration RECOVERY = Duration.ofSeconds(5);
    /** Trip jobs per burst; as many trial calls are admitted, so one half-open round closes the breaker. */
    private static final int TRIP_JOBS = 4;
    private static final int LOSS_JOBS = 4;
    private static final int SECTIONS = 4;
    /** The section each job asks for when {@code FLUSHALL} comes (held until then), and the one of its rerun at the restart. */
    private static final int SECTION_AT_FLUSH = 2;
    private static final int SECTION_AT_RESTART = 3;
    /** Far longer than a held section waits, so no held call times out. */
    private static final Duration PROVIDER_TIMEOUT = Duration.ofMinutes(3);
    /** Well inside {@link #RECOVERY}, and shorter than the breakers' 5 s periodic refresh. */
    private static final Duration TRIP_REACHES_FLEET = Duration.ofSeconds(3);
    private static final Pattern STALE_WRITES = Pattern.compile("cairn_checkpoint_writes_total\\{[^}]*outcome=\"stale\"[^}]*} (\\S+)");
    private static final Pattern SUCCEEDED_STATE = Pattern.compile("SucceededState");

    @TempDir
    Path tmp;

    private final AtomicBoolean failing = new AtomicBoolean();
    private final List<Long> failedAt = new CopyOnWriteArrayList<>();
    private final PaidCalls paid = new PaidCalls();
    private final CountDownLatch flushed = new CountDownLatch(1);
    private final CountDownLatch restarted = new CountDownLatch(1);

    @Test
    void shouldRunNothingTwiceWaitForNothingForEverAndLeaveNoBreakerBlindWhenRedisLosesItsData() throws Exception {
        assumeTrue(TestDatabase.jdbcUrl().isPresent(), "two worker processes need a shared PostgreSQL (CAIRN_TEST_DATABASE_URL or Docker)");
        try (OwnRedis own = OwnRedis.start(); FakeProviderServer provider = FakeProviderServer.start()) {
            provider.respondWith((FakeProviderServer.Responder) (request, number) -> paid.record(request, number, answer(request, number)));
            Map<String, String> env = TestEnv.worker(tmp.resolve("shared"));
            env.put("CAIRN_REDIS_URL", own.url().toString());
            env.put("CAIRN_PROVIDERS", PROVIDER);
            provider.configure(env, PROVIDER);
            env.put("CAIRN_PROVIDER_ACME_TIMEOUT", PROVIDER_TIMEOUT.toSeconds() + "s");
            env.put("CAIRN_CIRCUIT_BREAKER_FAILURE_THRESHOLD", Integer.toString(THRESHOLD));
            env.put("CAIRN_CIRCUIT_BREAKER_RECOVERY_TIMEOUT", RECOVERY.toSeconds() + "s");
            env.put("CAIRN_CIRCUIT_BREAKER_HALF_OPEN_MAX_CALLS", Integer.toString(TRIP_JOBS));
            env.put("CAIRN_JOB_RETRY_BACKOFF_SEED", "1");
            env.put("CAIRN_JOB_MAX_RETRIES", "20");
            env.put("CAIRN_WORKER_COUNT", "2");
            Map<String, String> envB = new HashMap<>(env);
            envB.put("CAIRN_DATA_DIR", tmp.resolve("b").toString());
            envB.put("CAIRN_INPUT_DIR", tmp.resolve("shared/input").toString());
            envB.put("CAIRN_OUTPUT_DIR", tmp.resolve("shared/output").toString());
            // why: one after the other; the first creates the schema, two at once would both migrate it
            try (WorkerProcess a = WorkerProcess.start(env, tmp.resolve("a.log")); WorkerProcess b = WorkerProcess.start(envB, tmp.resolve("b.log"));
                 RedisClient redis = RedisConnections.connect(own.url())) {
                List<WorkerProcess> fleet = List.of(a, b);

                // the breaker trips and recovers: every worker has seen its state move on from the first one
                List<String> before = tripBreaker(fleet, "Trip one ");
                for (String id : before) a.awaitSucceeded(id, Duration.ofSeconds(60));

                Map<String, String> lost = new LinkedHashMap<>();
                for (int i = 0; i < LOSS_JOBS; i++) {
                    String topic = "Lost tide " + (char) ('A' + i);
                    paid.track(topic);
                    lost.put(fleet.get(i % 2).client().enqueue(JobSubmission.chapter(topic, SECTIONS, null)), topic);
                }
                String prefix = env.get("CAIRN_REDIS_KEY_PREFIX");
                await().alias("every job mid-sections, waiting for section " + SECTION_AT_FLUSH).atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(50)).until(() -> lost.entrySet().stream().allMatch(job ->
                                sectionsCursor(redis, prefix, job.getKey()) >= 1 && paid.count(job.getValue(), SECTION_AT_FLUSH) >= 1));
                redis.flushAll();
                flushed.countDown();
                // each job meets the loss at its next checkpoint write, is fenced off, retried, and starts over
                await().alias("every job mid-sections again, in a new checkpoint").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> lost.entrySet().stream().allMatch(job ->
                                a.client().job(job.getKey()).attempts() >= 2 && paid.count(job.getValue(), SECTION_AT_RESTART) >= 1
                                        && redis.exists(prefix + "ckpt:{" + job.getKey() + "}")));
                own.restartEmpty();
                restarted.countDown();
                for (String id : lost.keySet()) a.awaitSucceeded(id, Duration.ofSeconds(90));
                assertThat(staleWrites(a) + staleWrites(b)).as("writes that found their checkpoint gone were fenced off").isPositive();
                for (Map.Entry<String, String> job : lost.entrySet()) assertRanOnce(env, a, job.getKey(), job.getValue());

                // the breaker's state is gone with the rest: the next trip must reach every worker all the same
                List<String> after = tripBreaker(fleet, "Trip two ");
                for (String id : after) a.awaitSucceeded(id, Duration.ofSeconds(60));
                assertThat(JSON.readTree(a.client().dlqList(Map.of("type", "chapter-generation"))).get("total").asInt())
                        .as("no job in the DLQ").isZero();
            } finally {
                dropSchema(env);
            }
        }
    }

    /** Drops the workers' schema once they have stopped. */
    private static void dropSchema(Map<String, String> env) throws Exception {
        String schema = env.get("CAIRN_DATABASE_TABLE_PREFIX").replace(".", "");
        try (Connection c = DriverManager.getConnection(env.get("CAIRN_DATABASE_URL")); Statement st = c.createStatement()) {
            st.execute("drop schema if exists " + schema + " cascade");
        }
    }

    /**
     * Makes the provider fail under {@value #TRIP_JOBS} new jobs until every worker sees the breaker OPEN
     * (its own view: the state gauge, which no API read refreshes), checks the provider then gets no more
     * calls than the threshold plus one in flight per job until the recovery timeout, and makes it recover.
     */
    private List<String> tripBreaker(List<WorkerProcess> fleet, String topicPrefix) throws Exception {
        int before = paid.count();
        failedAt.clear();
        failing.set(true);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < TRIP_JOBS; i++) {
            String topic = topicPrefix + (char) ('A' + i);
            paid.track(topic);
            ids.add(fleet.get(i % 2).client().enqueue(JobSubmission.chapter(topic, 1, null)));
        }
        await().alias("every worker sees the breaker OPEN (" + topicPrefix + ")").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50)).until(() -> allSee(fleet, "open"));
        long seen = System.nanoTime();
        assertThat(failedAt).as("failed calls before the breaker opened").hasSizeGreaterThanOrEqualTo(THRESHOLD);
        assertThat(Duration.ofNanos(seen - failedAt.get(THRESHOLD - 1)))
                .as("every worker saw the trip soon after the failure that tripped it (%s)", topicPrefix).isLessThan(TRIP_REACHES_FLEET);
        await().alias("no more calls than the threshold plus one in flight per job while OPEN").during(TRIP_REACHES_FLEET)
                .atMost(TRIP_REACHES_FLEET.plusSeconds(1)).pollInterval(Duration.ofMillis(100))
                .until(() -> paid.count() - before <= THRESHOLD + TRIP_JOBS);
        System.out.printf("RedisDataLossIT: %s%s failed calls%n", topicPrefix, paid.count() - before);
        failing.set(false);
        await().alias("every worker sees the breaker CLOSED again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> allSee(fleet, "closed"));
        return ids;
    }

    /** What runs once ran once, for a chapter job that lived through both losses. */
    private void assertRanOnce(Map<String, String> env, WorkerProcess worker, String jobId, String topic) throws Exception {
        JobView done = worker.client().job(jobId);
        int attempts = done.attempts();
        List<Long> perSection = new ArrayList<>();
        for (int section = PaidCalls.OUTLINE; section <= SECTIONS; section++) perSection.add(paid.count(topic, section));
        System.out.printf("RedisDataLossIT: %s: %d attempts, requests for outline and sections %s%n", topic, attempts, perSection);
        assertThat(attempts).as("%s: both losses caught the job mid-run, and it started over each time", topic).isGreaterThanOrEqualTo(3);
        assertThat(paid.mostInFlight(topic)).as("%s: two attempts never called the provider at once", topic).isEqualTo(1);
        assertThat(perSection).as("%s: requests for the outline and each section: a paid reply is never requested again", topic)
                .containsOnly(1L);
        assertThat(done.checkpoint().step("assemble").runs()).as("%s: assembled once", topic).isEqualTo(1);
        Matcher succeeded = SUCCEEDED_STATE.matcher(JobRow.read(env, jobId).json());
        assertThat(succeeded.results().count()).as("%s: succeeded once", topic).isEqualTo(1);

        String chapter = Files.readString(Path.of(done.result().get("output_dir").toString()).resolve("chapter.md"));
        assertThat(chapter).startsWith("# " + topic);
        for (int section = 1; section <= SECTIONS; section++) {
            assertThat(chapter).as("%s: section %d holds the reply it was paid for", topic, section)
                    .contains("## Part " + section).contains(PaidCalls.reply(paid.last(topic, section).orElseThrow()));
        }
    }

    private Behaviour answer(FakeProviderServer.Request request, int number) {
        if (failing.get()) {
            failedAt.add(System.nanoTime());
            return Behaviour.status(500);
        }
        boolean lost = request.body().contains("Lost tide");
        if (ChapterReplies.isOutline(request)) {
            return Behaviour.ok(ChapterReplies.outline(paid.topicOf(request), lost ? SECTIONS : 1));
        }
        Behaviour reply = Behaviour.ok("Text of the section. " + PaidCalls.reply(number));
        if (!lost) return reply;
        int section = ChapterReplies.sectionOf(request);
        if (section == SECTION_AT_FLUSH) return heldUntil(flushed, reply);
        if (section == SECTION_AT_RESTART) return heldUntil(restarted, reply);
        return reply;
    }

    /** {@code then}, once {@code gate} opens (or after two minutes, so a failed test does not hang the server). */
    private static Behaviour heldUntil(CountDownLatch gate, Behaviour then) {
        return (exchange, server) -> {
            gate.await(2, TimeUnit.MINUTES);
            then.answer(exchange, server);
        };
    }

    private static boolean allSee(List<WorkerProcess> fleet, String state) throws Exception {
        for (WorkerProcess worker : fleet) {
            if (gauge(worker, "cairn_circuit_breaker_state{provider=\"" + PROVIDER + "\",state=\"" + state + "\"}") != 1) return false;
        }
        return true;
    }

    private static double staleWrites(WorkerProcess worker) throws Exception {
        Matcher m = STALE_WRITES.matcher(metrics(worker));
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static double gauge(WorkerProcess worker, String series) throws Exception {
        for (String line : metrics(worker).split("\n")) {
            if (line.startsWith(series + " ")) return Double.parseDouble(line.substring(series.length() + 1).trim());
        }
        return 0;
    }

    private static String metrics(WorkerProcess worker) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(worker.url().resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int sectionsCursor(RedisClient redis, String prefix, String jobId) {
        String cursor = redis.hget(prefix + "ckpt:{" + jobId + "}", "s.sections.cursor");
        return cursor == null ? 0 : Integer.parseInt(cursor);
    }
}
