package dev.cairn.chapter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutlineTest {

    private static final String TWO = "{\"title\": \"Tides\", \"sections\": [{\"title\": \"Why\", \"summary\": \"The moon.\"},"
            + " {\"title\": \"When\", \"summary\": \"Twice a day.\"}]}";

    @Test
    void shouldParseAPlainReply() throws Exception {
        Outline outline = Outline.parseReply(TWO, 2);

        assertThat(outline.title()).isEqualTo("Tides");
        assertThat(outline.sections()).containsExactly(new Outline.Section("Why", "The moon."), new Outline.Section("When", "Twice a day."));
    }

    @Test
    void shouldStripACodeFenceWithOrWithoutALanguage() throws Exception {
        for (String reply : List.of("```json\n" + TWO + "\n```", "```\n" + TWO + "\n```", "  ```JSON\r\n" + TWO + "\r\n```  \n",
                "```json " + TWO + "```")) {
            assertThat(Outline.parseReply(reply, 2).sections()).as(reply).hasSize(2);
        }
    }

    @Test
    void shouldCollapseTitlesToOneLineAndTrimSummaries() throws Exception {
        Outline outline = Outline.parseReply("{\"title\": \" Big\\n Tides \", \"sections\": [{\"title\": \"A\\tB\","
                + " \"summary\": \"  x  \", \"extra\": 1}], \"notes\": \"ignored\"}", 1);

        assertThat(outline.title()).isEqualTo("Big Tides");
        assertThat(outline.sections().getFirst()).isEqualTo(new Outline.Section("A B", "x"));
    }

    @Test
    void shouldRejectTheWrongCountNamingBoth() {
        assertThatThrownBy(() -> Outline.parseReply(TWO, 3))
                .isInstanceOf(Outline.InvalidOutlineException.class)
                .hasMessage("the outline has 2 sections, 3 were asked for");
    }

    @Test
    void shouldRejectNonJsonWithAShortExcerpt() {
        assertThatThrownBy(() -> Outline.parseReply("Here you go: " + "blah ".repeat(100), 2))
                .isInstanceOf(Outline.InvalidOutlineException.class)
                .hasMessageStartingWith("the outline is not JSON: 'Here you go: blah")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(150));
        assertThatThrownBy(() -> Outline.parseReply("", 2)).hasMessage("the outline is not JSON: (empty)");
    }

    @Test
    void shouldRoundTripThroughItsJson() throws Exception {
        Outline outline = Outline.parseReply(TWO, 2);

        assertThat(Outline.read(outline.toJson(), 2)).isEqualTo(outline);
        assertThat(Outline.read(outline.toPrettyJson(), -1)).isEqualTo(outline);
        assertThat(outline.toPrettyJson()).startsWith("{\n  \"title\": \"Tides\",\n  \"sections\": [\n").endsWith("}\n");
    }
}
