package dev.cairn.config;

import dev.cairn.config.internal.EnvReader;

/**
 * Limits of one {@code POST /api/jobs/batch} request. The body is streamed, so these bound the work one
 * request can hold a worker to, not its memory: at most one line and one chunk of jobs are held at once.
 *
 * @param maxLines     {@code CAIRN_BATCH_MAX_LINES}: submissions one request may carry; a longer batch is
 *                     answered 413 (when nothing was stored yet) or ends with a {@code batch_too_large} line
 * @param maxLineBytes {@code CAIRN_BATCH_MAX_LINE_KB} in bytes: the longest line; a longer one is answered
 *                     {@code line_too_long} and the batch goes on with the next line
 */
public record BatchSettings(int maxLines, int maxLineBytes) {

    public static final int DEFAULT_MAX_LINES = 100_000;
    public static final int DEFAULT_MAX_LINE_KB = 64;
    /** A line is one job submission; a single {@code POST /api/jobs} takes at most 1 MiB either. */
    public static final int MAX_LINE_KB = 1024;

    /** The defaults. */
    public static final BatchSettings DEFAULTS = new BatchSettings(DEFAULT_MAX_LINES, DEFAULT_MAX_LINE_KB * 1024);

    public BatchSettings {
        if (maxLines < 1) throw new IllegalArgumentException("maxLines must be positive: " + maxLines);
        if (maxLineBytes < 64 || maxLineBytes > MAX_LINE_KB * 1024) {
            throw new IllegalArgumentException("maxLineBytes out of 64.." + MAX_LINE_KB * 1024 + ": " + maxLineBytes);
        }
    }

    static BatchSettings fromEnv(EnvReader env) {
        return new BatchSettings(env.integer("CAIRN_BATCH_MAX_LINES", DEFAULT_MAX_LINES, 1, 10_000_000),
                env.integer("CAIRN_BATCH_MAX_LINE_KB", DEFAULT_MAX_LINE_KB, 1, MAX_LINE_KB) * 1024);
    }
}
