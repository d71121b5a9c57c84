package dev.cairn.cli;

import dev.cairn.api.CheckpointView;
import dev.cairn.api.JobView;
import dev.cairn.api.StepView;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The human-readable form of a job for {@code cairn status}. */
final class JobTable {

    private JobTable() {
    }

    /**
     * @param job the job
     * @return lines ending in a newline
     */
    static String render(JobView job) {
        StringBuilder out = new StringBuilder();
        row(out, "", "job", job.jobId());
        row(out, "", "type", job.type());
        row(out, "", "state", job.state());
        row(out, "", "attempts", String.valueOf(job.attempts()));
        row(out, "", "created", time(job.createdAt()));
        row(out, "", "updated", time(job.updatedAt()));
        checkpoint(out, job.checkpoint());
        if (job.result() != null && job.result().containsKey("output_dir")) {
            row(out, "", "output dir", String.valueOf(job.result().get("output_dir")));
        }
        if (job.result() != null && job.result().get("note") != null) {
            row(out, "", "note", String.valueOf(job.result().get("note")));
        }
        if (job.error() != null) {
            out.append("\nerror\n");
            row(out, "  ", "class", job.error().errorClass());
            row(out, "  ", "message", job.error().message());
        }
        return out.toString();
    }

    private static void checkpoint(StringBuilder out, CheckpointView checkpoint) {
        out.append('\n');
        if (checkpoint == null) {
            out.append("no checkpoint (not started, or expired)\n");
            return;
        }
        out.append("checkpoint\n");
        StepView failed = checkpoint.steps().stream().filter(st -> StepView.FAILED.equals(st.status())).findFirst().orElse(null);
        if (failed != null) {
            row(out, "  ", "failed step", failed.name());
        } else {
            row(out, "  ", "current step", checkpoint.currentStep() == null ? "- (all steps done)" : checkpoint.currentStep());
        }
        row(out, "  ", "progress", String.format(Locale.ROOT, "%.1f %%", checkpoint.progressPercent()));
        row(out, "  ", "resumed", checkpoint.resumedCount() + (checkpoint.resumedCount() == 1 ? " time" : " times"));
        row(out, "  ", "updated", time(checkpoint.updatedAt()));
        if (checkpoint.steps().isEmpty()) return;
        out.append('\n');
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"STEP", "STATUS", "RUNS", "CURSOR"});
        for (StepView step : checkpoint.steps()) {
            rows.add(new String[]{step.name(), step.status(), String.valueOf(step.runs()), step.cursor() == null ? "" : step.cursor()});
        }
        TextTable.columns(out, "  ", rows);
    }

    private static void row(StringBuilder out, String indent, String label, String value) {
        TextTable.labelled(out, indent, 14, label, value);
    }

    private static String time(Instant instant) {
        return instant == null ? "-" : instant.toString();
    }
}
