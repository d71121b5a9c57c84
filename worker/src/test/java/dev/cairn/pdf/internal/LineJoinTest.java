package dev.cairn.pdf.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LineJoinTest {

    @Test
    void shouldRejoinAWordBrokenAtALineEnd() {
        assertThat(LineJoin.join("dolor sit amet, adip-", "iscing elit")).isEqualTo("dolor sit amet, adipiscing elit");
        assertThat(LineJoin.join("Krümmungs-", "radius")).isEqualTo("Krümmungsradius");
        assertThat(LineJoin.join("soft\u00AD", "ware")).isEqualTo("software");
    }

    @Test
    void shouldKeepRealHyphensAndDashes() {
        assertThat(LineJoin.join("a Self-", "Contained proof")).isEqualTo("a Self-Contained proof");
        assertThat(LineJoin.join("in 1990-", "2000")).isEqualTo("in 1990-2000");
        assertThat(LineJoin.join("Ein-", "und Ausgabe")).isEqualTo("Ein- und Ausgabe");
        assertThat(LineJoin.join("pre-", "and post-processing")).isEqualTo("pre- and post-processing");
        assertThat(LineJoin.join("a pause -", "then more")).isEqualTo("a pause - then more");
        assertThat(LineJoin.join("plain", "line")).isEqualTo("plain line");
    }

    @Test
    void shouldCarryAParagraphAcrossAPageOnlyWhenTheNextPageGoesOnInLowerCase() {
        assertThat(LineJoin.continues("zur Mes-", "sung der")).isTrue();
        assertThat(LineJoin.continues("which we", "call the")).isTrue();
        assertThat(LineJoin.continues("ends here.", "then")).isFalse();
        assertThat(LineJoin.continues("which we", "The next")).isFalse();
        assertThat(LineJoin.joinAcrossPage("zur Mes-", "sung der Krümmung", "<!-- p. 4 -->"))
                .isEqualTo("zur Messung <!-- p. 4 --> der Krümmung");
        assertThat(LineJoin.joinAcrossPage("which we", "call it", "<!-- p. 4 -->")).isEqualTo("which we <!-- p. 4 --> call it");
    }
}
