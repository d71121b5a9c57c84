package dev.cairn.dlq;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PayloadRedactionTest {

    @Test
    void shouldMaskSecretFieldsAtAnyDepthAndKeepTheRest() {
        Map<String, Object> payload = Map.of(
                "file", "report.pdf",
                "api_key", "sk-live-123",
                "options", Map.of("Authorization", "Bearer abc", "pages", 3, "nested", List.of(Map.of("password", "hunter2"))));

        Map<String, Object> redacted = PayloadRedaction.redact(payload);

        assertThat(redacted).containsEntry("file", "report.pdf").containsEntry("api_key", PayloadRedaction.MASK);
        @SuppressWarnings("unchecked") Map<String, Object> options = (Map<String, Object>) redacted.get("options");
        assertThat(options).containsEntry("Authorization", PayloadRedaction.MASK).containsEntry("pages", 3);
        assertThat(options.get("nested").toString()).doesNotContain("hunter2").contains(PayloadRedaction.MASK);
        assertThat(payload.get("api_key")).isEqualTo("sk-live-123");
    }
}
