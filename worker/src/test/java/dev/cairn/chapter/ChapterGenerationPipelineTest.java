package dev.cairn.chapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.api.CairnException;
import dev.cairn.api.JobTypes;
import dev.cairn.api.pipeline.InvalidPayloadException;
import dev.cairn.api.pipeline.JobPayload;
import dev.cairn.api.pipeline.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chapter-generation job type: its name, steps, payload validation and label. */
class ChapterGenerationPipelineTest {

    @TempDir
    Path tmp;

    private final TestProviders providers = new TestProviders();
    private Path outputDir;
    private ChapterGenerationPipeline pipeline;

    @BeforeEach
    void setUp() throws Exception {
        outputDir = Files.createDirectories(tmp.resolve("output"));
        pipeline = new ChapterGenerationPipeline(providers.offline(), outputDir);
    }

    @AfterEach
    void close() {
        providers.close();
    }

    @Test
    void shouldNameTheJobTypeAndStepsAsTheContractSays() {
        assertThat(pipeline.name()).isEqualTo("chapter-generation").isEqualTo(JobTypes.CHAPTER_GENERATION);
        assertThat(pipeline.steps()).extracting(Step::name).containsExactly("outline", "sections", "assemble");
    }

    @Test
    void shouldAcceptATopicAloneAndWithEveryOptionalField() throws Exception {
        finishedSourceJob("pdf-job-1");

        assertThatCode(() -> {
            pipeline.validate(payload("topic", "Tide pools"));
            pipeline.validate(payload("topic", "Tide pools", "sections", 1));
            pipeline.validate(payload("topic", "Tide pools", "sections", 50));
            pipeline.validate(payload("topic", "Tide pools", "sections", 7.0));
            pipeline.validate(payload("topic", "x".repeat(500), "sections", 3, "source_job", "pdf-job-1"));
            pipeline.validate(payload("topic", "Tide pools", "source_job", null));
        }).doesNotThrowAnyException();
    }

    @Test
    void shouldRejectAMissingBlankMistypedOrTooLongTopic() {
        assertInvalid(payload(), "'topic' is required");
        assertInvalid(payload("topic", "   "), "'topic' must not be empty");
        assertInvalid(payload("topic", 42), "'topic' must be a string");
        assertInvalid(payload("topic", "x".repeat(501)), "'topic' must be at most 500 characters, got 501");
    }

    @Test
    void shouldRejectSectionsOutsideOneToFiftyOrNotWhole() {
        assertInvalid(payload("topic", "t", "sections", 0), "'sections' must be between 1 and 50, got 0");
        assertInvalid(payload("topic", "t", "sections", 51), "'sections' must be between 1 and 50, got 51");
        assertInvalid(payload("topic", "t", "sections", -3), "'sections' must be between 1 and 50");
        assertInvalid(payload("topic", "t", "sections", 2.5), "'sections' must be a whole number");
        assertInvalid(payload("topic", "t", "sections", "5"), "'sections' must be a whole number");
    }

    @Test
    void shouldRejectASourceJobThatIsNotAPlainJobId() throws Exception {
        finishedSourceJob("inside");
        Path secret = Files.createDirectories(tmp.resolve("secret"));
        Files.writeString(secret.resolve("document.json"), "{}");

        for (String id : new String[]{"../secret", "..", ".", "a/b", "inside/../../secret", "a\\b", "/etc", "x\0y", " inside"}) {
            assertThatThrownBy(() -> pipeline.validate(payload("topic", "t", "source_job", id)))
                    .as(id)
                    .isInstanceOf(InvalidPayloadException.class)
                    .hasMessageContaining("'source_job' must be a job id");
        }
        assertInvalid(payload("topic", "t", "source_job", 12), "'source_job' must be a string");
        assertInvalid(payload("topic", "t", "source_job", ""), "'source_job' must not be empty");
    }

    @Test
    void shouldRejectASourceJobWithoutFinishedPdfOutput() throws Exception {
        Files.createDirectories(outputDir.resolve("running-job/text"));

        assertInvalid(payload("topic", "t", "source_job", "nope"), "source_job 'nope' has no finished pdf-processing output");
        assertInvalid(payload("topic", "t", "source_job", "running-job"),
                "source_job 'running-job' has no finished pdf-processing output");
    }

    @Test
    void shouldRejectASourceJobWhoseOutputIsASymlinkOutOfTheOutputDir() throws Exception {
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("document.json"), "{}");
        Files.createSymbolicLink(outputDir.resolve("linked"), elsewhere);

        assertInvalid(payload("topic", "t", "source_job", "linked"), "has no finished pdf-processing output");
    }

    @Test
    void shouldTreatInvalidPayloadsAsPermanent() {
        assertThatThrownBy(() -> pipeline.validate(payload("topic", "t", "sections", 99)))
                .satisfies(e -> assertThat(CairnException.isPermanent(e)).isTrue());
    }

    @Test
    void shouldDescribeAJobByItsTopicCutToFortyCharacters() {
        assertThat(pipeline.describe(payload("topic", "Tide pools"))).isEqualTo("chapter-generation Tide pools");
        assertThat(pipeline.describe(payload("topic", "  The   life\nof tide pools "))).isEqualTo("chapter-generation The life of tide pools");
        String label = pipeline.describe(payload("topic", "A very long topic about the many creatures of the northern coast"));
        assertThat(label).isEqualTo("chapter-generation A very long topic about the many creatu…");
        assertThat(label.substring("chapter-generation ".length())).hasSize(40);
        assertThat(pipeline.describe(payload())).isEqualTo("chapter-generation");
        assertThat(pipeline.describe(payload("topic", 7))).isEqualTo("chapter-generation");
    }

    private void assertInvalid(JobPayload payload, String message) {
        assertThatThrownBy(() -> pipeline.validate(payload))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessageContaining(message);
    }

    private void finishedSourceJob(String id) throws Exception {
        Path dir = Files.createDirectories(outputDir.resolve(id).resolve("chapters"));
        Files.writeString(dir.resolve("01-intro.md"), "# Intro\n\nSome text.\n");
        Files.writeString(outputDir.resolve(id).resolve("document.json"), "{}");
    }

    /** A payload from alternating field names and values; {@code null} values are kept. */
    static JobPayload payload(Object... fieldsAndValues) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) values.put((String) fieldsAndValues[i], fieldsAndValues[i + 1]);
        return JobPayload.of(values);
    }
}
