package dev.cairn.dlq;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorSignatureTest {

    @Test
    void shouldGroupMessagesThatDifferOnlyInIdsPathsAndNumbers() {
        String a = ErrorSignature.of("dev.cairn.pdf.InvalidPdfException", "not a PDF: /data/input/1f0e-report.pdf (page 3 of 12)");
        String b = ErrorSignature.of("dev.cairn.pdf.InvalidPdfException", "not a PDF: /srv/cairn/in/other.pdf (page 7 of 400)");

        assertThat(a).isEqualTo(b).isEqualTo("InvalidPdfException: not a PDF: <path> (page <n> of <n>)");
    }

    @Test
    void shouldReplaceUuidsUrlsAndQuotedValues() {
        assertThat(ErrorSignature.of("X", "job 6f1c2f43-9a3e-4b7e-8d2a-0c1e2f3a4b5c failed calling https://api.acme.test/v1/chat?x=1 with 'gpt-9'"))
                .isEqualTo("X: job <id> failed calling <url> with <value>");
    }

    @Test
    void shouldKeepDifferentCausesApart() {
        assertThat(ErrorSignature.of("ProviderException", "acme answered 500"))
                .isNotEqualTo(ErrorSignature.of("ProviderException", "acme timed out"));
        assertThat(ErrorSignature.of("a.B", "same")).isNotEqualTo(ErrorSignature.of("a.C", "same"));
    }

    @Test
    void shouldBeOneBoundedLine() {
        String s = ErrorSignature.of("X", "line one\nline two\t" + "y".repeat(1_000));
        assertThat(s).doesNotContain("\n").hasSizeLessThanOrEqualTo(ErrorSignature.MAX_LENGTH);
        assertThat(ErrorSignature.of("pkg.X", null)).isEqualTo("X");
    }
}
