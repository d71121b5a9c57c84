package dev.cairn.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The built-in offline provider as an honest extractive one: what it quotes, what it leaves out, how it marks it. */
class OfflineProviderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String PHOTOSYNTHESIS = """
            # Photosynthesis

            Photosynthesis is the process by which plants turn light into chemical energy. Chlorophyll in the
            leaves absorbs light, mostly blue and red. The light reactions split water and release oxygen,
            storing energy in ATP and NADPH. The Calvin cycle then uses ATP and NADPH to fix carbon dioxide
            into sugar. Chlorophyll gives leaves their green colour, because green light is reflected.
            Without chlorophyll, plants could not capture light. Sugar made by the Calvin cycle feeds the plant
            and, through food chains, almost every animal. Oxygen released by photosynthesis made the
            atmosphere breathable, e.g. for the first animals.
            """;
    static final String HANDBUCH = resource("handbuch-de.md");
    /** Words of the old English templates that must never frame a source's text. */
    private static final List<String> SCAFFOLDING = List.of("Introduction", "Understanding", "Summary and Next Steps",
            "Core Concepts", "Working with", "The Role of", "in Practice", "Overview", "This section looks at");

    private final Provider offline = Provider.offline();

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 12, 50})
    void shouldOutlineExactlyTheRequestedSectionsWithTheTopicVerbatimAsTitle(int n) throws Exception {
        JsonNode outline = outline("Datenbanken im Betrieb", n, HANDBUCH);

        assertThat(outline.path("title").asText()).isEqualTo("Datenbanken im Betrieb");
        assertThat(outline.path("sections")).hasSize(n);
        Set<String> titles = new HashSet<>();
        for (JsonNode section : outline.path("sections")) {
            assertThat(section.path("title").asText()).isNotBlank();
            assertThat(section.path("summary").isTextual()).isTrue();
            titles.add(section.path("title").asText());
        }
        assertThat(titles).as("distinct titles").hasSize(n);
    }

    @Test
    void shouldTakeSectionTitlesFromTheGermanSourceWithoutEnglishScaffolding() throws Exception {
        JsonNode outline = outline("Datenbanken", 4, HANDBUCH);

        List<String> titles = new ArrayList<>();
        outline.path("sections").forEach(s -> titles.add(s.path("title").asText()));
        assertThat(titles).containsExactly("Einleitung", "Replikation", "Transaktionen", "Indizes");

        String chapter = chapter("Datenbanken", 4, HANDBUCH);
        for (String words : SCAFFOLDING) assertThat(chapter).doesNotContain(words);
        assertThat(chapter).contains("## Replikation\n\nBei der Replikation hält ein Datenbanksystem Kopien derselben Daten auf mehreren Servern.");
    }

    @Test
    void shouldNameSectionsAfterFrequentSourceTermsWhenTheSourceHasTooFewHeadings() throws Exception {
        JsonNode outline = outline("Datenbanken", 7, HANDBUCH);

        List<String> titles = new ArrayList<>();
        outline.path("sections").forEach(s -> titles.add(s.path("title").asText()));
        assertThat(titles).hasSize(7).contains("Einleitung", "Replikation", "Transaktionen", "Indizes");
        String flatSource = HANDBUCH.toLowerCase(Locale.ROOT);
        for (String title : titles) {
            assertThat(flatSource).as("a word of the source: " + title).contains(title.toLowerCase(Locale.ROOT));
            assertThat(title).doesNotContainIgnoringCase("eine").doesNotContain(" ");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 4, 6, 12})
    void shouldNeverRepeatASentenceInAChapter(int n) {
        String chapter = chapter("Datenbanken", n, HANDBUCH);

        List<String> sentences = sentences(chapter);
        assertThat(sentences).isNotEmpty().doesNotHaveDuplicates();
        String flatSource = HANDBUCH.replaceAll("-\\n", "").replaceAll("\\s+", " ");
        for (String sentence : sentences) assertThat(flatSource).as("extractive").contains(sentence);
    }

    @Test
    void shouldLeaveOutTheTableOfContentsFrontMatterIndexAndRunningHeaders() {
        String chapter = chapter("Datenbanken", 12, HANDBUCH) + summary(HANDBUCH);

        assertThat(chapter).doesNotContain("....", "Inhaltsverzeichnis", "Stichwortverzeichnis", "©", "ISBN",
                "Alle Rechte", "Gedruckt", "Max Mustermann", "Handbuch der Datenbanken", "B-Baum, 23");
    }

    @Test
    void shouldChoosePassagesThatShareTermsWithTheSectionTitleBestFirst() throws Exception {
        List<ProviderRequest.OutlineEntry> outline = List.of(new ProviderRequest.OutlineEntry("Chlorophyll", ""),
                new ProviderRequest.OutlineEntry("Calvin cycle", ""));
        String first = offline.complete(ProviderRequest.section("s", "u", "plants", outline, 0, PHOTOSYNTHESIS)).text();
        String second = offline.complete(ProviderRequest.section("s", "u", "plants", outline, 1, PHOTOSYNTHESIS)).text();

        for (String sentence : sentences(first)) assertThat(sentence.toLowerCase(Locale.ROOT)).containsAnyOf("chlorophyll", "plant");
        for (String sentence : sentences(second)) assertThat(sentence.toLowerCase(Locale.ROOT)).containsAnyOf("calvin", "cycle", "plant");
        assertThat(first).contains("Chlorophyll in the leaves absorbs light, mostly blue and red.");
        assertThat(second).contains("The Calvin cycle then uses ATP and NADPH to fix carbon dioxide into sugar.");
        assertThat(sentences(first)).doesNotContainAnyElementsOf(sentences(second));

        JsonNode outlined = outline("Photosynthese", 2, PHOTOSYNTHESIS);
        assertThat(outlined.path("sections").path(0).path("summary").asText())
                .as("the summary is the section's best passage").isIn(sentences(PHOTOSYNTHESIS.replace("# Photosynthesis", "").replaceAll("\\s+", " ")));
    }

    @Test
    void shouldSayPlainlyThatItHasNoSources() throws Exception {
        JsonNode outline = outline("Rust ownership", 3, "");
        assertThat(outline.path("title").asText()).isEqualTo("Rust ownership");
        String first = offline.complete(sectionOf(outline, 0, "Rust ownership", "")).text();
        String second = offline.complete(sectionOf(outline, 1, "Rust ownership", "")).text();

        assertThat(first).startsWith(OfflineMarks.SECTION_MARKER)
                .contains("writes only extracts of source documents", "gave it none", "--source-job <pdf job id>", "CAIRN_PROVIDERS");
        assertThat(second).contains("No source text");
        for (String words : SCAFFOLDING) assertThat(first + second).doesNotContain(words);
    }

    @Test
    void shouldSayPlainlyWhenTheSourceIsOnlyATableOfContents() {
        String toc = "# Contents\n\n1 Introduction ........ 1\n2 Methods ........ 5\n3 Results ....... 9\n";

        String text = chapter("Methods", 2, toc);

        assertThat(text).contains("hold no running text").doesNotContain("....");
    }

    @Test
    void shouldMarkEverySectionAndSummary() {
        assertThat(chapterSections("Datenbanken", 3, HANDBUCH)).allSatisfy(s -> assertThat(s).startsWith(OfflineMarks.SECTION_MARKER + "\n\n## "));
        assertThat(summary(HANDBUCH)).startsWith(OfflineMarks.SUMMARY_PREFIX);
        assertThat(OfflineMarks.isOfflineSummary(summary(""))).isTrue();
    }

    @Test
    void shouldAnswerTheSameRequestWithIdenticalText() {
        assertThat(chapter("Datenbanken", 6, HANDBUCH)).isEqualTo(new OfflineProviderTest().chapter("Datenbanken", 6, HANDBUCH));
        assertThat(summary(HANDBUCH)).isEqualTo(Provider.offline().complete(ProviderRequest.summary("a", "b", HANDBUCH)).text());
        assertThat(chapter("plants", 3, PHOTOSYNTHESIS)).isEqualTo(chapter("plants", 3, PHOTOSYNTHESIS));
    }

    @Test
    void shouldSummariseWithDistinctSentencesInSourceOrder() {
        String repeated = "Shore crabs hide under weed on every shore.\n".repeat(5)
                + "Terns hover before they dive into the sea. Limpets return to the same scar on the rock.\n\n"
                + "Shore crabs hide under weed on every shore. Oystercatchers probe the wet sand with long bills.";

        String summary = summary(repeated);

        List<String> sentences = sentences(summary.substring(OfflineMarks.SUMMARY_PREFIX.length()));
        assertThat(sentences).hasSizeBetween(2, 3).doesNotHaveDuplicates();
        assertThat(sentences.getFirst()).isEqualTo("Shore crabs hide under weed on every shore.");
        String flat = repeated.replaceAll("\\s+", " ");
        int last = -1;
        for (String sentence : sentences) {
            assertThat(flat.indexOf(sentence)).as("source order").isGreaterThan(last);
            last = flat.indexOf(sentence);
        }
    }

    @Test
    void shouldSummariseAnEmptyOrSentencelessSourceSayingSo() {
        assertThat(summary("")).isEqualTo(OfflineMarks.SUMMARY_PREFIX + "No text was available to summarise.");
        assertThat(summary("Two words")).startsWith(OfflineMarks.SUMMARY_PREFIX).contains("No sentence of running text");
    }

    @Test
    void shouldStayFastOnABookSizedSource() {
        StringBuilder book = new StringBuilder();
        for (int i = 0; book.length() < 200_000; i++) {
            if (i % 40 == 0) book.append("\n\n# Kapitel ").append(i / 40).append("\n\n");
            book.append("Satz ").append(i).append(" über Datenbanken, Replikation und Thema ").append(i % 97).append(" steht hier. ");
        }
        long start = System.nanoTime();
        chapter("Datenbanken", 50, book.toString());
        summary(book.toString());
        // why: a cold JVM on a shared 2-core machine parses 200,000 characters in a few hundred ms; 50 sections
        // that each parsed again (no shared plan) took over 20 s
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms").isLessThan(10_000);
    }

    // ------------------------------------------------------------------ helpers

    private JsonNode outline(String topic, int n, String source) throws IOException {
        return JSON.readTree(offline.complete(ProviderRequest.outline("s", "u", topic, n, source)).text());
    }

    private static ProviderRequest sectionOf(JsonNode outline, int index, String topic, String source) {
        List<ProviderRequest.OutlineEntry> entries = new ArrayList<>();
        outline.path("sections").forEach(s -> entries.add(new ProviderRequest.OutlineEntry(s.path("title").asText(), s.path("summary").asText())));
        return ProviderRequest.section("s", "u", topic, entries, index, source);
    }

    List<String> chapterSections(String topic, int n, String source) {
        try {
            JsonNode outline = outline(topic, n, source);
            List<String> sections = new ArrayList<>();
            for (int i = 0; i < n; i++) sections.add(offline.complete(sectionOf(outline, i, topic, source)).text());
            return sections;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    String chapter(String topic, int n, String source) {
        return String.join("\n", chapterSections(topic, n, source));
    }

    private String summary(String source) {
        return offline.complete(ProviderRequest.summary("s", "u", source)).text();
    }

    /** The sentences of body text: headings and markers left out. */
    static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("<!--") || line.startsWith(">") || line.startsWith("_")) continue;
            for (String s : line.split("(?<=[.!?])\\s+(?=[\\p{Lu}\\d])")) if (!s.isBlank()) out.add(s.strip());
        }
        return out;
    }

    private static String resource(String name) {
        try (InputStream in = OfflineProviderTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("missing test resource " + name, e);
        }
    }
}
