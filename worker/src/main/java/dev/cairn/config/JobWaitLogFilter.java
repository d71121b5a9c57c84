package dev.cairn.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import dev.cairn.api.RescheduleException;
import org.slf4j.Marker;

/**
 * Keeps JobRunr's "Job(…) processing failed" WARN, with its stack trace, out of the log when the attempt did not
 * fail but waits: a {@link RescheduleException} (Redis unreachable, a breaker open, a rate limit, the worker draining
 * on SIGTERM) or an interrupt by the shutdown. An operator would read those as failures; Cairn logs each such
 * hand-back itself, at INFO in one line (FailureElection). Real failures keep JobRunr's WARN.
 */
public final class JobWaitLogFilter extends TurboFilter {

    private static final String JOBRUNR = "org.jobrunr.";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level == null || !level.isGreaterOrEqual(Level.WARN) || logger == null || !logger.getName().startsWith(JOBRUNR)) {
            return FilterReply.NEUTRAL;
        }
        Throwable thrown = t != null ? t
                : params != null && params.length > 0 && params[params.length - 1] instanceof Throwable last ? last : null;
        return thrown != null && isWait(thrown) ? FilterReply.DENY : FilterReply.NEUTRAL;
    }

    /** @return whether the attempt waits rather than failed: a reschedule, or the shutdown's interrupt */
    static boolean isWait(Throwable thrown) {
        if (RescheduleException.find(thrown) != null) return true;
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // why: by name, so the configuration package needs nothing of JobRunr's server
            if (t instanceof InterruptedException || t.getClass().getSimpleName().equals("JobActivatorShutdownException")) return true;
        }
        return false;
    }
}
