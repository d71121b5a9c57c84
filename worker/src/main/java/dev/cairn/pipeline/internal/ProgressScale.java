package dev.cairn.pipeline.internal;

/**
 * Maps a step's own progress (0–1) to the job's overall percent: each of the pipeline's steps is an
 * equal share.
 *
 * @param index the step's position, from 0
 * @param count how many steps the pipeline has
 */
public record ProgressScale(int index, int count) {

    /** @return overall percent when the step is {@code fraction} done */
    public double percent(double fraction) {
        double f = Double.isNaN(fraction) ? 0 : Math.max(0, Math.min(1, fraction));
        return (index + f) * 100.0 / count;
    }

    /** @return overall percent once the step is finished */
    public double done() {
        return percent(1);
    }
}
