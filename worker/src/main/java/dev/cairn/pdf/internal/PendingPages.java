package dev.cairn.pdf.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Extracted pages whose files are not written yet: {@code extract-text} writes them together, then saves one
 * cursor past them. Why: a checkpoint per page was a Redis write per page, ~500 a second for every thread
 * extracting a dense document, to save work that costs ~2 ms a page to redo; a batch makes it one write per
 * 16 pages (a 300-page document: 22 checkpoint writes instead of 303). What a crash can cost is bounded: a batch is written once it holds {@value #MAX_PAGES} pages or
 * {@value #MAX_BYTES} bytes of text, or once the extraction since the last checkpoint took
 * {@value #MAX_MILLIS} ms, so a slow page is written and checkpointed as soon as it is done.
 *
 * <p>Not thread-safe: one step run on one thread.
 */
public final class PendingPages {

    /** Most pages in one batch. */
    public static final int MAX_PAGES = 16;
    /** Most text in one batch, raw text and paragraphs together (UTF-8 bytes of the raw text, chars of the paragraphs). */
    public static final long MAX_BYTES = 1 << 20;
    /** Longest extraction whose pages wait for their files: a crash redoes at most about this much work. */
    public static final long MAX_MILLIS = 250;

    private record Page(int number, byte[] text, String paragraphs) {
    }

    private final PageTextFiles files;
    private final List<Page> pending = new ArrayList<>(MAX_PAGES);
    private long bytes;
    private long since;

    /**
     * @param files     where the pages go
     * @param startedAt when the extraction started ({@link System#nanoTime()})
     */
    public PendingPages(PageTextFiles files, long startedAt) {
        this.files = files;
        this.since = startedAt;
    }

    /**
     * Holds a page until its batch is written.
     *
     * @param page       1-based page number, after the pages held already
     * @param text       the page's raw text, UTF-8
     * @param paragraphs the page's paragraphs
     */
    public void add(int page, byte[] text, String paragraphs) {
        pending.add(new Page(page, text, paragraphs));
        bytes += text.length + paragraphs.length();
    }

    /**
     * @param now {@link System#nanoTime()}
     * @return whether pages are held and make a batch to write now
     */
    public boolean isDue(long now) {
        if (pending.isEmpty()) return false;
        return pending.size() >= MAX_PAGES || bytes >= MAX_BYTES || now - since >= MAX_MILLIS * 1_000_000;
    }

    /** @return whether no page is held */
    public boolean isEmpty() {
        return pending.isEmpty();
    }

    /** @return the number of the last page held; only when not {@link #isEmpty()} */
    public int lastPage() {
        return pending.get(pending.size() - 1).number();
    }

    /**
     * Writes the files of every page held, in page order, and forgets them. A plain write (no temp file and
     * rename) is enough: a page torn by a crash lies after the saved cursor, so the resumed run writes it again,
     * and the rename would cost ~10% of the step. The paragraphs go first: a page whose raw text exists has them too.
     *
     * @param now {@link System#nanoTime()}, where the next batch's time starts
     * @throws IOException when a file cannot be written; the pages stay held
     */
    public void write(long now) throws IOException {
        for (Page page : pending) {
            Files.writeString(files.paragraphsFile(page.number()), page.paragraphs(), StandardCharsets.UTF_8);
            Files.write(files.file(page.number()), page.text());
        }
        pending.clear();
        bytes = 0;
        since = now;
    }
}
