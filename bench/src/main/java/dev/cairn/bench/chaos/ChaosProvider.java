package dev.cairn.bench.chaos;

import dev.cairn.provider.ChapterReplies;
import dev.cairn.provider.FakeProviderServer;
import dev.cairn.provider.FakeProviderServer.Behaviour;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The chaos soak's provider: a local OpenAI-compatible {@link FakeProviderServer} that is slow and
 * sometimes fails. An outline is answered after 100–300 ms, a section after 300–1500 ms, and 1 request in
 * 10 (either kind) gets a 500 instead, at once. Every request it answers with 200 is a <em>paid</em>
 * reply, recorded per job (its unique topic) and part (0 = the outline, n = section n) with the time it
 * arrived and the time it is answered: a part paid twice without a kill of the job's worker while the first
 * reply was on its way to a file is work done twice.
 *
 * <p>Each section's text carries a marker unique to job and section ({@code [[<topic>#<n>]]}), so the
 * audit can tell whether {@code chapter.md} holds a section twice, or another job's.
 */
final class ChaosProvider implements AutoCloseable {

    /** The share of requests answered 500. */
    static final double FAILURE_RATE = 0.10;

    private static final Pattern SECTION = Pattern.compile("Write section (\\d+)");
    private static final Pattern SECTION_TOPIC = Pattern.compile("is about: (chaos-\\d+)\\\\n");
    private static final Pattern OUTLINE_TOPIC = Pattern.compile("about this topic: (chaos-\\d+)\\\\n");
    private static final Pattern OUTLINE_SECTIONS = Pattern.compile("exactly (\\d+) entr");

    /**
     * A paid reply: {@code part} 0 is the outline, n is section n; {@code arrived} when the request came in,
     * {@code answered} when its reply is due to go out (the handler may send it a little later on busy cores).
     */
    record Paid(String topic, int part, Instant arrived, Instant answered) {
    }

    private final FakeProviderServer server = FakeProviderServer.start();
    private final SplittableRandom random;
    private final Map<String, List<Paid>> paid = new ConcurrentHashMap<>();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger unrecognised = new AtomicInteger();

    ChaosProvider(long seed) {
        this.random = new SplittableRandom(seed);
        server.respondWith((FakeProviderServer.Responder) (request, number) -> answer(request));
    }

    private Behaviour answer(FakeProviderServer.Request request) {
        Instant arrived = Instant.now();
        boolean fail;
        long delayMs;
        synchronized (random) {
            fail = random.nextDouble() < FAILURE_RATE;
            delayMs = ChapterReplies.isOutline(request) ? 100 + random.nextInt(200) : 300 + random.nextInt(1200);
        }
        if (fail) {
            failures.incrementAndGet();
            return Behaviour.status(500);
        }
        String body = request.body();
        if (ChapterReplies.isOutline(request)) {
            String topic = group(OUTLINE_TOPIC, body);
            String sections = group(OUTLINE_SECTIONS, body);
            if (topic == null || sections == null) return rejectUnexpected();
            record(topic, 0, arrived, delayMs);
            return Behaviour.slow(Duration.ofMillis(delayMs), Behaviour.ok(ChapterReplies.outline("Chapter " + topic, Integer.parseInt(sections))));
        }
        String topic = group(SECTION_TOPIC, body);
        String section = group(SECTION, body);
        if (topic == null || section == null) return rejectUnexpected();
        int n = Integer.parseInt(section);
        record(topic, n, arrived, delayMs);
        String text = "## Part " + n + "\n\nSection " + n + " of " + topic + ". " + marker(topic, n) + "\n";
        return Behaviour.slow(Duration.ofMillis(delayMs), Behaviour.ok(text));
    }

    /** @return the marker section {@code n} of the chapter on {@code topic} carries */
    static String marker(String topic, int n) {
        return "[[" + topic + "#" + n + "]]";
    }

    private Behaviour rejectUnexpected() {
        // why: a request the soak did not expect (a pdf summary, a changed prompt) must show in the report, not pass silently
        unrecognised.incrementAndGet();
        return Behaviour.status(400);
    }

    private void record(String topic, int part, Instant arrived, long delayMs) {
        paid.computeIfAbsent(topic, t -> java.util.Collections.synchronizedList(new ArrayList<>()))
                .add(new Paid(topic, part, arrived, arrived.plusMillis(delayMs)));
    }

    private static String group(Pattern pattern, String body) {
        Matcher m = pattern.matcher(body);
        return m.find() ? m.group(1) : null;
    }

    /** Points the workers' provider {@code acme} at this server. */
    void configure(Map<String, String> env) {
        server.configure(env, "acme");
    }

    /** @return the paid replies of the job on {@code topic}, in arrival order */
    List<Paid> paid(String topic) {
        List<Paid> list = paid.get(topic);
        if (list == null) return List.of();
        synchronized (list) {
            return list.stream().sorted(java.util.Comparator.comparing(Paid::arrived)).toList();
        }
    }

    int requests() {
        return server.requestCount();
    }

    int failures() {
        return failures.get();
    }

    /** @return requests the soak did not expect (answered 400); should be 0 */
    int unrecognised() {
        return unrecognised.get();
    }

    @Override
    public void close() {
        server.close();
    }
}
