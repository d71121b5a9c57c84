package dev.cairn.jobs.internal;

import dev.cairn.pipeline.StepEvents;
import org.jobrunr.jobs.context.JobContext;
import org.jobrunr.jobs.context.JobDashboardProgressBar;
import org.jobrunr.server.runner.ThreadLocalJobContext;

/**
 * Shows a running job's checkpoint story in the JobRunr dashboard through its {@link JobContext}: a log
 * line per step event (started, resumed at cursor, completed, skipped, already done) and a progress bar
 * that follows the checkpoint's progress. JobRunr keeps both in the job's metadata and saves them with
 * the job, so ops reading a job there see which steps ran, which were skipped thanks to the checkpoint,
 * and where a step resumed.
 */
public final class DashboardStepEvents implements StepEvents {

    private static final int BAR_TOTAL = 100;

    private final JobContext context;
    private JobDashboardProgressBar bar;

    private DashboardStepEvents(JobContext context) {
        this.context = context;
    }

    /** @return events for the job running on this thread, or {@link StepEvents#NONE} outside a JobRunr job */
    public static StepEvents forCurrentJob() {
        JobContext context = ThreadLocalJobContext.getJobContext();
        return context == null || context == JobContext.Null ? NONE : new DashboardStepEvents(context);
    }

    @Override
    public void jobResumed(String step, int resumeCount) {
        info("Resumed from its checkpoint at step '" + step + "' (resume #" + resumeCount + ")");
    }

    @Override
    public void stepStarted(String step, int run, String cursor) {
        info(cursor == null ? "Step '" + step + "' started (run " + run + ")"
                : "Step '" + step + "' resumed at cursor " + cursor + " (run " + run + ")");
    }

    @Override
    public void stepAlreadyDone(String step) {
        info("Step '" + step + "' already done: not run again");
    }

    @Override
    public void stepCompleted(String step) {
        info("Step '" + step + "' completed");
    }

    @Override
    public void stepSkipped(String step, String reason) {
        info("Step '" + step + "' skipped: " + reason);
    }

    @Override
    public void stepFailed(String step, String message) {
        try {
            context.logger().error("Step '" + step + "' failed: " + message);
        } catch (RuntimeException ignored) {
            // why: the dashboard is a view; it must never change how a job ends
        }
    }

    @Override
    public void progress(double percent) {
        try {
            if (bar == null) bar = context.progressBar(BAR_TOTAL);
            bar.setProgress(Math.max(0, Math.min(BAR_TOTAL, Math.round(percent))));
        } catch (RuntimeException ignored) {
            // why: the dashboard is a view; it must never change how a job ends
        }
    }

    private void info(String line) {
        try {
            context.logger().info(line);
        } catch (RuntimeException ignored) {
            // why: the dashboard is a view; it must never change how a job ends
        }
    }
}
