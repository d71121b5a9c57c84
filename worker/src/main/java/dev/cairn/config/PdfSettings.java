package dev.cairn.config;

import dev.cairn.config.internal.EnvReader;

import java.time.Duration;

/**
 * Limits on the input of the {@code pdf-processing} pipeline, so that a hostile or broken PDF fails its
 * job with a reason instead of tying up or taking down a worker. The largest accepted file is
 * {@code CAIRN_MAX_UPLOAD_MB} ({@link HttpSettings#maxUploadBytes()}), for uploads and for files put
 * in the input dir by other means alike.
 *
 * @param maxPages     {@code CAIRN_PDF_MAX_PAGES}: most pages a document may have
 * @param maxTextBytes {@code CAIRN_PDF_MAX_TEXT_MB} in bytes: most text (UTF-8) extracted from one document
 * @param pageTimeout  {@code CAIRN_PDF_PAGE_TIMEOUT}: longest wall-clock time the text extraction of one
 *                     page may take; a page that takes longer fails the job for good, naming the page
 */
public record PdfSettings(int maxPages, long maxTextBytes, Duration pageTimeout) {

    /** Variable of {@link #maxPages()}. */
    public static final String MAX_PAGES = "CAIRN_PDF_MAX_PAGES";
    /** Variable of {@link #maxTextBytes()}. */
    public static final String MAX_TEXT_MB = "CAIRN_PDF_MAX_TEXT_MB";
    /** Variable of {@link #pageTimeout()}. */
    public static final String PAGE_TIMEOUT = "CAIRN_PDF_PAGE_TIMEOUT";

    public static final int DEFAULT_MAX_PAGES = 100_000;
    public static final int DEFAULT_MAX_TEXT_MB = 256;
    /**
     * Generous on purpose: pages take milliseconds, but the limit is wall-clock time and a worker runs
     * many jobs per core, so a heavy page on a busy worker can take many times its CPU time.
     */
    public static final Duration DEFAULT_PAGE_TIMEOUT = Duration.ofSeconds(30);

    /** Settings with every default. */
    public static final PdfSettings DEFAULTS =
            new PdfSettings(DEFAULT_MAX_PAGES, DEFAULT_MAX_TEXT_MB * 1024L * 1024L, DEFAULT_PAGE_TIMEOUT);

    /** Rejects limits that could never accept a document. */
    public PdfSettings {
        if (maxPages < 1) throw new IllegalArgumentException("maxPages must be positive");
        if (maxTextBytes < 1) throw new IllegalArgumentException("maxTextBytes must be positive");
        if (pageTimeout.isNegative() || pageTimeout.isZero()) throw new IllegalArgumentException("pageTimeout must be positive");
    }

    static PdfSettings fromEnv(EnvReader env) {
        return new PdfSettings(
                env.integer(MAX_PAGES, DEFAULT_MAX_PAGES, 1, 10_000_000),
                env.integer(MAX_TEXT_MB, DEFAULT_MAX_TEXT_MB, 1, 100_000) * 1024L * 1024L,
                env.duration(PAGE_TIMEOUT, DEFAULT_PAGE_TIMEOUT, Duration.ofMillis(100), Duration.ofHours(1)));
    }
}
