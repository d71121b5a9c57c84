package dev.cairn.bench.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one chaos soak ({@link ChaosSoak}) does: how many worker processes, how many jobs, how long the
 * kill phase lasts and how often a worker is killed. Two profiles: the default (3 minutes of kills,
 * ~4–5 minutes in all) and {@code --short} (60 s of kills, ~90 s in all on a quiet machine); every option
 * overrides the profile.
 *
 * @param profile         {@code default} or {@code short}
 * @param killPhase       how long workers are killed ({@code --minutes})
 * @param workers         worker processes ({@code --workers}, at least 2: one must stay up while another restarts)
 * @param jobs            jobs enqueued at the start ({@code --jobs}), half {@code pdf-processing}, half {@code chapter-generation}
 * @param killEvery       a {@code kill -9} of a random worker this often ({@code --kill-every}, seconds)
 * @param workerThreads   {@code CAIRN_WORKER_COUNT} of every worker: small, so jobs queue up
 * @param drainTimeout    how long at most to wait, after the kill phase, for every job to finish
 * @param out             where the JSON goes ({@code --out})
 * @param seed            the random seed of kills, job mix and provider behaviour ({@code --seed}; reported)
 * @param keepLogs        keep the workers' logs and outputs even when every figure is 0 ({@code --keep})
 */
record ChaosSettings(String profile, Duration killPhase, int workers, int jobs, Duration killEvery, int workerThreads,
                     Duration drainTimeout, Path out, long seed, boolean keepLogs) {

    /** {@code CAIRN_JOB_MAX_CRASH_RECOVERIES} of the soak's workers (default 3; see {@link ChaosFleet}). */
    static final int MAX_CRASH_RECOVERIES = 20;
    /** The worker's default {@code CAIRN_JOB_MAX_CRASH_RECOVERIES}, against which "would have been poison" is counted. */
    static final int DEFAULT_MAX_CRASH_RECOVERIES = 3;

    ChaosSettings {
        if (workers < 2) throw new IllegalArgumentException("--workers must be at least 2 (one stays up while another restarts)");
        if (jobs < 4) throw new IllegalArgumentException("--jobs must be at least 4");
        if (killEvery.toMillis() < 1000) throw new IllegalArgumentException("--kill-every must be at least 1 s");
        if (killPhase.toSeconds() < 10) throw new IllegalArgumentException("--minutes gives a kill phase under 10 s");
    }

    static final String USAGE = """
            usage: bench/chaos [--short] [--minutes N] [--workers N] [--jobs N] [--kill-every S] [--seed N] [--out FILE] [--keep]
              default: 3 min of kills, 3 workers, 240 jobs, a kill every 6 s (about 4-5 min in all)
              --short: 60 s of kills, 3 workers, 60 jobs, a kill every 6 s (about 90 s in all on a quiet machine)
              --keep:  keep the workers' logs and job outputs (kept anyway when a figure is not 0)""";

    /** @throws IllegalArgumentException on an unknown option or a bad value (the message says which) */
    static ChaosSettings parse(String[] args) {
        boolean isShort = false;
        for (String a : args) if (a.equals("--short")) isShort = true;
        double minutes = isShort ? 1 : 3;
        int workers = 3;
        int jobs = isShort ? 60 : 240;
        double killEvery = 6;
        long seed = System.nanoTime();
        boolean keep = false;
        Path out = Path.of("bench", "results", "chaos-latest.json");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--short" -> { }
                case "--keep" -> keep = true;
                case "--minutes" -> minutes = number(args, ++i, a);
                case "--workers" -> workers = (int) number(args, ++i, a);
                case "--jobs" -> jobs = (int) number(args, ++i, a);
                case "--kill-every" -> killEvery = number(args, ++i, a);
                case "--seed" -> seed = (long) number(args, ++i, a);
                case "--out" -> out = Path.of(value(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        Duration phase = Duration.ofMillis(Math.round(minutes * 60_000));
        // why: the drain after the kills must cover the backlog of a slow machine, but stay bounded
        Duration drain = Duration.ofSeconds(Math.max(180, phase.toSeconds()));
        return new ChaosSettings(isShort ? "short" : "default", phase, workers, jobs, Duration.ofMillis(Math.round(killEvery * 1000)),
                4, drain, out, seed, keep);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException(option + " lacks its value");
        return args[i];
    }

    private static double number(String[] args, int i, String option) {
        String v = value(args, i, option);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a number, got '" + v + "'");
        }
    }

    /** @return the settings as the JSON reports them */
    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("profile", profile);
        m.put("kill_phase_s", killPhase.toSeconds());
        m.put("workers", workers);
        m.put("worker_threads", workerThreads);
        m.put("jobs", jobs);
        m.put("kill_every_s", killEvery.toMillis() / 1e3);
        m.put("drain_timeout_s", drainTimeout.toSeconds());
        m.put("max_crash_recoveries", MAX_CRASH_RECOVERIES);
        m.put("seed", seed);
        return m;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s profile: %d workers x %d threads, %d jobs, a kill every %.1f s for %d s, seed %d",
                profile, workers, workerThreads, jobs, killEvery.toMillis() / 1e3, killPhase.toSeconds(), seed);
    }
}
