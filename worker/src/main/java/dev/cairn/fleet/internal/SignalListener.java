package dev.cairn.fleet.internal;

import dev.cairn.fleet.WorkSignal;
import dev.cairn.fleet.internal.SignalOutcomes.Outcome;
import dev.cairn.redis.RedisKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One worker's answer to the "jobs ready" signals it hears, on a thread of its own. A worker without a
 * free thread ignores a signal. One with a free thread claims it ({@code SET <claim key> <worker> NX PX});
 * only the worker whose claim succeeds looks for jobs, so a signal costs the fleet one onboarding query
 * however many workers listen. If that pass filled every free thread, more jobs may be waiting: the worker
 * passes the signal on (publishes a new one) for the next idle worker; if it found fewer, the chain ends.
 * A claim Redis does not answer is no reason to leave work waiting: the worker onboards anyway.
 */
final class SignalListener implements AutoCloseable {

    /** How long a claim is kept: longer than any signal takes to reach every worker. */
    static final Duration CLAIM_TTL = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(SignalListener.class);

    private enum Claim { WON, LOST, UNANSWERED }

    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final String owner;
    private final WorkSignal.Onboarding onboarding;
    private final Runnable passOn;
    private final SignalOutcomes outcomes;
    private final ExecutorService thread;
    private final AtomicReference<String> waiting = new AtomicReference<>();

    /**
     * @param owner  written into the claims this worker wins, to tell who answered a signal
     * @param passOn publishes a new signal, for the next idle worker
     */
    SignalListener(UnifiedJedis redis, RedisKeys keys, String owner, WorkSignal.Onboarding onboarding, Runnable passOn,
                   SignalOutcomes outcomes) {
        this.redis = redis;
        this.keys = keys;
        this.owner = owner;
        this.onboarding = onboarding;
        this.passOn = passOn;
        this.outcomes = outcomes;
        this.thread = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("cairn-work-signal").factory());
    }

    /** A message heard on the channel; returns at once. */
    void heard(String message) {
        // why: signals heard while one waits are folded into it; the pass it leads to starts after all of them were heard, so it sees their jobs
        if (waiting.getAndSet(message) == null) execute(this::answerWaiting);
    }

    /** The subscription is (re)established: signals sent while away are lost, so look for jobs without a claim. */
    void connected() {
        execute(this::onboardQuietly);
    }

    private void answerWaiting() {
        String message = waiting.getAndSet(null);
        if (message == null) return;
        if (!onboarding.hasCapacity()) {
            outcomes.count(Outcome.IGNORED_BUSY);
            return;
        }
        Claim claim = SignalPublisher.SIGNAL_ID.matcher(message).matches() ? claim(message) : Claim.UNANSWERED;
        if (claim == Claim.LOST) {
            outcomes.count(Outcome.LOST);
            return;
        }
        outcomes.count(claim == Claim.WON ? Outcome.CLAIMED : Outcome.UNCLAIMED_FALLBACK);
        // why: only a claimed signal is passed on; without claims every worker onboards on its own anyway
        if (onboardQuietly() && claim == Claim.WON) passOn.run();
    }

    private Claim claim(String signalId) {
        try {
            String reply = redis.set(keys.jobsReadyClaim(signalId), owner, SetParams.setParams().nx().px(CLAIM_TTL.toMillis()));
            return "OK".equals(reply) ? Claim.WON : Claim.LOST;
        } catch (JedisException e) {
            LOG.debug("Could not claim work signal {} ({}); looking for jobs anyway", signalId, e.getMessage());
            return Claim.UNANSWERED;
        }
    }

    /** @return whether the pass filled every free thread (so more jobs may be waiting) */
    private boolean onboardQuietly() {
        try {
            return onboarding.onboard();
        } catch (RuntimeException e) {
            // why: the job storage failed; JobRunr's poll, the safety net, tries again and reports it
            LOG.debug("Looking for jobs after a work signal failed: {}", e.getMessage());
            return false;
        }
    }

    private void execute(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException closed) {
            waiting.set(null);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
