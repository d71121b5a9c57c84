package dev.cairn.http;

import dev.cairn.http.internal.UploadNames;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UploadNamesTest {

    @Test
    void shouldKeepOnlyTheLastSegmentOfAPath() {
        assertThat(UploadNames.sanitize("../../etc/passwd")).isEqualTo("passwd.pdf");
        assertThat(UploadNames.sanitize("C:\\Users\\me\\doc.pdf")).isEqualTo("doc.pdf");
    }

    @Test
    void shouldReplaceUnsafeCharactersAndDotRuns() {
        assertThat(UploadNames.sanitize("my report (final).PDF")).isEqualTo("my_report_final.pdf");
        assertThat(UploadNames.sanitize("a..b...pdf")).isEqualTo("a.b.pdf");
        assertThat(UploadNames.sanitize(".hidden")).isEqualTo("hidden.pdf");
        assertThat(UploadNames.sanitize("résumé.pdf")).isEqualTo("r_sum.pdf");
    }

    @Test
    void shouldFallBackToTheDefaultName() {
        assertThat(UploadNames.sanitize(null)).isEqualTo("upload.pdf");
        assertThat(UploadNames.sanitize("..")).isEqualTo("upload.pdf");
        assertThat(UploadNames.sanitize("/")).isEqualTo("upload.pdf");
        assertThat(UploadNames.sanitize("???")).isEqualTo("upload.pdf");
    }

    @Test
    void shouldCapTheLength() {
        String name = UploadNames.sanitize("x".repeat(500) + ".pdf");

        assertThat(name).hasSize(80).endsWith(".pdf");
    }

    @Test
    void shouldPrefixAUniqueId() {
        assertThat(UploadNames.unique("a.pdf")).matches("[0-9a-f-]{36}-a\\.pdf").isNotEqualTo(UploadNames.unique("a.pdf"));
    }
}
