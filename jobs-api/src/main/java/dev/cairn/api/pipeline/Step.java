package dev.cairn.api.pipeline;

import java.util.Objects;

/**
 * One named step of a {@link Pipeline}.
 *
 * <p>A step that completed is never run again for the same job while the job's checkpoint lives. A
 * step that was running when its worker died is run again (at-least-once), starting from the last
 * cursor it saved with {@link StepContext#checkpoint(String, double)}. Write steps to be idempotent:
 * write files atomically, and key any external effect by job id and cursor.
 */
public interface Step {

    /** @return the step's name, unique within its pipeline; part of the job's public JSON */
    String name();

    /**
     * Does the step's work.
     *
     * @param context the job's payload, the step's saved cursor, and the ways to checkpoint
     * @throws Exception any failure; a {@link dev.cairn.api.CairnException} says whether it is retryable
     */
    void run(StepContext context) throws Exception;

    /**
     * The body of a step, for {@link #of(String, Body)}.
     */
    @FunctionalInterface
    interface Body {
        /**
         * @param context as for {@link Step#run(StepContext)}
         * @throws Exception any failure
         */
        void run(StepContext context) throws Exception;
    }

    /**
     * A step from a name and a lambda.
     *
     * @param name the step's name
     * @param body what it does
     * @return the step
     */
    static Step of(String name, Body body) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
        return new Step() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void run(StepContext context) throws Exception {
                body.run(context);
            }

            @Override
            public String toString() {
                return "Step[" + name + "]";
            }
        };
    }
}
