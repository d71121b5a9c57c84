package dev.cairn.pdf.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TitleLinesTest {

    @Test
    void shouldFindTheTitleRepeatedIgnoringCaseNumberingAndSpacing() {
        assertThat(TitleLines.repeated("5 Krümmung", List.of("5 Krümmung", "Body"))).isEqualTo(1);
        assertThat(TitleLines.repeated("5 Krümmung", List.of("KRÜMMUNG", "Body"))).isEqualTo(1);
        assertThat(TitleLines.repeated("5 Krümmung", List.of("Kapitel 5", "Krümmung", "Body"))).isEqualTo(2);
        assertThat(TitleLines.repeated("Rivers and Streams", List.of("Chapter 1: Rivers and Streams", "x"))).isEqualTo(1);
        assertThat(TitleLines.repeated("Chapter 2: Lakes", List.of("Chapter 2: Lakes", "x"))).isEqualTo(1);
        assertThat(TitleLines.repeated("5.1 Kurven im Raum", List.of("5.1. Kurven", "im Raum", "x"))).isEqualTo(2);
    }

    @Test
    void shouldNotTakeOtherTextForTheTitle() {
        assertThat(TitleLines.repeated("5 Krümmung", List.of("Die Krümmung einer Kurve", "x"))).isZero();
        assertThat(TitleLines.repeated("Front matter", List.of("A Field Guide"))).isZero();
        assertThat(TitleLines.repeated("Mix", List.of("Mix design", "Mix"))).isZero();
        assertThat(TitleLines.repeated("", List.of(""))).isZero();
    }
}
