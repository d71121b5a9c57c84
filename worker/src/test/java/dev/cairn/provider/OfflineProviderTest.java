package dev.cairn.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class OfflineProviderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SOURCE = """
            # Photosynthesis

            Photosynthesis is the process by which plants turn light into chemical energy. Chlorophyll in the
            leaves absorbs light, mostly blue and red. The light reactions split water and release oxygen,
            storing energy in ATP and NADPH. The Calvin cycle then uses ATP and NADPH to fix carbon dioxide
            into sugar. Chlorophyll gives leaves their green colour, because green light is reflected.
            Without chlorophyll, plants could not capture light. Sugar made by the Calvin cycle feeds the plant
            and, through food chains, almost every animal. Oxygen released by photosynthesis made the
            atmosphere breathable, e.g. for the first animals.
            """;

    private final Provider offline = Provider.offline();

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 12, 50})
    void shouldOutlineExactlyTheRequestedSectionsAsJson(int n) throws Exception {
        String text = offline.complete(ProviderRequest.outline("sys", "user", "machine learning in practice", n, "")).text();

        JsonNode outline = JSON.readTree(text);
        assertThat(outline.path("title").asText()).isEqualTo("Machine Learning in Practice");
        assertThat(outline.path("sections")).hasSize(n);
        Set<String> titles = new HashSet<>();
        for (JsonNode section : outline.path("sections")) {
            assertThat(section.path("title").asText()).isNotBlank();
            assertThat(section.path("summary").asText()).isNotBlank();
            titles.add(section.path("title").asText());
        }
        assertThat(titles).as("distinct titles").hasSize(n);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 50})
    void shouldOutlineFromSourcesWithTheirFrequentWords(int n) throws Exception {
        String text = offline.complete(ProviderRequest.outline("sys", "user", "photosynthesis", n, SOURCE)).text();

        JsonNode outline = JSON.readTree(text);
        assertThat(outline.path("sections")).hasSize(n);
        if (n >= 5) {
            assertThat(text).contains("Chlorophyll").contains("Light");
            assertThat(outline.path("sections").path(0).path("summary").asText())
                    .isEqualTo("Photosynthesis is the process by which plants turn light into chemical energy.");
        }
    }

    @Test
    void shouldAnswerTheSameRequestWithIdenticalText() {
        List<ProviderRequest> requests = List.of(
                ProviderRequest.outline("s", "u", "Rust ownership", 7, SOURCE),
                ProviderRequest.outline("s", "u", "Rust ownership", 7, ""),
                ProviderRequest.section("s", "u", "photosynthesis", "Understanding Chlorophyll", "How leaves absorb light.", SOURCE),
                ProviderRequest.section("s", "u", "photosynthesis", "Understanding Chlorophyll", "How leaves absorb light.", ""),
                ProviderRequest.summary("s", "u", SOURCE));
        for (ProviderRequest request : requests) {
            assertThat(Provider.offline().complete(request).text()).isEqualTo(offline.complete(request).text());
        }
    }

    @Test
    void shouldWriteASectionInMarkdownFromTheSource() {
        String text = offline.complete(ProviderRequest.section("s", "u", "photosynthesis", "Understanding Chlorophyll",
                "How leaves absorb light.", SOURCE)).text();

        List<String> paragraphs = List.of(text.strip().split("\n\n"));
        assertThat(paragraphs.getFirst()).isEqualTo("## Understanding Chlorophyll");
        assertThat(paragraphs.get(1)).isEqualTo("How leaves absorb light.");
        assertThat(paragraphs.size() - 1).isBetween(2, 4);
        assertThat(text).contains("Chlorophyll in the leaves absorbs light, mostly blue and red.");
        for (String sentence : sentencesOf(String.join(" ", paragraphs.subList(2, paragraphs.size())))) {
            assertThat(SOURCE.replaceAll("\\s+", " ")).as("extractive").contains(sentence);
        }
    }

    @Test
    void shouldWriteASectionWithoutSources() {
        String text = offline.complete(ProviderRequest.section("s", "u", "Rust", "Borrowing Rules", "", "")).text();

        List<String> paragraphs = List.of(text.strip().split("\n\n"));
        assertThat(paragraphs.getFirst()).isEqualTo("## Borrowing Rules");
        assertThat(paragraphs.size() - 1).isBetween(2, 4);
        assertThat(text).contains("Rust").endsWith("\n");
    }

    @Test
    void shouldSummariseByExtractingSentencesInOrder() {
        String summary = offline.complete(ProviderRequest.summary("s", "u", SOURCE)).text();

        List<String> sentences = sentencesOf(summary);
        assertThat(sentences).hasSizeBetween(2, 3);
        assertThat(sentences.getFirst()).isEqualTo("Photosynthesis is the process by which plants turn light into chemical energy.");
        String flat = SOURCE.replaceAll("\\s+", " ");
        int last = -1;
        for (String sentence : sentences) {
            assertThat(flat).contains(sentence);
            assertThat(flat.indexOf(sentence)).as("original order").isGreaterThan(last);
            last = flat.indexOf(sentence);
        }
    }

    @Test
    void shouldSummariseAnEmptyOrSentencelessSource() {
        assertThat(offline.complete(ProviderRequest.summary("s", "u", "")).text()).isEqualTo("No text was available to summarise.");
        assertThat(offline.complete(ProviderRequest.summary("s", "u", "  \n ")).text()).isNotBlank();
        assertThat(offline.complete(ProviderRequest.summary("s", "u", "Two words")).text()).isEqualTo("Two words");
        assertThat(offline.complete(ProviderRequest.summary("s", "u", "One sentence only, with enough words.")).text())
                .isEqualTo("One sentence only, with enough words.");
    }

    @Test
    void shouldStayFastOnABookSizedSource() {
        String book = SOURCE.repeat(2_000);
        offline.complete(ProviderRequest.summary("s", "u", book));
        long start = System.nanoTime();

        String summary = offline.complete(ProviderRequest.summary("s", "u", book)).text();

        assertThat(summary).isNotBlank();
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms").isLessThan(1_000);
    }

    @Test
    void shouldOutlineABlankTopic() throws Exception {
        JsonNode outline = JSON.readTree(offline.complete(ProviderRequest.outline("s", "u", " ", 3, "")).text());

        assertThat(outline.path("title").asText()).isNotBlank();
        assertThat(outline.path("sections")).hasSize(3);
    }

    private static List<String> sentencesOf(String text) {
        List<String> out = new ArrayList<>();
        for (String s : text.split("(?<=[.!?])\\s+(?=[A-Z])")) if (!s.isBlank()) out.add(s.strip());
        return out;
    }
}
