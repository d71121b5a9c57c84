package dev.cairn.http.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.JobView;
import dev.cairn.jobs.JobService;
import dev.cairn.ratelimit.ProducerLimits;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.Map;

import static dev.cairn.http.internal.ClientInput.abbreviate;

/**
 * {@code POST /api/jobs} and {@code GET /api/jobs/{id}}. The envelope of a submission is checked by
 * {@link SubmissionParser}; the payload itself is the pipeline's business ({@link JobService}).
 */
public final class JobsController {

    private final JobService jobs;
    private final RequestBodies bodies;
    private final SubmissionParser parser;
    private final ProducerGate gate;

    /**
     * @param jobs   where jobs are submitted and read
     * @param bodies reads request bodies within limits
     * @param json   converts payloads to maps
     * @param gate   the caller's job budget
     */
    public JobsController(JobService jobs, RequestBodies bodies, ObjectMapper json, ProducerGate gate) {
        this.gate = gate;
        this.jobs = jobs;
        this.bodies = bodies;
        this.parser = new SubmissionParser();
    }

    /** @param app registers the routes */
    public void register(Javalin app) {
        app.post("/api/jobs", this::submit);
        app.get("/api/jobs/{id}", this::find);
    }

    private void submit(Context ctx) {
        dev.cairn.api.JobSubmission submission = parser.parse(bodies.readJson(ctx));
        // why: after the body is checked, so a refused submission costs no budget
        ProducerLimits.JobGrant grant = gate.takeJobs(ctx, 1);
        if (grant.granted() < 1) throw gate.overBudget(ctx, grant);
        JobService.SubmitResult result = jobs.submit(submission);
        // why: 202 whether created or matched by idempotency key; the client cannot tell and need not
        ctx.header("Location", "/api/jobs/" + result.jobId());
        ctx.status(202).json(Map.of("job_id", result.jobId()));
    }

    private void find(Context ctx) {
        String id = ctx.pathParam("id");
        JobView job = jobs.find(id).orElseThrow(() -> new ApiException(404, ErrorCodes.NOT_FOUND,
                "no job with id " + abbreviate(id)));
        ctx.json(job);
    }
}
