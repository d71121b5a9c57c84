package dev.cairn.chapter;

import dev.cairn.testing.FakeStepContext;
import static dev.cairn.chapter.ChapterGenerationPipelineTest.payload;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.pipeline.JobPayload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.cairn.provider.OfflineMarks;

/** The whole pipeline with the built-in offline provider, steps run one after another as the engine would. */
class ChapterGenerationRunTest {

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
    void shouldWriteAnOutlineWithTheRequestedSectionsAndAChapterWithOneHeadingEach() throws Exception {
        FakeStepContext job = run("job-a", payload("topic", "tide pools", "sections", 4));

        JsonNode outline = new ObjectMapper().readTree(job.outputDir().resolve("outline.json").toFile());
        assertThat(outline.properties()).extracting(Map.Entry::getKey).containsExactly("title", "sections");
        assertThat(outline.get("sections")).hasSize(4);
        assertThat(outline.get("sections").get(0).properties()).extracting(Map.Entry::getKey).containsExactly("title", "summary");

        String chapter = Files.readString(job.outputDir().resolve("chapter.md"));
        List<String> lines = chapter.lines().toList();
        assertThat(lines.getFirst()).isEqualTo("> " + OfflineMarks.chapterNote(null));
        assertThat(lines.get(2)).isEqualTo("# " + outline.get("title").asText());
        assertThat(lines.stream().filter(l -> l.startsWith("# "))).hasSize(1);
        List<String> headings = lines.stream().filter(l -> l.startsWith("## ")).toList();
        assertThat(headings).containsExactly(
                "## " + outline.get("sections").get(0).get("title").asText(),
                "## " + outline.get("sections").get(1).get("title").asText(),
                "## " + outline.get("sections").get(2).get("title").asText(),
                "## " + outline.get("sections").get(3).get("title").asText());
        assertThat(chapter).endsWith("\n").doesNotContain("\r").doesNotContain("\n\n\n");
    }

    @Test
    void shouldDefaultToFiveSectionsAndCheckpointAfterEach() throws Exception {
        FakeStepContext job = run("job-a", payload("topic", "Compilers"));

        assertThat(tree(job.outputDir().resolve("sections")).keySet()).containsExactly("01.md", "02.md", "03.md", "04.md", "05.md");
        assertThat(job.checkpoints()).extracting(FakeStepContext.Checkpoint::cursor).containsExactly("1", "2", "3", "4", "5");
        assertThat(job.checkpoints()).extracting(FakeStepContext.Checkpoint::fractionDone).containsExactly(0.2, 0.4, 0.6, 0.8, 1.0);
        assertThat(job.checkpoints()).extracting(FakeStepContext.Checkpoint::step).containsOnly("sections");
    }

    @Test
    void shouldRecordTheValidatedOutlineAsTheStepOutput() throws Exception {
        FakeStepContext job = run("job-a", payload("topic", "Compilers", "sections", 2));

        JsonNode output = new ObjectMapper().readTree(job.outputs().get("outline"));
        JsonNode file = new ObjectMapper().readTree(job.outputDir().resolve("outline.json").toFile());
        assertThat(output).isEqualTo(file);
        assertThat(output.get("sections")).hasSize(2);
    }

    @Test
    void shouldProduceByteIdenticalOutputForTheSamePayload() throws Exception {
        JobPayload payload = payload("topic", "the water cycle", "sections", 6);

        Map<String, String> first = tree(run("job-a", payload).outputDir());
        Map<String, String> second = tree(run("job-b", payload).outputDir());

        assertThat(first).containsKeys("outline.json", "chapter.md", "note.txt", "sections/06.md").hasSize(3 + 6).isEqualTo(second);
    }

    @Test
    void shouldWriteAnIdenticalChapterWhenAssembleRunsAgain() throws Exception {
        FakeStepContext job = run("job-a", payload("topic", "Compilers", "sections", 3));
        Map<String, String> before = tree(job.outputDir());

        job.run(step("assemble"));

        assertThat(tree(job.outputDir())).isEqualTo(before);
    }

    @Test
    void shouldWriteFromTheSourceJobsChaptersWhenOneIsGiven() throws Exception {
        Path source = Files.createDirectories(outputDir.resolve("pdf-job/chapters"));
        Files.writeString(source.resolve("01-rock-pools.md"), "# Rock Pools\n\nRock pools fill with seawater at every high tide. "
                + "Anemones and barnacles cling to the rock pools through the day. Periwinkles graze the algae in rock pools.\n");
        Files.writeString(source.resolve("02-seabirds.md"), "# Seabirds\n\nOystercatchers probe the mud for cockles. "
                + "Gulls follow the fishing boats into the harbour. Terns dive for sand eels near the shore.\n");
        Files.writeString(outputDir.resolve("pdf-job/document.json"), "{}");

        FakeStepContext job = run("job-a", payload("topic", "the northern coast", "sections", 3, "source_job", "pdf-job"));

        String chapter = Files.readString(job.outputDir().resolve("chapter.md"));
        assertThat(chapter).contains("Rock pools fill with seawater at every high tide.");
        assertThat(chapter.lines().findFirst().orElseThrow())
                .isEqualTo("> Extractive text chosen offline from the chapters of pdf-processing job pdf-job; "
                        + "set CAIRN_PROVIDERS to an LLM provider for written chapters.");
        assertThat(Files.readString(job.outputDir().resolve("note.txt")).strip())
                .startsWith("Extractive text chosen offline from the chapters of pdf-processing job pdf-job");
        assertThat(chapter).doesNotContain(OfflineMarks.SECTION_MARKER);
    }

    @Test
    void shouldSayPlainlyInTheChapterThatItHasNoSourcesWithoutInventingText() throws Exception {
        FakeStepContext job = run("job-a", payload("topic", "Compilers", "sections", 3));

        String chapter = Files.readString(job.outputDir().resolve("chapter.md"));
        assertThat(chapter).startsWith("> Chosen offline without sources")
                .contains("writes only extracts of source documents", "--source-job <pdf job id>", "CAIRN_PROVIDERS")
                .doesNotContain("Core Concepts", "Introduction", "Summary and Next Steps");
    }

    @Test
    void shouldWriteAGermanChapterFromAGermanSourceJobWithoutRepeatsOrContents() throws Exception {
        Path source = Files.createDirectories(outputDir.resolve("pdf-de/chapters"));
        String handbuch;
        try (var in = ChapterGenerationRunTest.class.getResourceAsStream("/dev/cairn/provider/handbuch-de.md")) {
            handbuch = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String[] chapters = handbuch.split("(?m)^(?=# )");
        for (int i = 0; i < chapters.length; i++) {
            Files.writeString(source.resolve(String.format("%02d-kapitel.md", i + 1)), chapters[i]);
        }
        Files.writeString(outputDir.resolve("pdf-de/document.json"), "{}");

        FakeStepContext job = run("job-de", payload("topic", "Datenbanken", "sections", 4, "source_job", "pdf-de"));

        String chapter = Files.readString(job.outputDir().resolve("chapter.md"));
        List<String> headings = chapter.lines().filter(l -> l.startsWith("## ")).toList();
        assertThat(headings).containsExactly("## Einleitung", "## Replikation", "## Transaktionen", "## Indizes");
        assertThat(chapter).contains("# Datenbanken\n").doesNotContain("....", "Inhaltsverzeichnis", "ISBN", "Understanding",
                "Introduction", "Summary");
        List<String> sentences = chapter.lines().filter(l -> !l.isBlank() && !l.startsWith("#") && !l.startsWith(">"))
                .flatMap(l -> java.util.Arrays.stream(l.split("(?<=[.!?])\\s+(?=\\p{Lu})"))).toList();
        assertThat(sentences).hasSizeGreaterThan(8).doesNotHaveDuplicates();
    }

    private FakeStepContext run(String jobId, JobPayload payload) throws Exception {
        pipeline.validate(payload);
        FakeStepContext context = new FakeStepContext(jobId, payload, outputDir);
        context.runAll(pipeline);
        return context;
    }

    private dev.cairn.api.pipeline.Step step(String name) {
        return pipeline.steps().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    /** Every file under {@code dir}, by relative path, with its content. */
    static Map<String, String> tree(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path file : all.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(file).toString().replace('\\', '/'), Files.readString(file));
            }
        }
        return files;
    }
}
