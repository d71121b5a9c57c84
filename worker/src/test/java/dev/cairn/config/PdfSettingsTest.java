package dev.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PdfSettingsTest {

    @Test
    void shouldUseTheDocumentedDefaultsWhenNothingIsSet() {
        PdfSettings pdf = CairnConfig.fromEnv(Map.of()).pdf();

        assertThat(pdf).isEqualTo(PdfSettings.DEFAULTS);
        assertThat(pdf.maxPages()).isEqualTo(100_000);
        assertThat(pdf.maxTextBytes()).isEqualTo(256L * 1024 * 1024);
        assertThat(pdf.pageTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldReadEveryVariableThatIsSet() {
        PdfSettings pdf = CairnConfig.fromEnv(Map.of("CAIRN_PDF_MAX_PAGES", "500", "CAIRN_PDF_MAX_TEXT_MB", "16",
                "CAIRN_PDF_PAGE_TIMEOUT", "1500ms")).pdf();

        assertThat(pdf).isEqualTo(new PdfSettings(500, 16L * 1024 * 1024, Duration.ofMillis(1500)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "CAIRN_PDF_MAX_PAGES|0",
            "CAIRN_PDF_MAX_PAGES|lots",
            "CAIRN_PDF_MAX_PAGES|99999999999",
            "CAIRN_PDF_MAX_TEXT_MB|0",
            "CAIRN_PDF_MAX_TEXT_MB|-1",
            "CAIRN_PDF_MAX_TEXT_MB|1.5",
            "CAIRN_PDF_PAGE_TIMEOUT|0",
            "CAIRN_PDF_PAGE_TIMEOUT|50ms",
            "CAIRN_PDF_PAGE_TIMEOUT|2h",
            "CAIRN_PDF_PAGE_TIMEOUT|soon",
    })
    void shouldRefuseABadValueNamingTheVariable(String variable, String value) {
        assertThatThrownBy(() -> CairnConfig.fromEnv(Map.of(variable, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(variable + " ");
    }
}
