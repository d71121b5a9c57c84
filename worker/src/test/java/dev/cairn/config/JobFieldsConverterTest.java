package dev.cairn.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JobFieldsConverterTest {

    @Test
    void shouldPrintTheJobAndStepOfARunningJobsLinesOnly() {
        assertThat(render(Map.of("job_id", "j-1", "step", "extract-text"))).isEqualTo("x job=j-1 step=extract-text - done");
        assertThat(render(Map.of("job_id", "j-1"))).isEqualTo("x job=j-1 - done");
        assertThat(render(Map.of("step", "inspect"))).isEqualTo("x step=inspect - done");
        assertThat(render(Map.of("job_id", "", "step", ""))).isEqualTo("x - done");
        assertThat(render(Map.of())).isEqualTo("x - done");
    }

    private static String render(Map<String, String> mdc) {
        LoggerContext context = new LoggerContext();
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.getInstanceConverterMap().put("jobFields", JobFieldsConverter::new);
        layout.setPattern("x %jobFields- %msg");
        layout.start();
        LoggingEvent event = new LoggingEvent("test", context.getLogger("t"), Level.INFO, "done", null, null);
        event.setMDCPropertyMap(new HashMap<>(mdc));
        return layout.doLayout(event);
    }
}
