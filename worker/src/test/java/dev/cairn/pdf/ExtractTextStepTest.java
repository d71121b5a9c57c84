package dev.cairn.pdf;

import dev.cairn.testing.FakeStepContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.api.pipeline.JobPayload;
import dev.cairn.api.pipeline.Step;
import dev.cairn.pdf.internal.PendingPages;
import dev.cairn.testing.TestPdfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtractTextStepTest {

    private static final int PAGES = 300;

    @TempDir
    static Path inputDir; // one 300-page PDF for all tests: generating it is the slow part

    @TempDir
    Path tmp;

    private PdfProcessingPipeline pipeline;
    private FakeStepContext context;
    private Path textDir;

    @BeforeAll
    static void generate() {
        TestPdfs.withOutline(inputDir.resolve("big.pdf"), 15, 20);
    }

    @BeforeEach
    void setUp() throws Exception {
        pipeline = new PdfProcessingPipeline(inputDir);
        context = new FakeStepContext(JobPayload.of(Map.of("file", "big.pdf")), tmp.resolve("job"));
        context.run(step("inspect"));
        textDir = context.outputDir().resolve("text");
    }

    @Test
    void shouldWriteOneTextFilePerPage() throws Exception {
        context.run(step("extract-text"));

        assertThat(listText()).hasSize(PAGES).first().isEqualTo("page-0001.txt");
        assertThat(listText()).last().isEqualTo("page-0300.txt");
        assertThat(page(1)).startsWith(TestPdfs.chapterHeading(1) + "\n").contains("This is page 1, line 8:");
        assertThat(page(157)).contains(TestPdfs.bodyLines(157).get(0)).doesNotContain("page 158,");
        assertThat(page(300)).contains(TestPdfs.bodyLines(300).get(7)).endsWith("\n");
        assertThat(page(21)).startsWith(TestPdfs.chapterHeading(2));
    }

    @Test
    void shouldCheckpointTheNextPageAfterEachBatchOfPages() throws Exception {
        context.run(step("extract-text"));

        List<FakeStepContext.Checkpoint> checkpoints = context.checkpoints();
        assertThat(checkpoints).as("one checkpoint per batch, not per page").hasSizeBetween(PAGES / PendingPages.MAX_PAGES, PAGES / 4);
        int previous = 1;
        for (FakeStepContext.Checkpoint checkpoint : checkpoints) {
            int next = Integer.parseInt(checkpoint.cursor());
            assertThat(next - previous).as("pages in the batch before cursor %d", next).isBetween(1, PendingPages.MAX_PAGES);
            assertThat(checkpoint.fractionDone()).isEqualTo((next - 1.0) / PAGES);
            previous = next;
        }
        assertThat(checkpoints.getLast().cursor()).isEqualTo(String.valueOf(PAGES + 1));
        assertThat(checkpoints.getLast().fractionDone()).isEqualTo(1.0);
    }

    @Test
    void shouldHaveWrittenEveryPageBeforeTheCursorWhenItIsSaved() throws Exception {
        List<String> missing = new ArrayList<>();
        context.onCheckpoint(checkpoint -> {
            for (int p = 1; p < Integer.parseInt(checkpoint.cursor()); p++) {
                Path text = textDir.resolve(String.format("page-%04d.txt", p));
                Path paragraphs = context.outputDir().resolve("paragraphs").resolve(String.format("page-%04d.txt", p));
                if (!Files.isRegularFile(text) || !Files.isRegularFile(paragraphs)) missing.add("page " + p + " at cursor " + checkpoint.cursor());
            }
        });

        context.run(step("extract-text"));

        assertThat(missing).as("pages before a saved cursor without their files").isEmpty();
    }

    @Test
    void shouldResumeFromTheCursorWithoutRedoingEarlierPages() throws Exception {
        context.run(step("extract-text"));
        Files.delete(textDir.resolve("page-0001.txt"));
        Files.delete(textDir.resolve("page-0051.txt"));
        Files.writeString(textDir.resolve("page-0052.txt"), "stale");
        context.checkpoints().clear();

        context.setCursor("extract-text", "51");
        context.run(step("extract-text"));

        assertThat(textDir.resolve("page-0001.txt")).doesNotExist();
        assertThat(page(51)).contains("This is page 51, line 1:");
        assertThat(page(52)).contains("This is page 52, line 1:");
        assertThat(Integer.parseInt(context.checkpoints().getFirst().cursor())).isBetween(52, 51 + PendingPages.MAX_PAGES);
        assertThat(context.checkpoints().getLast().cursor()).isEqualTo(String.valueOf(PAGES + 1));
    }

    @Test
    void shouldLeaveCompleteFilesForEveryCheckpointedPageWhenKilled() throws Exception {
        context.killAfterCheckpoints(3);

        assertThatThrownBy(() -> context.run(step("extract-text"))).isInstanceOf(FakeStepContext.SimulatedKill.class);

        int cursor = Integer.parseInt(context.checkpoints().getLast().cursor());
        assertThat(cursor).isBetween(4, 3 * PendingPages.MAX_PAGES + 1);
        for (int p = 1; p < cursor; p++) {
            assertThat(page(p)).as("page %d", p).contains("This is page " + p + ", line 8:");
        }

        int saved = context.checkpoints().size();
        context.setCursor("extract-text", String.valueOf(cursor));
        context.run(step("extract-text"));

        assertThat(listText()).hasSize(PAGES);
        assertThat(Integer.parseInt(context.checkpoints().get(saved).cursor())).isGreaterThan(cursor);
    }

    @Test
    void shouldRewriteAPageTornByACrashAtTheSavedCursor() throws Exception {
        Files.createDirectories(textDir);
        Files.writeString(textDir.resolve("page-0042.txt"), "This is pa");
        context.setCursor("extract-text", "42");

        context.run(step("extract-text"));

        assertThat(Files.readString(textDir.resolve("page-0042.txt"))).contains("page 42,").doesNotEndWith("This is pa");
        try (Stream<Path> files = Files.list(textDir)) {
            assertThat(files.map(f -> f.getFileName().toString())).allMatch(n -> n.matches("page-\\d{4}\\.txt"));
        }
    }

    @Test
    void shouldStartOverWhenTheCursorIsNotAPageNumber() throws Exception {
        context.setCursor("extract-text", "garbage");

        context.run(step("extract-text"));

        assertThat(listText()).hasSize(PAGES);
        assertThat(Integer.parseInt(context.checkpoints().getFirst().cursor())).isBetween(2, 1 + PendingPages.MAX_PAGES);
        assertThat(context.checkpoints().getLast().cursor()).isEqualTo(String.valueOf(PAGES + 1));
    }

    @Test
    void shouldDoNothingWhenTheCursorIsPastTheLastPage() throws Exception {
        context.setCursor("extract-text", String.valueOf(PAGES + 1));

        context.run(step("extract-text"));

        assertThat(context.checkpoints()).isEmpty();
        assertThat(listText()).isEmpty();
    }

    private Step step(String name) {
        return pipeline.steps().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private String page(int page) throws IOException {
        return Files.readString(textDir.resolve(String.format("page-%04d.txt", page)));
    }

    private List<String> listText() throws IOException {
        if (!Files.isDirectory(textDir)) return List.of();
        try (Stream<Path> files = Files.list(textDir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
