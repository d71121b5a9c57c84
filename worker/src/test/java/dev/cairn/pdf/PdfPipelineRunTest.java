package dev.cairn.pdf;

import dev.cairn.testing.FakeStepContext;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.pipeline.JobPayload;
import dev.cairn.api.pipeline.Step;
import dev.cairn.testing.TestPdfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole pipeline on generated PDFs, with the steps run one after another as the engine would. */
class PdfPipelineRunTest {

    @TempDir
    Path tmp;

    private Path inputDir;
    private PdfProcessingPipeline pipeline;

    @BeforeEach
    void setUp() throws Exception {
        inputDir = Files.createDirectories(tmp.resolve("input"));
        pipeline = new PdfProcessingPipeline(inputDir);
    }

    @Test
    void shouldWriteDocumentJsonWithExactlyTheContractFields() throws Exception {
        TestPdfs.withOutline(inputDir.resolve("book.pdf"), 3, 2);

        Path out = run("book.pdf", "job-a").outputDir();

        JsonNode document = new ObjectMapper().readTree(out.resolve("document.json").toFile());
        assertThat(document.properties()).extracting(Map.Entry::getKey)
                .containsExactly("pages", "title", "author", "chapters");
        assertThat(document.get("pages").asInt()).isEqualTo(6);
        assertThat(document.get("title").asText()).isEqualTo(TestPdfs.DOCUMENT_TITLE);
        assertThat(document.get("author").asText()).isEqualTo(TestPdfs.DOCUMENT_AUTHOR);
        JsonNode first = document.get("chapters").get(0);
        assertThat(first.properties()).extracting(Map.Entry::getKey)
                .containsExactly("title", "first_page", "last_page", "words");
        assertThat(first.get("title").asText()).isEqualTo(TestPdfs.chapterTitle(1));
        assertThat(first.get("first_page").asInt()).isEqualTo(1);
        assertThat(first.get("last_page").asInt()).isEqualTo(2);
        assertThat(first.get("words").asLong()).isPositive();
    }

    @Test
    void shouldWriteNullTitleAndAuthorWhenTheMetadataHasNone() throws Exception {
        TestPdfs.plain(inputDir.resolve("plain.pdf"), 2);

        Path out = run("plain.pdf", "job-a").outputDir();

        String json = Files.readString(out.resolve("document.json"));
        assertThat(json).contains("\"title\": null", "\"author\": null").doesNotContain("summary");
    }

    @Test
    void shouldWriteOneMarkdownFilePerChapter() throws Exception {
        TestPdfs.withOutline(inputDir.resolve("book.pdf"), 3, 2);

        Path chapters = run("book.pdf", "job-a").outputDir().resolve("chapters");

        assertThat(tree(chapters).keySet())
                .containsExactly("01-rivers-and-streams.md", "02-mountain-weather.md", "03-coastal-birds.md");
        String second = Files.readString(chapters.resolve("02-mountain-weather.md"));
        // the heading "Chapter 2: Mountain Weather" repeats the bookmark: the title is there once
        assertThat(second).startsWith("# Mountain Weather\n\n<!-- p. 3 -->\n\n" + TestPdfs.bodyLines(3).getFirst() + " ")
                .contains("This is page 3, line 1:", "\n\n<!-- p. 4 -->\n\n" + TestPdfs.bodyLines(4).getFirst() + " ",
                        "This is page 4, line 8:")
                .doesNotContain("page 2,", "page 5,", TestPdfs.chapterHeading(2));
        assertThat(second.indexOf("page 3, line 8")).isLessThan(second.indexOf("page 4, line 1"));
    }

    @Test
    void shouldSkipSummarizeSayingWhy() throws Exception {
        TestPdfs.plain(inputDir.resolve("plain.pdf"), 1);

        assertThat(run("plain.pdf", "job-a").skipped()).containsEntry("summarize", "summarize is false");

        FakeStepContext context = new FakeStepContext(
                JobPayload.of(Map.of("file", "plain.pdf", "summarize", true)), tmp.resolve("job-b"));
        context.runAll(pipeline);
        assertThat(context.skipped()).containsEntry("summarize", "summarize is true but no summary provider is configured");
    }

    @Test
    void shouldAddSummariesWhenTheSummarizeStepRecordedThem() throws Exception {
        TestPdfs.withOutline(inputDir.resolve("book.pdf"), 2, 1);
        FakeStepContext context = new FakeStepContext(JobPayload.of(Map.of("file", "book.pdf")), tmp.resolve("job"));
        for (Step step : pipeline.steps()) {
            if (step.name().equals("summarize")) context.setOutput("summarize", "{\"summaries\":[\"About rivers.\",null]}");
            else context.run(step);
        }

        JsonNode chapters = new ObjectMapper().readTree(context.outputDir().resolve("document.json").toFile()).get("chapters");

        assertThat(chapters.get(0).get("summary").asText()).isEqualTo("About rivers.");
        assertThat(chapters.get(1).has("summary")).isFalse();
    }

    @Test
    void shouldProduceByteIdenticalOutputForTheSamePdf() throws Exception {
        TestPdfs.withHeadings(inputDir.resolve("book.pdf"), 4, 3);

        Map<String, String> first = tree(run("book.pdf", "job-a").outputDir());
        Map<String, String> second = tree(run("book.pdf", "job-b").outputDir());

        assertThat(first).hasSize(12 + 12 + 4 + 1).isEqualTo(second); // text/, paragraphs/, chapters/, document.json
    }

    @Test
    void shouldRewriteIdenticalFilesWhenAStepRunsAgainAfterACrash() throws Exception {
        TestPdfs.withOutline(inputDir.resolve("book.pdf"), 3, 3);
        FakeStepContext context = run("book.pdf", "job-a");
        Map<String, String> before = tree(context.outputDir());
        Path outputDir = context.outputDir();
        Files.writeString(outputDir.resolve("chapters/99-left-over.md"), "from an older split");

        context.run(step("extract-text"));
        context.run(step("split-chapters"));
        context.run(step("write-result"));

        assertThat(tree(outputDir)).isEqualTo(before);
    }

    @Test
    void shouldProcessTheSampleFieldGuide() throws Exception {
        TestPdfs.fieldGuide(inputDir.resolve("sample.pdf"));

        Path out = run("sample.pdf", "job-a").outputDir();

        JsonNode document = new ObjectMapper().readTree(out.resolve("document.json").toFile());
        assertThat(document.get("pages").asInt()).isEqualTo(24);
        assertThat(document.get("title").asText()).isEqualTo("A Field Guide to the Northern Coast");
        assertThat(document.get("chapters")).hasSize(4);
        assertThat(document.get("chapters").get(3).get("title").asText()).isEqualTo("Weather and Tides");
        assertThat(document.get("chapters").get(3).get("first_page").asInt()).isEqualTo(19);
    }

    @Test
    void shouldGenerateTheSameSampleBytesEveryTime() throws Exception {
        byte[] first = Files.readAllBytes(TestPdfs.fieldGuide(tmp.resolve("a.pdf")));
        byte[] second = Files.readAllBytes(TestPdfs.fieldGuide(tmp.resolve("b.pdf")));

        assertThat(first).isEqualTo(second);
    }

    private FakeStepContext run(String file, String job) throws Exception {
        FakeStepContext context = new FakeStepContext(JobPayload.of(Map.of("file", file)), tmp.resolve(job));
        context.runAll(pipeline);
        return context;
    }

    private Step step(String name) {
        return pipeline.steps().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    /** Every file under {@code dir}, by relative path, with its content. */
    private static Map<String, String> tree(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path file : all.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(file).toString(), Files.readString(file));
            }
        }
        return files;
    }
}
