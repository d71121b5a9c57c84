package dev.cairn.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.chapter.TestProviders;
import dev.cairn.chapter.internal.Outline;
import dev.cairn.config.ProviderSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile replies from an OpenAI-compatible provider, through the real provider, circuit breaker and
 * reply reader of the chapter outline step: mutated, truncated, oversized, deeply nested or wrongly typed
 * JSON, wrong content types and statuses, empty bodies, invalid UTF-8, connections that end early or
 * trickle. Every call must end with a usable reply or a {@link ProviderException} (an unusable 2xx reply
 * as one the breaker counts, so the call fails over and the job retries), never another exception and
 * never later than shortly after the provider's timeout.
 *
 * <p>Reproducible like {@code PdfFuzzTest}: case {@code i} uses {@code new Random(seed + i)};
 * {@code -Dcairn.fuzz.cases=N} and {@code -Dcairn.fuzz.seed=N} choose the series.
 */
class ProviderReplyFuzzTest {

    private static final int CASES = Integer.getInteger("cairn.fuzz.cases", 200);
    private static final long SEED = Long.getLong("cairn.fuzz.seed", 20_261_123L);
    private static final Duration PROVIDER_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration CALL_LIMIT = Duration.ofSeconds(15);
    private static final String OUTLINE = ChapterReplies.outline("Tides", 3);
    private static final ProviderRequest REQUEST = ProviderRequest.outline("You write outlines.", "Outline: tides", "Tides", 3, "");

    private final FakeProviderServer server = FakeProviderServer.start();
    private final TestProviders providers = new TestProviders();

    @AfterEach
    void stop() {
        server.close();
        providers.close();
    }

    @Test
    void shouldEndEveryHostileReplyAsAUsableReplyOrAProviderException() {
        ProviderSettings settings = new ProviderSettings("fake", URI.create(server.baseUrl()), Optional.empty(), "fake-model",
                Optional.empty(), PROVIDER_TIMEOUT);
        ProviderChain chain = providers.chain(Provider.openAiCompatible(settings, new SimpleMeterRegistry()));
        List<String> failures = new ArrayList<>();
        int usable = 0;
        for (int i = 0; i < CASES; i++) {
            long seed = SEED + i;
            ReplyMutations.Reply reply = ReplyMutations.next(OUTLINE, new Random(seed));
            providers.resetBreakers(); // every case starts with a closed breaker
            server.enqueue(reply.behaviour());

            String problem = problem(reply, call(chain));
            if (problem == null) usable++;
            else if (!problem.startsWith("ok") && failures.size() < 10) failures.add("seed " + seed + " (" + reply.description() + "): " + problem);
        }
        assertThat(failures).as("calls that ended another way (replay with -Dcairn.fuzz.seed=<seed> -Dcairn.fuzz.cases=1)").isEmpty();
        assertThat(usable).as("replies that survived their mutation").isPositive();
    }

    /** How one call ended: the outline, the exception it threw, or {@code null} when it did not end in time. */
    private record Ended(Outline outline, Throwable error, Duration took) {
    }

    private static Ended call(ProviderChain chain) {
        FutureTask<Outline> call = new FutureTask<>(() -> chain.call(REQUEST, reply -> {
            try {
                return Outline.parseReply(reply.text(), 3);
            } catch (Outline.InvalidOutlineException e) {
                throw new UnusableReplyException(e.getMessage()); // as OutlineStep does
            }
        }));
        Thread thread = new Thread(call, "provider-call");
        thread.setDaemon(true);
        long start = System.nanoTime();
        thread.start();
        try {
            Outline outline = call.get(CALL_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            return new Ended(outline, null, Duration.ofNanos(System.nanoTime() - start));
        } catch (ExecutionException e) {
            return new Ended(null, e.getCause(), Duration.ofNanos(System.nanoTime() - start));
        } catch (TimeoutException e) {
            call.cancel(true);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @return {@code null} for a usable reply, "ok …" for a fitting ProviderException, else what is wrong */
    private static String problem(ReplyMutations.Reply reply, Ended ended) {
        if (ended == null) return "no end within " + CALL_LIMIT.toSeconds() + " s";
        if (ended.took().compareTo(PROVIDER_TIMEOUT.multipliedBy(5)) > 0) return "took " + ended.took().toMillis() + " ms";
        if (ended.error() == null) return ended.outline().sections().size() == 3 ? null : "an outline with the wrong sections";
        if (!(ended.error() instanceof ProviderException failure)) return "threw " + trace(ended.error());
        if (reply.successful() && !failure.isBreakerFailure()) {
            return "a " + reply.status() + " reply ended as " + failure.kind() + ", which the breaker does not count: " + failure.getMessage();
        }
        if (reply.stalls() && failure.kind() != ProviderException.Kind.TIMEOUT) return "a stalled reply ended as " + failure.kind();
        return "ok " + failure.kind();
    }

    private static String trace(Throwable error) {
        StringWriter out = new StringWriter();
        error.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
