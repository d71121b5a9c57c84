package dev.cairn.config;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Lets an appender of {@code logback.xml} write only when {@code CAIRN_LOG_FORMAT} selects it. Both the
 * text and the JSON appender stay referenced (an unreferenced appender makes Logback print its whole
 * status to stdout, which would spoil JSON logs); this filter silences the one not chosen.
 */
public final class LogFormatFilter extends Filter<ILoggingEvent> {

    private String format = LogSettings.TEXT;
    private boolean active;

    /** @param format the format this appender writes: {@code text} or {@code json} */
    public void setFormat(String format) {
        this.format = format;
    }

    @Override
    public void start() {
        active = format.equals(new LogFormatProperty().getPropertyValue());
        super.start();
    }

    @Override
    public FilterReply decide(ILoggingEvent event) {
        return active ? FilterReply.NEUTRAL : FilterReply.DENY;
    }
}
