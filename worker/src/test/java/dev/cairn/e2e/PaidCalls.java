package dev.cairn.e2e;

import dev.cairn.provider.ChapterReplies;
import dev.cairn.provider.FakeProviderServer;
import dev.cairn.provider.FakeProviderServer.Behaviour;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fake provider's ledger for several chapter jobs told apart by topic: every request (a paid call) by
 * job and section, and the most calls one job ever had in flight at once, which is 1 unless two attempts
 * of the job ran at the same time (sections are requested one after the other).
 */
final class PaidCalls {

    /** The outline request's "section". */
    static final int OUTLINE = 0;

    /**
     * One request the provider got.
     *
     * @param number  its arrival number (from 1)
     * @param topic   the job's topic
     * @param section the section asked for (from 1), or {@link #OUTLINE}
     */
    record Call(int number, String topic, int section) {
    }

    private final List<String> topics = new CopyOnWriteArrayList<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> mostInFlight = new ConcurrentHashMap<>();

    /** Makes the requests of the job on {@code topic} known apart from the others'. */
    void track(String topic) {
        topics.add(topic);
    }

    /** @return the text of a section reply, found again in the chapter that used it */
    static String reply(int number) {
        return "Paid reply #" + number + ".";
    }

    /**
     * Records {@code request} and answers it with {@code answer}, counting it in flight until answered.
     *
     * @return the recording behaviour
     */
    Behaviour record(FakeProviderServer.Request request, int number, Behaviour answer) {
        String topic = topicOf(request);
        calls.add(new Call(number, topic, ChapterReplies.isOutline(request) ? OUTLINE : ChapterReplies.sectionOf(request)));
        return (exchange, server) -> {
            int now = inFlight.computeIfAbsent(topic, t -> new AtomicInteger()).incrementAndGet();
            mostInFlight.computeIfAbsent(topic, t -> new AtomicInteger()).accumulateAndGet(now, Math::max);
            try {
                answer.answer(exchange, server);
            } finally {
                inFlight.get(topic).decrementAndGet();
            }
        };
    }

    /** @return the topic of the tracked job that sent {@code request}, or {@code ?} */
    String topicOf(FakeProviderServer.Request request) {
        return topics.stream().filter(t -> request.body().contains(t)).findFirst().orElse("?");
    }

    /** @return how many requests arrived so far, all jobs together */
    int count() {
        return calls.size();
    }

    /** @return how often the job on {@code topic} asked for {@code section} */
    long count(String topic, int section) {
        return calls.stream().filter(c -> c.topic().equals(topic) && c.section() == section).count();
    }

    /** @return the arrival number of the job's latest request for {@code section} */
    OptionalInt last(String topic, int section) {
        return calls.stream().filter(c -> c.topic().equals(topic) && c.section() == section).mapToInt(Call::number).max();
    }

    /** @return the most provider calls the job on {@code topic} had in flight at once */
    int mostInFlight(String topic) {
        AtomicInteger most = mostInFlight.get(topic);
        return most == null ? 0 : most.get();
    }
}
