package dev.cairn.chapter;

import dev.cairn.api.JobTypes;
import dev.cairn.api.pipeline.InvalidPayloadException;
import dev.cairn.api.pipeline.JobPayload;
import dev.cairn.api.pipeline.Pipeline;
import dev.cairn.api.pipeline.Step;
import dev.cairn.chapter.internal.SourceJobs;
import dev.cairn.provider.ProviderChain;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code chapter-generation} job type: writes a chapter about a topic with the configured providers.
 *
 * <p>Payload: {@code {"topic": "…", "sections": 5, "source_job": "<id>"?}}. Steps, in order:
 * {@value #OUTLINE} (one provider call, the validated outline saved as {@code outline.json} and as the
 * step's output) → {@value #SECTIONS} (one provider call per section, each reply written to
 * {@code sections/NN.md} before the cursor moves past it) → {@value #ASSEMBLE} ({@code chapter.md}, no
 * provider call). Results go to the job's output dir ({@code CAIRN_OUTPUT_DIR/<jobId>/}).
 *
 * <p>With {@code source_job}, the chapters of that finished {@code pdf-processing} job (read from
 * {@code CAIRN_OUTPUT_DIR/<source_job>/chapters/}) are sent as sources with every call, cut at
 * {@value SourceJobs#MAX_SOURCE_CHARS} characters.
 *
 * <p>A reply that is not what was asked for (an outline that is not JSON or has the wrong number of
 * sections, an empty section) is a retryable provider failure ({@link dev.cairn.provider.ProviderException}
 * of kind {@code BAD_REPLY}): the job is retried and resumes from its checkpoint.
 */
public final class ChapterGenerationPipeline implements Pipeline {

    /** The job type. */
    public static final String NAME = JobTypes.CHAPTER_GENERATION;
    /** Step: one provider call for the outline; writes {@code outline.json}. */
    public static final String OUTLINE = "outline";
    /** Step: one provider call per section; cursor = the number of finished sections (the next 0-based index). */
    public static final String SECTIONS = "sections";
    /** Step: writes {@code chapter.md} from the outline and the section files. */
    public static final String ASSEMBLE = "assemble";

    /** Longest accepted topic, in characters. */
    public static final int MAX_TOPIC_CHARS = 500;
    /** Sections when the payload names none. */
    public static final int DEFAULT_SECTIONS = 5;
    /** Fewest sections a payload may ask for. */
    public static final int MIN_SECTIONS = 1;
    /** Most sections a payload may ask for. */
    public static final int MAX_SECTIONS = 50;

    private static final int DESCRIBE_CHARS = 40;

    private final Path outputDir;
    private final List<Step> steps;

    /**
     * @param providers the providers every call goes through (failover, breakers, rate limits)
     * @param outputDir {@code CAIRN_OUTPUT_DIR}, where a {@code source_job}'s results are read
     */
    public ChapterGenerationPipeline(ProviderChain providers, Path outputDir) {
        Objects.requireNonNull(providers, "providers");
        this.outputDir = Objects.requireNonNull(outputDir, "outputDir");
        this.steps = List.of(new OutlineStep(providers, this), new SectionsStep(providers, this), new AssembleStep());
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

    /**
     * Checks {@code topic} (a non-blank string of at most {@value #MAX_TOPIC_CHARS} characters),
     * {@code sections} (a whole number {@value #MIN_SECTIONS}–{@value #MAX_SECTIONS}, optional) and
     * {@code source_job} (optional; a job id whose {@code document.json} exists in the output dir).
     */
    @Override
    public void validate(JobPayload payload) {
        topic(payload);
        sections(payload);
        sourceJob(payload).ifPresent(id -> SourceJobs.requireFinished(outputDir, id));
    }

    /** @return {@code "chapter-generation <topic>"} with the topic cut to 40 characters, or just the job type */
    @Override
    public String describe(JobPayload payload) {
        try {
            String topic = payload.optionalString("topic").map(t -> t.strip().replaceAll("\\s+", " ")).orElse("");
            if (topic.isEmpty()) return NAME;
            if (topic.codePointCount(0, topic.length()) > DESCRIBE_CHARS) {
                topic = topic.substring(0, topic.offsetByCodePoints(0, DESCRIBE_CHARS - 1)).strip() + "…";
            }
            return NAME + " " + topic;
        } catch (InvalidPayloadException e) {
            return NAME; // a label must never fail; validate() reports the problem
        }
    }

    /** @return the directory {@code source_job} outputs are read from */
    public Path outputDir() {
        return outputDir;
    }

    static String topic(JobPayload payload) {
        String topic = payload.requireString("topic");
        int chars = topic.codePointCount(0, topic.length());
        if (chars > MAX_TOPIC_CHARS) {
            throw new InvalidPayloadException("payload field 'topic' must be at most " + MAX_TOPIC_CHARS
                    + " characters, got " + chars);
        }
        return topic.strip();
    }

    static int sections(JobPayload payload) {
        return payload.integer("sections", DEFAULT_SECTIONS, MIN_SECTIONS, MAX_SECTIONS);
    }

    static Optional<String> sourceJob(JobPayload payload) {
        return payload.optionalString("source_job");
    }

    /** @return the source job's chapter text, {@code null} when the payload names none or it has no text */
    String sourceText(JobPayload payload) throws IOException {
        Optional<String> id = sourceJob(payload);
        if (id.isEmpty()) return null;
        String text = SourceJobs.text(outputDir, id.get());
        return text.isEmpty() ? null : text;
    }
}
