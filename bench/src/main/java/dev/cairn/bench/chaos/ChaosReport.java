package dev.cairn.bench.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cairn.bench.support.Report;
import dev.cairn.bench.support.Stats;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The chaos soak's result: {@code bench/results/chaos-latest.json} and the table printed at the end.
 *
 * <pre>
 * {"machine": {…}, "settings": {…},
 *  "figures": {"jobs_lost": 0, "completed_steps_run_twice": 0, "duplicate_outputs": 0, "wrongly_in_dlq": 0,
 *              "time_to_drain_s": 12.3, "restart_resume_latency_max_s": 14.2, "restart_resume_latency_median_s": 9.1,
 *              "kill_to_hand_back_max_s": 8.9, "kill_to_hand_back_median_s": 7.8},
 *  "verdict": "PASS", "counts": {…}, "kills": {…}, "violations": [...], "notes": [...], "worker_warnings": {…}}
 * </pre>
 */
final class ChaosReport {

    /** What the soak measured besides the audit's findings. */
    record Run(ChaosSettings settings, Map<String, Object> machine, ChaosFindings findings, List<ChaosMonkey.Kill> kills,
               int skippedKills, boolean endedEarly, Double drainSeconds, double killPhaseSeconds, int incarnations,
               List<ChaosFleet.UnexpectedExit> unexpectedExits, int providerRequests, int providerFailures, int providerUnexpected,
               Map<String, Integer> workerWarnings, String logsKeptIn) {
    }

    private ChaosReport() {
    }

    static Map<String, Object> figures(Run run) {
        Map<String, Object> f = new LinkedHashMap<>();
        for (String kind : ChaosFindings.MUST_BE_ZERO) f.put(kind, run.findings().figure(kind));
        f.put("time_to_drain_s", run.drainSeconds() == null ? null : Report.round(run.drainSeconds()));
        List<Double> resumes = run.findings().resumeSeconds;
        f.put("restart_resume_latency_max_s", resumes.isEmpty() ? null : Report.round(Stats.max(resumes)));
        f.put("restart_resume_latency_median_s", resumes.isEmpty() ? null : Report.round(Stats.median(resumes)));
        List<Double> handBacks = run.findings().handBackSeconds;
        f.put("kill_to_hand_back_max_s", handBacks.isEmpty() ? null : Report.round(Stats.max(handBacks)));
        f.put("kill_to_hand_back_median_s", handBacks.isEmpty() ? null : Report.round(Stats.median(handBacks)));
        return f;
    }

    /** A run passes when the four figures are 0 and every job drained in time. */
    static boolean passed(Run run) {
        return run.findings().passed() && run.drainSeconds() != null;
    }

    static void write(Path file, Run run) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("machine", run.machine());
        root.put("settings", run.settings().describe());
        root.put("figures", figures(run));
        root.put("verdict", passed(run) ? "PASS" : "FAIL");
        root.put("counts", run.findings().counts());
        Map<String, Object> kills = new LinkedHashMap<>();
        kills.put("kills", run.kills().size());
        kills.put("kills_hitting_jobs", run.kills().stream().filter(k -> !k.hits().isEmpty()).count());
        kills.put("skipped_to_keep_one_worker_up", run.skippedKills());
        kills.put("kill_phase_s", Report.round(run.killPhaseSeconds()));
        kills.put("kill_phase_ended_early", run.endedEarly());
        kills.put("worker_processes_started", run.incarnations());
        kills.put("resume_latencies_s", Report.round(run.findings().resumeSeconds));
        kills.put("hand_back_latencies_s", Report.round(run.findings().handBackSeconds));
        kills.put("unexpected_worker_exits", run.unexpectedExits().stream().map(ChaosReport::describe).toList());
        root.put("kills", kills);
        Map<String, Object> provider = new LinkedHashMap<>();
        provider.put("requests", run.providerRequests());
        provider.put("answered_500", run.providerFailures());
        provider.put("unexpected_requests", run.providerUnexpected());
        root.put("provider", provider);
        root.put("violations", ChaosFindings.describe(run.findings().violations(), 50));
        root.put("notes", ChaosFindings.describe(run.findings().notes(), 20));
        root.put("worker_warnings", run.workerWarnings());
        if (run.logsKeptIn() != null) root.put("logs_kept_in", run.logsKeptIn());
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(temp.toFile(), root);
        Files.writeString(temp, System.lineSeparator(), java.nio.file.StandardOpenOption.APPEND);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    }

    static void printTable(PrintStream out, Run run) {
        Map<String, Object> f = figures(run);
        ChaosFindings findings = run.findings();
        out.println();
        row(out, "figure", "value", "must be", "");
        row(out, "-".repeat(40), "-".repeat(10), "-".repeat(7), "-".repeat(4));
        for (String kind : ChaosFindings.MUST_BE_ZERO) {
            long v = findings.figure(kind);
            row(out, kind.replace('_', ' '), Long.toString(v), "0", v == 0 ? "ok" : "FAIL");
        }
        row(out, "time to drain after the last kill", seconds(f.get("time_to_drain_s")), "", run.drainSeconds() == null ? "FAIL" : "");
        row(out, "restart->resume latency, max", seconds(f.get("restart_resume_latency_max_s")), "", "");
        row(out, "restart->resume latency, median", seconds(f.get("restart_resume_latency_median_s")), "", "");
        row(out, "  of which kill->handed back, max", seconds(f.get("kill_to_hand_back_max_s")), "", "");
        row(out, "  of which kill->handed back, median", seconds(f.get("kill_to_hand_back_median_s")), "", "");
        long hitting = run.kills().stream().filter(k -> !k.hits().isEmpty()).count();
        row(out, "kills (hitting jobs, skipped)", run.kills().size() + " (" + hitting + ", " + run.skippedKills() + ")", "", "");
        Map<String, Object> c = findings.counts();
        row(out, "jobs hit by kills (job hits)", c.get("jobs_hit_by_kills") + " (" + c.get("job_hits") + ")", "", "");
        row(out, "jobs hit more than " + ChaosSettings.DEFAULT_MAX_CRASH_RECOVERIES + " times", String.valueOf(
                c.get("jobs_hit_more_than_" + ChaosSettings.DEFAULT_MAX_CRASH_RECOVERIES + "_times")), "", "");
        row(out, "provider requests (500s)", run.providerRequests() + " (" + run.providerFailures() + ")", "", "");
        out.println();
        for (ChaosFindings.Finding v : findings.violations().stream().limit(20).toList()) {
            out.println("  VIOLATION " + v.kind() + " job " + v.jobId() + ": " + v.detail());
        }
        for (ChaosFindings.Finding n : findings.notes().stream().limit(10).toList()) {
            out.println("  note " + n.kind() + " job " + n.jobId() + ": " + n.detail());
        }
        for (ChaosFleet.UnexpectedExit e : run.unexpectedExits()) out.println("  note: worker " + e.worker() + " exited on its own");
    }

    /** @return the exit with the last lines of its log, where the reason is */
    private static Map<String, Object> describe(ChaosFleet.UnexpectedExit e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("worker", e.worker());
        m.put("seen_at", e.seenAt().toString());
        List<String> lines = e.logTail().lines().toList();
        m.put("log_tail", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        return m;
    }

    private static String seconds(Object v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.1f s", ((Number) v).doubleValue());
    }

    private static void row(PrintStream out, String a, String b, String c, String d) {
        out.println(String.format(Locale.ROOT, "%-40s  %10s  %-7s  %s", a, b, c, d).stripTrailing());
    }
}
