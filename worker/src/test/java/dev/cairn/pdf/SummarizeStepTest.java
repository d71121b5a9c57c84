package dev.cairn.pdf;

import dev.cairn.testing.FakeStepContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.pipeline.JobPayload;
import dev.cairn.api.pipeline.Step;
import dev.cairn.chapter.TestProviders;
import dev.cairn.provider.FakeProviderServer;
import dev.cairn.provider.FakeProviderServer.Behaviour;
import dev.cairn.provider.OfflineMarks;
import dev.cairn.provider.ProviderChain;
import dev.cairn.provider.ProviderException;
import dev.cairn.testing.TestPdfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code summarize} step with real providers: one call per chapter, resumable by chapter. */
class SummarizeStepTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final TestProviders providers = new TestProviders();
    private final FakeProviderServer server = FakeProviderServer.start();
    private Path inputDir;

    @BeforeEach
    void setUp() throws Exception {
        inputDir = Files.createDirectories(tmp.resolve("input"));
        TestPdfs.withOutline(inputDir.resolve("book.pdf"), 3, 2);
        server.respondWith((FakeProviderServer.Responder) (request, number) -> Behaviour.ok("Summary from request " + number + "."));
    }

    @AfterEach
    void close() {
        server.close();
        providers.close();
    }

    @Test
    void shouldAddAnOfflineSummaryToEveryChapterOfDocumentJson() throws Exception {
        PdfProcessingPipeline pipeline = new PdfProcessingPipeline(inputDir, providers.offline());
        FakeStepContext job = job(true);

        job.runAll(pipeline);

        JsonNode chapters = chapters(job);
        assertThat(chapters).hasSize(3);
        for (JsonNode chapter : chapters) {
            assertThat(chapter.properties()).extracting(Map.Entry::getKey)
                    .containsExactly("title", "first_page", "last_page", "words", "summary");
            assertThat(chapter.get("summary").asText()).isNotBlank();
        }
        assertThat(chapters.get(1).get("summary").asText()).contains("page 3").doesNotContain("page 2,");
        assertThat(job.outputDir().resolve("summaries/03.txt")).exists();
        assertThat(job.skipped()).doesNotContainKey("summarize");
        assertThat(job.checkpoints()).filteredOn(c -> c.step().equals("summarize"))
                .extracting(FakeStepContext.Checkpoint::cursor).containsExactly("1", "2", "3");
    }

    @Test
    void shouldMarkOfflineSummariesAsExtractsWithoutRepeatsOrRunningFooters() throws Exception {
        TestPdfs.fieldGuide(inputDir.resolve("guide.pdf"));
        PdfProcessingPipeline pipeline = new PdfProcessingPipeline(inputDir, providers.offline());
        FakeStepContext job = new FakeStepContext(JobPayload.of(Map.of("file", "guide.pdf", "summarize", true)), tmp.resolve("guide"));

        job.runAll(pipeline);

        JsonNode chapters = chapters(job);
        assertThat(chapters).hasSize(4);
        for (JsonNode chapter : chapters) {
            String summary = chapter.get("summary").asText();
            assertThat(summary).startsWith(OfflineMarks.SUMMARY_PREFIX).doesNotContain("Field guide, page", "Chapter ");
            List<String> sentences = List.of(summary.substring(OfflineMarks.SUMMARY_PREFIX.length()).split("(?<=\\.)\\s+"));
            assertThat(sentences).hasSizeBetween(2, 3).doesNotHaveDuplicates();
        }
        assertThat(Files.readString(job.outputDir().resolve("note.txt")).strip()).isEqualTo(OfflineMarks.SUMMARY_NOTE);
    }

    @Test
    void shouldSendEachChapterItsOwnPagesAndPutEachReplyOnItsChapter() throws Exception {
        FakeStepContext job = job(true);

        job.runAll(pipeline(providers.fake(server)));

        assertThat(server.requestCount()).isEqualTo(3);
        String second = userMessage(server.requests().get(1));
        assertThat(second).contains(TestPdfs.chapterTitle(2), "This is page 3, line 1:", "This is page 4, line 8:")
                .doesNotContain("page 2,", "page 5,");
        JsonNode chapters = chapters(job);
        for (int i = 0; i < 3; i++) assertThat(chapters.get(i).get("summary").asText()).isEqualTo("Summary from request " + (i + 1) + ".");
    }

    @Test
    void shouldResumeFromTheChapterCursorWithoutRequestingFinishedChapters() throws Exception {
        PdfProcessingPipeline pipeline = pipeline(providers.fake(server));
        FakeStepContext job = job(true);
        runUntilSummarize(pipeline, job);
        Path summaries = Files.createDirectories(job.outputDir().resolve("summaries"));
        Files.writeString(summaries.resolve("01.txt"), "Paid for before the crash (1).\n");
        Files.writeString(summaries.resolve("02.txt"), "Paid for before the crash (2).\n");
        job.setCursor("summarize", "2");

        job.run(step(pipeline, "summarize"));
        job.run(step(pipeline, "write-result"));

        assertThat(server.requestCount()).isEqualTo(1);
        assertThat(userMessage(server.requests().getFirst())).contains(TestPdfs.chapterTitle(3));
        JsonNode chapters = chapters(job);
        assertThat(chapters.get(0).get("summary").asText()).isEqualTo("Paid for before the crash (1).");
        assertThat(chapters.get(1).get("summary").asText()).isEqualTo("Paid for before the crash (2).");
        assertThat(chapters.get(2).get("summary").asText()).isEqualTo("Summary from request 1.");
    }

    @Test
    void shouldRequestEveryChapterExactlyOnceWhenKilledMidway() throws Exception {
        PdfProcessingPipeline pipeline = pipeline(providers.fake(server));
        FakeStepContext job = job(true);
        runUntilSummarize(pipeline, job);
        job.killAfterCheckpoints(2);

        assertThatThrownBy(() -> job.run(step(pipeline, "summarize"))).isInstanceOf(FakeStepContext.SimulatedKill.class);
        job.run(step(pipeline, "summarize"));
        job.run(step(pipeline, "write-result"));

        assertThat(server.requestCount()).isEqualTo(3);
        assertThat(chapters(job).get(2).get("summary").asText()).isEqualTo("Summary from request 3.");
    }

    @Test
    void shouldSkipWithoutACallWhenSummarizeIsFalseOrAbsent() throws Exception {
        PdfProcessingPipeline pipeline = pipeline(providers.fake(server));
        for (JobPayload payload : new JobPayload[]{JobPayload.of(Map.of("file", "book.pdf", "summarize", false)),
                JobPayload.of(Map.of("file", "book.pdf"))}) {
            FakeStepContext job = new FakeStepContext(payload, tmp.resolve("job-" + payload.asMap().size()));

            job.runAll(pipeline);

            assertThat(job.skipped()).containsEntry("summarize", "summarize is false");
            assertThat(job.outputDir().resolve("summaries")).doesNotExist();
            assertThat(chapters(job).get(0).has("summary")).isFalse();
        }
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void shouldFailRetryablyOnABlankSummaryAndWriteNothingForIt() throws Exception {
        PdfProcessingPipeline pipeline = pipeline(providers.scripted(request -> "  \n "));
        FakeStepContext job = job(true);
        runUntilSummarize(pipeline, job);

        assertThatThrownBy(() -> job.run(step(pipeline, "summarize")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderException.Kind.BAD_REPLY);
                    assertThat(e.isRetryable()).isTrue();
                    assertThat(e.getMessage()).contains("provider 'scripted'", "chapter 1 of 3 is empty");
                });
        assertThat(job.outputDir().resolve("summaries/01.txt")).doesNotExist();
        assertThat(job.checkpoints()).filteredOn(c -> c.step().equals("summarize")).isEmpty();
    }

    @Test
    void shouldMakeNoCallAndGiveNoSummaryForAChapterWithoutWords() throws Exception {
        PdfProcessingPipeline pipeline = pipeline(providers.fake(server));
        FakeStepContext job = job(true);
        Path text = Files.createDirectories(job.outputDir().resolve("text"));
        Files.writeString(text.resolve("page-0001.txt"), "Rivers run to the sea.\n");
        Files.writeString(text.resolve("page-0002.txt"), "   \n");
        Files.writeString(text.resolve("page-0003.txt"), "Birds nest on the cliffs.\n");
        job.setOutput("split-chapters", "{\"strategy\":\"outline\",\"chapters\":["
                + "{\"title\":\"Rivers\",\"first_page\":1,\"last_page\":1,\"words\":5},"
                + "{\"title\":\"Blank\",\"first_page\":2,\"last_page\":2,\"words\":0},"
                + "{\"title\":\"Birds\",\"first_page\":3,\"last_page\":3,\"words\":5}]}");

        job.run(step(pipeline, "summarize"));

        assertThat(server.requestCount()).isEqualTo(2);
        assertThat(userMessage(server.requests().get(1))).contains("Birds nest on the cliffs.");
        assertThat(job.outputs()).containsEntry("summarize",
                "{\"summaries\":[\"Summary from request 1.\",null,\"Summary from request 2.\"]}");
    }

    @Test
    void shouldSkipSayingWhyWhenSummarizeIsTrueButNoProviderIsConfigured() throws Exception {
        FakeStepContext job = job(true);

        job.runAll(new PdfProcessingPipeline(inputDir));

        assertThat(job.skipped()).containsEntry("summarize", "summarize is true but no summary provider is configured");
    }

    @Test
    void shouldKeepTheStepsWhateverConstructorIsUsed() {
        ProviderChain chain = providers.offline();

        assertThat(new PdfProcessingPipeline(inputDir, chain).steps()).extracting(Step::name)
                .containsExactly("inspect", "extract-text", "split-chapters", "summarize", "write-result");
        assertThat(new PdfProcessingPipeline(inputDir, PdfLimits.DEFAULTS, chain).steps()).hasSize(5);
        assertThatThrownBy(() -> new PdfProcessingPipeline(inputDir, PdfLimits.DEFAULTS, null)).isInstanceOf(NullPointerException.class);
    }

    private PdfProcessingPipeline pipeline(ProviderChain chain) {
        return new PdfProcessingPipeline(inputDir, chain);
    }

    private FakeStepContext job(boolean summarize) {
        return new FakeStepContext(JobPayload.of(Map.of("file", "book.pdf", "summarize", summarize)), tmp.resolve("job"));
    }

    private static void runUntilSummarize(PdfProcessingPipeline pipeline, FakeStepContext job) throws Exception {
        for (Step step : pipeline.steps()) {
            if (step.name().equals("summarize")) return;
            job.run(step);
        }
    }

    private static Step step(PdfProcessingPipeline pipeline, String name) {
        return pipeline.steps().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private static JsonNode chapters(FakeStepContext job) throws Exception {
        return JSON.readTree(job.outputDir().resolve("document.json").toFile()).get("chapters");
    }

    private static String userMessage(FakeProviderServer.Request request) {
        for (JsonNode message : request.json().get("messages")) {
            if (message.get("role").asText().equals("user")) return message.get("content").asText();
        }
        throw new AssertionError("no user message in " + request.body());
    }
}
