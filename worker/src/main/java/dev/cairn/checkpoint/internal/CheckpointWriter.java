package dev.cairn.checkpoint.internal;

import java.util.List;

/** Sends checkpoint writes somewhere: Redis, or nowhere when checkpoints are disabled. */
interface CheckpointWriter {

    /**
     * A step start or finish.
     *
     * @param args ARGV of {@code checkpoint-write.lua}, as {@link WriteArgs#encode()} makes it
     * @return the script's reply, or {@code null} when nothing is stored
     */
    Object write(List<String> args);

    /**
     * A cursor inside a running step (the hot path).
     *
     * @param args ARGV of {@code checkpoint-cursor.lua}, as {@link CursorArgs#encode()} makes it
     */
    void cursor(List<String> args);

    /** A writer that stores nothing, for disabled checkpoints. */
    CheckpointWriter NOWHERE = new CheckpointWriter() {
        @Override
        public Object write(List<String> args) {
            return null;
        }

        @Override
        public void cursor(List<String> args) {
        }
    };
}
