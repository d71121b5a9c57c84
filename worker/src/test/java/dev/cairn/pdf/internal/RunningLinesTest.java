package dev.cairn.pdf.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunningLinesTest {

    @Test
    void shouldDropHeadersCarryingThePrintedPageNumberAndBarePageNumbers() {
        List<List<List<String>>> pages = new ArrayList<>();
        String[] words = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta"};
        for (int page = 1; page <= 6; page++) {
            int printed = page + 8;
            String header = page % 2 == 0 ? printed + " Kapitel 5. Krümmung" : "5.1. KRÜMMUNG VON KURVEN " + printed;
            pages.add(List.of(List.of(header, "Body " + page + " begins"), List.of("and ends in " + words[page - 1] + "."),
                    List.of(String.valueOf(printed))));
        }
        RunningLines running = RunningLines.of(pages);

        for (int page = 1; page <= 6; page++) {
            assertThat(running.strip(page, pages.get(page - 1)))
                    .containsExactly(List.of("Body " + page + " begins"), List.of("and ends in " + words[page - 1] + "."));
        }
    }

    @Test
    void shouldDropALineSetApartThatRepeatsOnNearbyPagesButKeepBodyTextThatStartsAlike() {
        List<List<List<String>>> pages = new ArrayList<>();
        for (int page = 1; page <= 5; page++) {
            pages.add(List.of(List.of("Exercise " + page + " asks for a proof", "of the lemma."),
                    List.of("Draft of " + (2020 + page))));
        }
        RunningLines running = RunningLines.of(pages);

        assertThat(running.strip(3, pages.get(2))).containsExactly(List.of("Exercise 3 asks for a proof", "of the lemma."));
    }

    @Test
    void shouldKeepEdgeLinesWhoseNumbersDoNotFollowThePages() {
        List<List<List<String>>> pages = new ArrayList<>();
        int[] years = {1990, 1975, 2004, 1990};
        for (int page = 1; page <= 4; page++) {
            pages.add(List.of(List.of(years[page - 1] + " was the year", "of the survey."), List.of("and the count", "was " + (page * 7))));
        }
        RunningLines running = RunningLines.of(pages);

        for (int page = 1; page <= 4; page++) assertThat(running.strip(page, pages.get(page - 1))).isEqualTo(pages.get(page - 1));
    }
}
