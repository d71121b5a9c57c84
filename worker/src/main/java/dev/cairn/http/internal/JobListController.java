package dev.cairn.http.internal;

import dev.cairn.jobs.JobList;
import dev.cairn.jobs.JobService;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static dev.cairn.http.internal.ClientInput.abbreviate;

/**
 * {@code GET /api/jobs?state=&type=&since=&limit=&cursor=}: jobs, most recently changed first, in brief
 * ({@link JobList}); a job in full is {@code GET /api/jobs/{id}}. Parameters are read strictly, like the DLQ's.
 */
public final class JobListController {

    /** The parameters it takes. */
    static final List<String> PARAMETERS = List.of("state", "type", "since", "limit", "cursor");
    /** Jobs per page when {@code limit} is not given. */
    static final int DEFAULT_LIMIT = 50;

    private final JobService jobs;
    private final Clock clock;

    /**
     * @param jobs  lists the jobs
     * @param clock what a relative {@code since} counts back from
     */
    public JobListController(JobService jobs, Clock clock) {
        this.jobs = jobs;
        this.clock = clock;
    }

    /** @param app registers the route */
    public void register(Javalin app) {
        app.get("/api/jobs", this::list);
    }

    private void list(Context ctx) {
        DlqParams params = DlqParams.of(ctx, PARAMETERS);
        Optional<String> state = params.text("state").map(s -> s.toUpperCase(Locale.ROOT));
        if (state.isPresent() && !JobList.STATES.contains(state.get())) {
            throw ApiException.badRequest("parameter 'state' must be one of " + String.join(", ", JobList.STATES.stream().sorted().toList())
                    + ", got '" + abbreviate(state.get()) + "'");
        }
        Optional<Instant> since = params.text("since").map(raw -> SinceParameter.parse(raw, clock.instant()));
        int limit = number(params.text("limit"), "limit", DEFAULT_LIMIT, 1, JobList.MAX_LIMIT);
        int offset = number(params.text("cursor"), "cursor", 0, 0, JobList.MAX_OFFSET);
        ctx.json(jobs.list(new JobList.Query(state, params.text("type"), since, limit, offset)));
    }

    private static int number(Optional<String> raw, String name, int fallback, int min, int max) {
        if (raw.isEmpty()) return fallback;
        try {
            int value = Integer.parseInt(raw.get());
            if (value >= min && value <= max) return value;
        } catch (NumberFormatException e) {
            // the message below says what is expected
        }
        throw ApiException.badRequest("parameter '" + name + "' must be " + (name.equals("cursor")
                ? "the next_cursor of an earlier page" : "a whole number from " + min + " to " + max) + ", got '" + abbreviate(raw.get()) + "'");
    }
}
