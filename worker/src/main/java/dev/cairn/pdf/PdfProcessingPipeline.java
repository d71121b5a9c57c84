package dev.cairn.pdf;

import dev.cairn.api.pipeline.InvalidPayloadException;
import dev.cairn.api.pipeline.JobPayload;
import dev.cairn.api.pipeline.Pipeline;
import dev.cairn.api.pipeline.Step;
import dev.cairn.provider.ProviderChain;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code pdf-processing} job type: turns a PDF from the input dir into per-page text, chapters and
 * a {@code document.json} in the job's output dir.
 *
 * <p>Payload: {@code {"file": "<path relative to the input dir>", "summarize": false}}. Steps, in order:
 * {@value #INSPECT} → {@value #EXTRACT_TEXT} (cursor = next page) → {@value #SPLIT_CHAPTERS} →
 * {@value #SUMMARIZE} (cursor = next chapter; one provider call per chapter when {@code summarize} is true
 * and providers are configured, else skipped) → {@value #WRITE_RESULT}. Steps share nothing in memory:
 * each reads earlier results from the step outputs and the output dir, so the worker may stop between any
 * two of them.
 * Unusable input (empty, not a PDF, truncated, encrypted, no pages) fails with a permanent
 * {@link dev.cairn.api.CairnException}.
 */
public final class PdfProcessingPipeline implements Pipeline {

    /** The job type. */
    public static final String NAME = "pdf-processing";
    /** Step: open and validate the PDF, record pages, metadata and bookmarks. */
    public static final String INSPECT = "inspect";
    /** Step: write {@code text/page-NNNN.txt} per page; cursor = next page. */
    public static final String EXTRACT_TEXT = "extract-text";
    /** Step: find chapters (bookmarks, else headings, else fixed ranges) and count their words. */
    public static final String SPLIT_CHAPTERS = "split-chapters";
    /** Step: one summary per chapter (cursor = next chapter); skipped unless {@code summarize} and providers are configured. */
    public static final String SUMMARIZE = "summarize";
    /** Step: write {@code document.json} and {@code chapters/NN-<slug>.md}. */
    public static final String WRITE_RESULT = "write-result";

    private final Path inputDir;
    private final List<Step> steps;

    /**
     * A pipeline with {@link PdfLimits#DEFAULTS} and no providers: {@value #SUMMARIZE} always skips.
     *
     * @param inputDir where payload {@code file}s are looked up ({@code CAIRN_INPUT_DIR})
     */
    public PdfProcessingPipeline(Path inputDir) {
        this(inputDir, PdfLimits.DEFAULTS);
    }

    /**
     * A pipeline with no providers: {@value #SUMMARIZE} always skips.
     *
     * @param inputDir where payload {@code file}s are looked up ({@code CAIRN_INPUT_DIR})
     * @param limits   document limits and the fixed chapter size
     */
    public PdfProcessingPipeline(Path inputDir, PdfLimits limits) {
        this(inputDir, limits, Optional.empty());
    }

    /**
     * A pipeline with {@link PdfLimits#DEFAULTS} that summarises chapters when a payload asks for it.
     *
     * @param inputDir  where payload {@code file}s are looked up ({@code CAIRN_INPUT_DIR})
     * @param providers the providers the {@value #SUMMARIZE} step calls
     */
    public PdfProcessingPipeline(Path inputDir, ProviderChain providers) {
        this(inputDir, PdfLimits.DEFAULTS, providers);
    }

    /**
     * A pipeline that summarises chapters when a payload asks for it.
     *
     * @param inputDir  where payload {@code file}s are looked up ({@code CAIRN_INPUT_DIR})
     * @param limits    document limits and the fixed chapter size
     * @param providers the providers the {@value #SUMMARIZE} step calls
     */
    public PdfProcessingPipeline(Path inputDir, PdfLimits limits, ProviderChain providers) {
        this(inputDir, limits, Optional.of(Objects.requireNonNull(providers, "providers")));
    }

    private PdfProcessingPipeline(Path inputDir, PdfLimits limits, Optional<ProviderChain> providers) {
        this.inputDir = Objects.requireNonNull(inputDir, "inputDir");
        Objects.requireNonNull(limits, "limits");
        this.steps = List.of(
                new InspectStep(inputDir, limits),
                new ExtractTextStep(inputDir, limits),
                new SplitChaptersStep(limits),
                new SummarizeStep(providers.orElse(null)),
                new WriteResultStep());
        Pipeline.requireUniqueNames(NAME, steps);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Step> steps() {
        return steps;
    }

    /** @return the directory payload files are resolved in */
    public Path inputDir() {
        return inputDir;
    }

    /**
     * Checks that {@code file} names an existing file inside the input dir and {@code summarize}, when
     * present, is a boolean.
     */
    @Override
    public void validate(JobPayload payload) {
        resolveInput(inputDir, payload.requireString("file"));
        payload.bool("summarize", false);
    }

    /** @return {@code "pdf-processing <file name>"}, or just the job type when the payload has no usable file */
    @Override
    public String describe(JobPayload payload) {
        try {
            Path fileName = payload.optionalString("file").map(Path::of).map(Path::getFileName).orElse(null);
            return fileName == null ? NAME : NAME + " " + fileName;
        } catch (InvalidPayloadException | InvalidPathException e) {
            return NAME; // a label must never fail; validate() reports the problem
        }
    }

    /**
     * Resolves a payload's {@code file} to the real path of a regular file inside {@code inputDir}.
     * A relative path is taken relative to the input dir; an absolute one must lie inside it. The result
     * must stay inside the input dir both after normalisation ({@code ..}) and after following symbolic
     * links.
     *
     * @param inputDir the input dir
     * @param file     the payload's {@code file}
     * @return the file's real path
     * @throws InvalidPayloadException when the path is blank or invalid, leads outside the input dir,
     *                                 or names no existing regular file
     *                                 ({@code "file 'x' does not exist in the input dir"})
     */
    public static Path resolveInput(Path inputDir, String file) {
        return InputFiles.resolve(inputDir, file);
    }
}
