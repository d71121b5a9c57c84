package dev.cairn.checkpoint.internal;

import java.util.List;

/** Sends one checkpoint write (the arguments of {@code checkpoint-write.lua} after the token) somewhere. */
@FunctionalInterface
interface CheckpointWriter {

    /**
     * @param args ARGV of {@code checkpoint-write.lua}
     * @return the script's reply, or {@code null} when nothing is stored
     */
    Object write(List<String> args);
}
