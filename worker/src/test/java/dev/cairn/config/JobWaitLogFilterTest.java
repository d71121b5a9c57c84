package dev.cairn.config;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.cairn.api.RescheduleException;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #18 part 5: a graceful SIGTERM (and any other wait) must not log JobRunr's WARN with a stack trace, which an
 * operator reads as a failure; real failures keep it.
 */
class JobWaitLogFilterTest {

    private static final String FORMAT = "Job(id={}, jobName='{}') processing failed: {}";

    @Test
    void shouldDropJobRunrsWarnForAWaitAndKeepItForAFailure() {
        LoggerContext context = new LoggerContext();
        JobWaitLogFilter filter = new JobWaitLogFilter();
        filter.start();
        context.addTurboFilter(filter);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.setContext(context);
        events.start();
        Logger jobrunr = context.getLogger("org.jobrunr.server.BackgroundJobPerformer");
        jobrunr.addAppender(events);
        Logger cairn = context.getLogger("dev.cairn.pipeline.PipelineRunner");
        cairn.addAppender(events);
        UUID id = UUID.randomUUID();

        jobrunr.warn(FORMAT, id, "chapter", "drain", new RescheduleException("the worker is draining (SIGTERM)", Duration.ZERO, null));
        jobrunr.warn(FORMAT, id, "chapter", "interrupted", new IllegalStateException("stopped", new InterruptedException()));
        jobrunr.warn(FORMAT, id, "chapter", "boom", new IllegalStateException("the provider's reply was garbage"));
        cairn.warn("a wait in Cairn's own log line stays", new RescheduleException("waits", Duration.ofSeconds(1), null));

        assertThat(events.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("Job(id=" + id + ", jobName='chapter') processing failed: boom", "a wait in Cairn's own log line stays");
    }

    @Test
    void shouldBeInstalledByTheWorkersLogbackConfiguration() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

        assertThat(context.getTurboFilterList()).hasAtLeastOneElementOfType(JobWaitLogFilter.class);
    }
}
