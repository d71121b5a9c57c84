package dev.cairn.config;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

import java.util.Map;

/**
 * {@code %jobFields} in {@code logback.xml}: {@code job=<id> step=<name> } from the MDC of a running job's
 * lines, each field only when set, nothing outside a job. It replaces two {@code %replace} regexes that ran on
 * every line a worker wrote, one per finished job at least.
 */
public final class JobFieldsConverter extends ClassicConverter {

    /** The MDC key of the running job's id. */
    public static final String JOB_ID = "job_id";
    /** The MDC key of the running step's name. */
    public static final String STEP = "step";

    @Override
    public String convert(ILoggingEvent event) {
        Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc == null || mdc.isEmpty()) return "";
        String job = mdc.get(JOB_ID);
        String step = mdc.get(STEP);
        boolean hasJob = job != null && !job.isEmpty();
        boolean hasStep = step != null && !step.isEmpty();
        if (!hasJob && !hasStep) return "";
        StringBuilder fields = new StringBuilder(64);
        if (hasJob) fields.append("job=").append(job).append(' ');
        if (hasStep) fields.append("step=").append(step).append(' ');
        return fields.toString();
    }
}
