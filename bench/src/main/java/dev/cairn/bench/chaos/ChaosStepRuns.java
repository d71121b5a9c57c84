package dev.cairn.bench.chaos;

import dev.cairn.api.CheckpointView;
import dev.cairn.api.StepView;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "Completed steps run twice", from a finished job's step table ({@code GET /api/jobs/{id}} →
 * {@code checkpoint.steps[].runs}). A step's {@code runs} counts its starts, and a step is started again
 * only by a new attempt of its job, so without a redo every start beyond the first is explained by an
 * attempt that ended while that step ran:
 * <ul>
 *   <li>a kill: the monkey read the step in flight from the checkpoint right after each kill
 *   ({@link ChaosMonkey.Hit}: {@code current} step, status {@code running}); each distinct
 *   {@code (step, runs)} seen so counts once (a job killed twice before its next attempt started the step
 *   again is one interrupted start, not two);</li>
 *   <li>a failure: a FAILED state in the job's JobRunr history (a provider's 500, a breaker wait) that is
 *   not an orphan, attributed to the step whose {@code run} method is in its stack trace.</li>
 * </ul>
 * {@code runs > 1 + kills in the step + failures in the step} means a step was started although an earlier
 * start of it had completed: a completed step was run again. Failures whose stack trace names no step
 * (thrown between steps) are allowed to any step, and counted.
 */
final class ChaosStepRuns {

    private static final Pattern STEP_FRAME = Pattern.compile("dev\\.cairn\\.(?:chapter|pdf)\\.(\\w+)Step\\.run\\(");
    private static final String ORPHAN = "org.jobrunr.jobs.exceptions.IllegalJobThreadStateException";

    /**
     * A step started more often than its interruptions explain.
     *
     * @param step    the step
     * @param runs    its runs in the step table
     * @param allowed 1 + kills in it + failures in it (+ failures in no step)
     */
    record Violation(String step, int runs, int allowed) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "step %s ran %d time(s), interruptions explain %d", step, runs, allowed);
        }
    }

    /**
     * @param violations  the steps started too often
     * @param unattributed failures whose stack trace names no step
     * @param extraRuns    starts beyond the first, over all steps (explained or not)
     */
    record Result(List<Violation> violations, int unattributed, int extraRuns) {
    }

    private ChaosStepRuns() {
    }

    /**
     * @param checkpoint the finished job's step table
     * @param hits       what the kills that hit this job saw in flight
     * @param history    the job's JobRunr state history
     */
    static Result check(CheckpointView checkpoint, List<ChaosMonkey.Hit> hits, List<ChaosProbe.State> history) {
        Map<String, Set<Integer>> killed = new HashMap<>();
        for (ChaosMonkey.Hit hit : hits) {
            if (hit.interruptedStep()) killed.computeIfAbsent(hit.step(), s -> new HashSet<>()).add(hit.runs());
        }
        Map<String, Integer> failed = new HashMap<>();
        int unattributed = 0;
        for (ChaosProbe.State s : history) {
            if (!s.isFailed() || ORPHAN.equals(s.exception())) continue;
            String step = stepOf(s.stackTrace());
            if (step == null) unattributed++;
            else failed.merge(step, 1, Integer::sum);
        }
        List<Violation> violations = new ArrayList<>();
        int extra = 0;
        for (StepView step : checkpoint.steps()) {
            int allowed = 1 + killed.getOrDefault(step.name(), Set.of()).size() + failed.getOrDefault(step.name(), 0) + unattributed;
            extra += Math.max(0, step.runs() - 1);
            if (step.runs() > allowed) violations.add(new Violation(step.name(), step.runs(), allowed));
        }
        return new Result(violations, unattributed, extra);
    }

    /** @return e.g. {@code extract-text} for a trace through {@code dev.cairn.pdf.ExtractTextStep.run(…)}; null when none */
    static String stepOf(String stackTrace) {
        if (stackTrace == null) return null;
        Matcher m = STEP_FRAME.matcher(stackTrace);
        if (!m.find()) return null;
        return m.group(1).replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
