package dev.cairn.pdf.internal;

import dev.cairn.api.CairnException;
import java.time.Duration;

/**
 * The limits on PDFBox's work on one document, checked from inside PDFBox while it runs on this thread:
 * how far one stream may inflate, how many content bytes may pile up as operands before their operator
 * comes, and (while a page is extracted) a deadline. PDFBox keeps whatever it parses in memory and has
 * no limits of its own, so these checks are what stands between a small hostile file and an
 * out-of-memory worker (the image exits on OOM) or a job that never ends.
 *
 * <p>A limit that is hit throws a permanent {@link CairnException} naming it, and is remembered: PDFBox
 * catches and logs some errors and carries on, so the caller calls {@link #rethrow()} after the work.
 * {@link #enter()} makes the guard the thread's current one (which the stream filters consult, see
 * {@link BoundedFilters}) until {@link #close()}.
 */
public final class ReadGuard implements AutoCloseable {

    /**
     * The most bytes one PDF stream may decode to: 256 MB, or an eighth of the heap when that is less
     * (PDFBox holds a decoded stream in memory whole). Real content streams and fonts stay far below.
     */
    public static final long MAX_STREAM_BYTES = Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 8);
    /**
     * The most content bytes between two operators. Operands are held in memory until their operator
     * comes, at up to ~30 bytes of heap per byte of content ({@code ()()()…}); real content has an
     * operator every few bytes, and inline images should be under 4 KB (PDF 32000, 8.9.7).
     */
    public static final long MAX_OPERAND_BYTES = 4L << 20;

    private static final ThreadLocal<ReadGuard> CURRENT = new ThreadLocal<>();
    /** How many content bytes may be read between two looks at the clock. */
    private static final int CLOCK_EVERY_BYTES = 1 << 16;
    /** How many operators or glyphs may be handled between two looks at the clock. */
    private static final int CLOCK_EVERY_CALLS = 64;

    private ReadGuard previous;
    private boolean entered;
    private long deadline;
    private boolean hasDeadline;
    private String overrun;
    private long sinceOperator;
    private long bytesSinceClock;
    private int callsSinceClock;
    private CairnException breach;

    /** A guard that is not (yet) any thread's current one; see {@link #enter()}. */
    ReadGuard() {
    }

    /**
     * Makes a new guard the current one of this thread and makes sure PDFBox's filters consult it.
     *
     * @return the guard; close it when the document is done
     */
    public static ReadGuard enter() {
        BoundedFilters.install();
        ReadGuard guard = new ReadGuard();
        guard.previous = CURRENT.get();
        guard.entered = true;
        CURRENT.set(guard);
        return guard;
    }

    /** @return this thread's current guard, {@code null} outside any */
    static ReadGuard current() {
        return CURRENT.get();
    }

    /**
     * Sets a deadline until {@link #clearDeadline()}.
     *
     * @param timeout  from now
     * @param overrun  the failure's message when the deadline passes
     */
    public void deadline(Duration timeout, String overrun) {
        this.deadline = System.nanoTime() + timeout.toNanos();
        this.overrun = overrun;
        this.hasDeadline = true;
    }

    /** A page's content begins: nothing of the last page's content is pending. */
    void pageStarted() {
        sinceOperator = 0;
    }

    /** Ends the deadline: the work after it (writing files, checkpoints) is not the document's fault. */
    public void clearDeadline() {
        hasDeadline = false;
    }

    /** Throws when the deadline has passed. */
    void checkClock() {
        callsSinceClock = 0;
        bytesSinceClock = 0;
        if (hasDeadline && System.nanoTime() - deadline > 0) throw fail(overrun);
    }

    /** An operator was parsed: the operands before it are used up. Looks at the clock now and then. */
    void operator() {
        sinceOperator = 0;
        if (++callsSinceClock >= CLOCK_EVERY_CALLS) checkClock();
    }

    /** A glyph was shown. Looks at the clock now and then. */
    void glyph() {
        if (++callsSinceClock >= CLOCK_EVERY_CALLS) checkClock();
    }

    /**
     * The content parser consumed bytes (negative when it stepped back).
     *
     * @param bytes how many
     */
    void contentRead(long bytes) {
        sinceOperator += bytes;
        bytesSinceClock += bytes;
        if (sinceOperator > MAX_OPERAND_BYTES) {
            throw fail("the page content runs more than " + mb(MAX_OPERAND_BYTES)
                    + " without an operator; refusing it as a likely memory bomb");
        }
        if (bytesSinceClock >= CLOCK_EVERY_BYTES) checkClock();
    }

    /**
     * A stream decoder produced more output.
     *
     * @param bytes how many bytes it just wrote
     * @param total how many bytes this stream has decoded to so far
     */
    void decoded(int bytes, long total) {
        if (total > MAX_STREAM_BYTES) {
            throw fail("a compressed stream in the PDF inflates to more than " + mb(MAX_STREAM_BYTES)
                    + "; refusing it as a likely decompression bomb");
        }
        bytesSinceClock += bytes;
        if (bytesSinceClock >= CLOCK_EVERY_BYTES) checkClock();
    }

    /**
     * Records a limit as hit (the first one wins) and returns the error to throw.
     *
     * @param message the reason, as a user should read it
     * @return the permanent error
     */
    public CairnException fail(String message) {
        if (breach == null) breach = CairnException.permanent(message);
        return breach;
    }

    /** Throws the limit that was hit, if any, even when PDFBox caught it on the way out. */
    public void rethrow() {
        if (breach != null) throw breach;
    }

    /** Stops being the thread's current guard. */
    @Override
    public void close() {
        if (!entered) return;
        entered = false;
        if (previous == null) CURRENT.remove();
        else CURRENT.set(previous);
    }

    private static String mb(long bytes) {
        return (bytes >> 20) + " MB";
    }
}
