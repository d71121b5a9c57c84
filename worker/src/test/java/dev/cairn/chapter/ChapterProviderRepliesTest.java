package dev.cairn.chapter;

import dev.cairn.testing.FakeStepContext;
import static dev.cairn.chapter.ChapterGenerationPipelineTest.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.pipeline.JobPayload;
import dev.cairn.api.pipeline.Step;
import dev.cairn.provider.FakeProviderServer;
import dev.cairn.provider.FakeProviderServer.Behaviour;
import dev.cairn.provider.ProviderChain;
import dev.cairn.provider.ProviderException;
import dev.cairn.provider.ProviderRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chapter steps against a local fake OpenAI-compatible provider that counts requests: what a reply
 * must look like, and that a resumed run never requests a section it already paid for.
 */
class ChapterProviderRepliesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final TestProviders providers = new TestProviders();
    private final FakeProviderServer server = FakeProviderServer.start();
    private Path outputDir;
    private ChapterGenerationPipeline pipeline;

    @BeforeEach
    void setUp() throws Exception {
        outputDir = Files.createDirectories(tmp.resolve("output"));
        pipeline = new ChapterGenerationPipeline(providers.fake(server), outputDir);
    }

    @AfterEach
    void close() {
        server.close();
        providers.close();
    }

    @Test
    void shouldAcceptAnOutlineWrappedInAJsonCodeFence() throws Exception {
        server.enqueue(Behaviour.ok("```json\n" + outlineJson(3) + "\n```"));
        FakeStepContext job = job(payload("topic", "Rust", "sections", 3));

        job.run(step("outline"));

        JsonNode outline = JSON.readTree(job.outputDir().resolve("outline.json").toFile());
        assertThat(outline.get("title").asText()).isEqualTo("A Chapter");
        assertThat(outline.get("sections")).hasSize(3);
        assertThat(outline.get("sections").get(2).get("title").asText()).isEqualTo("Section Three");
    }

    @Test
    void shouldFailRetryablyWhenTheOutlineHasTheWrongNumberOfSections() throws Exception {
        server.respondWith(Behaviour.ok(outlineJson(2)));
        FakeStepContext job = job(payload("topic", "Rust", "sections", 3));

        assertThatThrownBy(() -> job.run(step("outline")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderException.Kind.BAD_REPLY);
                    assertThat(e.isRetryable()).isTrue();
                    assertThat(e.provider()).isEqualTo("fake");
                    assertThat(e.getMessage()).contains("the outline has 2 sections, 3 were asked for");
                });
        assertThat(job.outputDir().resolve("outline.json")).doesNotExist();
        assertThat(job.outputs()).doesNotContainKey("outline");

        server.respondWith(Behaviour.ok(outlineJson(4)));
        assertThatThrownBy(() -> job.run(step("outline"))).hasMessageContaining("the outline has 4 sections, 3 were asked for");
    }

    @Test
    void shouldFailRetryablyOnAnOutlineThatIsNotJsonOrMissesAField() throws Exception {
        String[] replies = {
                "Sure! Here is an outline for your chapter: 1. Basics 2. More",
                "[1, 2]",
                "{\"sections\": [{\"title\": \"A\", \"summary\": \"a\"}]}",
                "{\"title\": \"T\", \"sections\": [{\"title\": \"  \", \"summary\": \"a\"}]}",
                "{\"title\": \"T\", \"sections\": [{\"title\": \"A\"}]}",
                "{\"title\": \"T\", \"sections\": {\"title\": \"A\", \"summary\": \"a\"}}",
                "{\"title\": \"T\", \"sections\": [\"A\"]}",
                "{\"title\": \"T\", \"sections\": [{\"title\": \"A\", \"summary\": \"a\"}]} and more",
        };
        for (String reply : replies) {
            providers.resetBreakers(); // why: every unusable outline counts against the provider's breaker
            server.enqueue(Behaviour.ok(reply));
            FakeStepContext job = job(payload("topic", "Rust", "sections", 1));

            assertThatThrownBy(() -> job.run(step("outline")))
                    .as(reply)
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ProviderException.Kind.BAD_REPLY);
                        assertThat(e.isRetryable()).isTrue();
                    });
            assertThat(job.outputDir().resolve("outline.json")).doesNotExist();
        }
        assertThat(server.requestCount()).isEqualTo(replies.length);
    }

    @Test
    void shouldFailRetryablyWhenTheProviderAnswersGarbage() {
        server.enqueue(Behaviour.garbage());
        FakeStepContext job = job(payload("topic", "Rust", "sections", 2));

        assertThatThrownBy(() -> job.run(step("outline")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderException.Kind.BAD_REPLY);
                    assertThat(e.isRetryable()).isTrue();
                });
    }

    @Test
    void shouldAskForJsonWithTheTopicAndTheExactSectionCount() throws Exception {
        server.enqueue(Behaviour.ok(outlineJson(3)));
        job(payload("topic", "Ownership in Rust", "sections", 3)).run(step("outline"));

        JsonNode request = server.requests().getFirst().json();
        assertThat(request.get("response_format").get("type").asText()).isEqualTo("json_object");
        String user = userMessage(request);
        assertThat(user).contains("Ownership in Rust", "exactly 3 entries", "\"sections\"").doesNotContain("SOURCES");
    }

    @Test
    void shouldSendTheSourceJobsChaptersWithTheOutlineAndSectionRequests() throws Exception {
        Path chapters = Files.createDirectories(outputDir.resolve("pdf-job/chapters"));
        Files.writeString(chapters.resolve("01-kelp.md"), "# Kelp\n\nKelp forests shelter young fish.\n");
        Files.writeString(chapters.resolve("02-crabs.md"), "# Crabs\n\nShore crabs hide under stones at low tide.\n");
        Files.writeString(chapters.resolve("10-gulls.md"), "# Gulls\n\nGulls nest on cliff ledges.\n");
        Files.writeString(outputDir.resolve("pdf-job/document.json"), "{}");
        server.enqueue(Behaviour.ok(outlineJson(2)));
        server.respondWith(Behaviour.ok("Some section text."));

        job(payload("topic", "The shore", "sections", 2, "source_job", "pdf-job")).runAll(pipeline);

        assertThat(server.requestCount()).isEqualTo(3);
        for (FakeProviderServer.Request request : server.requests()) {
            String user = userMessage(request.json());
            assertThat(user).contains("# Kelp\n\nKelp forests shelter young fish.\n\n# Crabs\n\nShore crabs hide under stones");
            assertThat(user.indexOf("Shore crabs")).isLessThan(user.indexOf("Gulls nest"));
        }
    }

    @Test
    void shouldResumeSectionsAtTheCursorWithoutRequestingFinishedSections() throws Exception {
        FakeStepContext job = jobWithOutline(5);
        Path sections = Files.createDirectories(job.outputDir().resolve("sections"));
        for (int i = 1; i <= 3; i++) Files.writeString(sections.resolve("0" + i + ".md"), "Paid-for text of section " + i + ".\n");
        job.setCursor("sections", "3");
        server.respondWith(Behaviour.ok("## Whatever\n\nFresh text."));

        job.run(step("sections"));
        job.run(step("assemble"));

        assertThat(server.requestCount()).isEqualTo(2);
        assertThat(userMessage(server.requests().get(0).json())).contains("Write section 4, \"Section Four\"");
        assertThat(userMessage(server.requests().get(1).json())).contains("Write section 5, \"Section Five\"");
        assertThat(job.checkpoints()).extracting(FakeStepContext.Checkpoint::cursor).containsExactly("4", "5");
        String chapter = Files.readString(job.outputDir().resolve("chapter.md"));
        assertThat(chapter).contains("## Section One\n\nPaid-for text of section 1.\n", "## Section Three\n\nPaid-for text of section 3.\n",
                "## Section Five\n\nFresh text.\n");
    }

    @Test
    void shouldKeepASectionWrittenJustBeforeACrashThatLostItsCheckpoint() throws Exception {
        FakeStepContext job = jobWithOutline(4);
        Path sections = Files.createDirectories(job.outputDir().resolve("sections"));
        for (int i = 1; i <= 3; i++) Files.writeString(sections.resolve("0" + i + ".md"), "Section " + i + ".\n");
        job.setCursor("sections", "2");

        job.run(step("sections"));

        assertThat(server.requestCount()).isEqualTo(1);
        assertThat(userMessage(server.lastRequest().orElseThrow().json())).contains("Write section 4,");
    }

    @Test
    void shouldRequestEverySectionExactlyOnceWhenKilledMidway() throws Exception {
        server.enqueue(Behaviour.ok(outlineJson(5)));
        server.respondWith((FakeProviderServer.Responder) (request, number) -> Behaviour.ok("Text of request " + number + "."));
        FakeStepContext job = job(payload("topic", "Rust", "sections", 5));
        job.run(step("outline"));
        job.killAfterCheckpoints(2);

        assertThatThrownBy(() -> job.run(step("sections"))).isInstanceOf(FakeStepContext.SimulatedKill.class);
        assertThat(server.requestCount()).isEqualTo(1 + 2);
        job.run(step("sections"));
        job.run(step("assemble"));

        assertThat(server.requestCount()).isEqualTo(1 + 5);
        assertThat(job.checkpoints()).extracting(FakeStepContext.Checkpoint::cursor).containsExactly("1", "2", "3", "4", "5");
        String chapter = Files.readString(job.outputDir().resolve("chapter.md"));
        for (int n = 2; n <= 6; n++) assertThat(chapter).contains("Text of request " + n + ".");
    }

    @Test
    void shouldFailRetryablyOnAnEmptySectionAndWriteNothingForIt() throws Exception {
        ProviderChain blank = providers.scripted(request -> request.purpose() == ProviderRequest.Purpose.OUTLINE ? outlineJson(2) : " \n\t");
        ChapterGenerationPipeline blankPipeline = new ChapterGenerationPipeline(blank, outputDir);
        FakeStepContext job = new FakeStepContext("job-blank", payload("topic", "Rust", "sections", 2), outputDir);
        job.run(blankPipeline.steps().get(0));

        assertThatThrownBy(() -> job.run(blankPipeline.steps().get(1)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderException.Kind.BAD_REPLY);
                    assertThat(e.isRetryable()).isTrue();
                    assertThat(e.provider()).isEqualTo("scripted");
                    assertThat(e.getMessage()).contains("section 1 of 2 is empty");
                });
        assertThat(job.outputDir().resolve("sections/01.md")).doesNotExist();
        assertThat(job.checkpoints()).isEmpty();
    }

    @Test
    void shouldFailRetryablyWhenTheProviderSendsAnEmptySection() throws Exception {
        FakeStepContext job = jobWithOutline(2);
        server.respondWith(Behaviour.ok(""));

        assertThatThrownBy(() -> job.run(step("sections")))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.isRetryable()).isTrue());
        assertThat(job.outputDir().resolve("sections/01.md")).doesNotExist();
    }

    @Test
    void shouldReuseTheOutlineAnEarlierRunWroteInsteadOfPayingForANewOne() throws Exception {
        server.enqueue(Behaviour.ok(outlineJson(3)));
        JobPayload payload = payload("topic", "Rust", "sections", 3);
        job(payload).run(step("outline"));

        FakeStepContext rerun = job(payload); // the same job after a crash that lost the step's completion
        rerun.run(step("outline"));

        assertThat(server.requestCount()).isEqualTo(1);
        assertThat(JSON.readTree(rerun.outputs().get("outline")).get("sections")).hasSize(3);
    }

    @Test
    void shouldDropSectionsOfAnOutlineThatWasReplaced() throws Exception {
        FakeStepContext job = job(payload("topic", "Rust", "sections", 2));
        Path sections = Files.createDirectories(job.outputDir().resolve("sections"));
        Files.writeString(sections.resolve("01.md"), "From an outline that no longer exists.");
        server.enqueue(Behaviour.ok(outlineJson(2)));
        server.respondWith(Behaviour.ok("New text."));

        job.runAll(pipeline);

        assertThat(server.requestCount()).isEqualTo(3);
        assertThat(Files.readString(job.outputDir().resolve("chapter.md"))).doesNotContain("no longer exists");
    }

    private FakeStepContext job(JobPayload payload) {
        return new FakeStepContext("job-1", payload, outputDir);
    }

    /** A job whose outline step completed with {@code n} sections (no request made), before any section was requested. */
    private FakeStepContext jobWithOutline(int n) {
        FakeStepContext job = job(payload("topic", "Rust", "sections", n));
        job.setOutput("outline", outlineJson(n));
        server.respondWith(Behaviour.ok("Section text."));
        return job;
    }

    private Step step(String name) {
        return pipeline.steps().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private static String userMessage(JsonNode request) {
        for (JsonNode message : request.get("messages")) {
            if (message.get("role").asText().equals("user")) return message.get("content").asText();
        }
        throw new AssertionError("no user message in " + request);
    }

    static String outlineJson(int sections) {
        String[] names = {"One", "Two", "Three", "Four", "Five", "Six", "Seven"};
        StringBuilder json = new StringBuilder("{\"title\": \"A Chapter\", \"sections\": [");
        for (int i = 0; i < sections; i++) {
            if (i > 0) json.append(", ");
            json.append("{\"title\": \"Section ").append(names[i]).append("\", \"summary\": \"About part ").append(i + 1).append(".\"}");
        }
        return json.append("]}").toString();
    }
}
