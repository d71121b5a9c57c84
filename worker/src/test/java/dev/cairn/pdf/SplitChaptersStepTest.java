package dev.cairn.pdf;

import dev.cairn.testing.FakeStepContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.CairnException;
import dev.cairn.api.pipeline.JobPayload;
import dev.cairn.testing.TestPdfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitChaptersStepTest {

    @TempDir
    Path tmp;

    @Test
    void shouldTakeChaptersFromTheOutline() throws Exception {
        JsonNode result = split(dir -> TestPdfs.withOutline(dir.resolve("doc.pdf"), 4, 5));

        assertThat(result.get("strategy").asText()).isEqualTo("outline");
        assertThat(chapters(result)).containsExactly(
                tuple(TestPdfs.chapterTitle(1), 1, 5),
                tuple(TestPdfs.chapterTitle(2), 6, 10),
                tuple(TestPdfs.chapterTitle(3), 11, 15),
                tuple(TestPdfs.chapterTitle(4), 16, 20));
    }

    @Test
    void shouldCountTheWordsOfEachChaptersPages() throws Exception {
        JsonNode result = split(dir -> TestPdfs.withOutline(dir.resolve("doc.pdf"), 2, 3));

        long expected = words(TestPdfs.chapterHeading(2));
        for (int page = 4; page <= 6; page++) {
            for (String line : TestPdfs.bodyLines(page)) expected += words(line);
        }
        assertThat(result.get("chapters").get(1).get("words").asLong()).isEqualTo(expected);
    }

    @Test
    void shouldFindChapterHeadingsWhenThereIsNoOutline() throws Exception {
        JsonNode result = split(dir -> TestPdfs.withHeadings(dir.resolve("doc.pdf"), 3, 4));

        assertThat(result.get("strategy").asText()).isEqualTo("headings");
        assertThat(chapters(result)).containsExactly(
                tuple(TestPdfs.chapterHeading(1), 1, 4),
                tuple(TestPdfs.chapterHeading(2), 5, 8),
                tuple(TestPdfs.chapterHeading(3), 9, 12));
    }

    @Test
    void shouldFallBackToFixedRangesOfTwentyPages() throws Exception {
        JsonNode result = split(dir -> TestPdfs.plain(dir.resolve("doc.pdf"), 45));

        assertThat(result.get("strategy").asText()).isEqualTo("fixed-ranges");
        assertThat(chapters(result)).containsExactly(
                tuple("Pages 1–20", 1, 20),
                tuple("Pages 21–40", 21, 40),
                tuple("Pages 41–45", 41, 45));
    }

    @Test
    void shouldUseASingleHeadingDocumentAsFixedRanges() throws Exception {
        JsonNode result = split(dir -> TestPdfs.withHeadings(dir.resolve("doc.pdf"), 1, 3));

        assertThat(result.get("strategy").asText()).isEqualTo("fixed-ranges");
        assertThat(chapters(result)).containsExactly(tuple("Pages 1–3", 1, 3));
    }

    @Test
    void shouldFailPermanentlyWhenAPageFileIsMissing() throws Exception {
        FakeStepContext context = prepare(dir -> TestPdfs.plain(dir.resolve("doc.pdf"), 3));
        Files.delete(context.outputDir().resolve("text/page-0002.txt"));

        Throwable error = catchThrowable(() -> context.run(step("split-chapters")));

        assertThat(CairnException.isPermanent(error)).isTrue();
        assertThat(error).hasMessageStartingWith("the extracted text of page 2 is missing");
    }

    private JsonNode split(Function<Path, Path> generator) throws Exception {
        FakeStepContext context = prepare(generator);
        context.run(step("split-chapters"));
        return new ObjectMapper().readTree(context.output("split-chapters").orElseThrow());
    }

    private FakeStepContext prepare(Function<Path, Path> generator) throws Exception {
        Path inputDir = Files.createDirectories(tmp.resolve("input"));
        generator.apply(inputDir);
        FakeStepContext context = new FakeStepContext(JobPayload.of(Map.of("file", "doc.pdf")), tmp.resolve("job"));
        context.run(step("inspect"));
        context.run(step("extract-text"));
        return context;
    }

    private dev.cairn.api.pipeline.Step step(String name) {
        return new PdfProcessingPipeline(tmp.resolve("input")).steps().stream()
                .filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private static List<org.assertj.core.groups.Tuple> chapters(JsonNode result) {
        List<org.assertj.core.groups.Tuple> chapters = new ArrayList<>();
        for (JsonNode c : result.get("chapters")) {
            chapters.add(tuple(c.get("title").asText(), c.get("first_page").asInt(), c.get("last_page").asInt()));
        }
        return chapters;
    }

    private static long words(String line) {
        return Arrays.stream(line.trim().split("\\s+")).filter(w -> !w.isEmpty()).count();
    }
}
