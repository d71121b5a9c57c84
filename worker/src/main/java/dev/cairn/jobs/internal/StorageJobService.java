package dev.cairn.jobs.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.CairnException;
import dev.cairn.api.CheckpointView;
import dev.cairn.api.JobSubmission;
import dev.cairn.api.JobView;
import dev.cairn.api.jobrunr.CairnJobs;
import dev.cairn.api.jobrunr.PipelineJobRequest;
import dev.cairn.api.pipeline.InvalidPayloadException;
import dev.cairn.api.pipeline.JobPayload;
import dev.cairn.api.pipeline.Pipeline;
import dev.cairn.checkpoint.CheckpointStore;
import dev.cairn.fleet.WorkSignal;
import dev.cairn.jobs.IdempotencyConflictException;
import dev.cairn.jobs.JobBatch;
import dev.cairn.jobs.internal.JobLifecycleFilter;
import dev.cairn.jobs.internal.JobRequests;
import dev.cairn.jobs.JobService;
import dev.cairn.pipeline.JobNote;
import dev.cairn.pipeline.PipelineRegistry;
import dev.cairn.redis.RedisCommandException;
import dev.cairn.redis.RedisUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.FailedState;
import org.jobrunr.jobs.states.JobState;
import org.jobrunr.jobs.states.ProcessingState;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.storage.JobNotFoundException;
import org.jobrunr.storage.StorageProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** {@link JobService} on JobRunr's storage and the checkpoint store. */
public final class StorageJobService implements JobService {

    private static final Logger LOG = LoggerFactory.getLogger(StorageJobService.class);

    private final PipelineRegistry registry;
    private final StorageProvider storage;
    private final JobRequestScheduler scheduler;
    private final CheckpointStore checkpoints;
    private final Path outputDir;
    private final ObjectMapper json;
    private final WorkSignal workSignal;
    private final GroupInserter inserter;
    private final EnqueuedJobs enqueued;
    private final StorageJobLister lister;

    public StorageJobService(PipelineRegistry registry, StorageProvider storage, JobRequestScheduler scheduler,
                             CheckpointStore checkpoints, Path outputDir, ObjectMapper json, WorkSignal workSignal, MeterRegistry meters) {
        this.registry = registry;
        this.storage = storage;
        this.scheduler = scheduler;
        this.checkpoints = checkpoints;
        this.outputDir = outputDir;
        this.json = json;
        this.workSignal = workSignal;
        this.inserter = new GroupInserter(scheduler, workSignal::jobsReady);
        this.enqueued = new EnqueuedJobs(registry.types(), meters);
        this.lister = new StorageJobLister(storage);
    }

    @Override
    public SubmitResult submit(JobSubmission submission) {
        PreparedJob job = prepare(submission);
        try {
            Optional<SubmitResult> duplicate = duplicateOf(job);
            if (duplicate.isPresent()) return duplicate.get();
            inserter.insert(job);
        } catch (CairnException e) {
            throw e;
        } catch (RuntimeException e) {
            if (job.keyed()) return raced(job, e);
            throw storageUnavailable(e);
        }
        enqueued.count(job);
        return new SubmitResult(job.id().toString(), true);
    }

    /**
     * The insert of a keyed job failed: when a concurrent submission with the same key stored it first,
     * this is a duplicate (or a conflict), as if it had come second; otherwise the storage failed.
     */
    private SubmitResult raced(PreparedJob job, RuntimeException insertFailure) {
        Optional<SubmitResult> duplicate;
        try {
            duplicate = duplicateOf(job);
        } catch (CairnException conflict) {
            throw conflict;
        } catch (RuntimeException e) {
            throw storageUnavailable(insertFailure);
        }
        return duplicate.orElseThrow(() -> storageUnavailable(insertFailure));
    }

    /**
     * A keyed submission whose job is stored already is a duplicate: the same id, not created again.
     *
     * @return that answer, or empty when the submission has no key or its job is not stored
     * @throws IdempotencyConflictException when the stored job was created from another type or payload
     * @throws RuntimeException             when the storage cannot be read
     */
    Optional<SubmitResult> duplicateOf(PreparedJob job) {
        if (!job.keyed()) return Optional.empty();
        Optional<Job> stored = findJob(job.id());
        if (stored.isEmpty()) return Optional.empty();
        requireSameRequest(stored.get(), job.submission());
        return Optional.of(new SubmitResult(job.id().toString(), false));
    }

    @Override
    public JobBatch openBatch() {
        return new StorageJobBatch(this, scheduler, workSignal, enqueued);
    }

    /**
     * Checks a submission as a single {@code POST /api/jobs} would, without touching the storage.
     *
     * @throws CairnException what the API answers with a 400
     */
    PreparedJob prepare(JobSubmission submission) {
        Pipeline pipeline = registry.require(submission.type());
        JobPayload payload = JobPayload.of(submission.payload());
        pipeline.validate(payload);
        String key = submission.idempotencyKey();
        if (key != null && (key.isBlank() || key.length() > JobSubmission.MAX_IDEMPOTENCY_KEY_LENGTH)) {
            throw new InvalidPayloadException("idempotency_key must be 1-" + JobSubmission.MAX_IDEMPOTENCY_KEY_LENGTH + " characters");
        }
        return new PreparedJob(CairnJobs.idFor(submission), submission, pipeline.describe(payload),
                new PipelineJobRequest(pipeline.name(), payload.asMap()));
    }

    static CairnException storageUnavailable(RuntimeException e) {
        return CairnException.retryable("job storage is unavailable: " + e.getMessage(), e);
    }

    /**
     * @throws IdempotencyConflictException when the stored job was created from another type or payload
     */
    private void requireSameRequest(Job job, JobSubmission submission) {
        PipelineJobRequest request = JobRequests.pipelineRequest(job);
        if (request == null || !request.type().equals(submission.type())
                || !sameJson(request.payload(), submission.payload())) {
            throw new IdempotencyConflictException(submission.idempotencyKey(), job.getId().toString());
        }
    }

    /**
     * @throws IdempotencyConflictException when two submissions with one key differ in type or payload
     */
    void requireSameRequest(JobSubmission first, JobSubmission again, UUID id) {
        if (!first.type().equals(again.type()) || !sameJson(first.payload(), again.payload())) {
            throw new IdempotencyConflictException(again.idempotencyKey(), id.toString());
        }
    }

    private boolean sameJson(Map<String, Object> a, Map<String, Object> b) {
        try {
            // why: through text, so 5 stored as a Long and 5 sent as an Integer compare equal
            JsonNode left = json.readTree(json.writeValueAsString(a));
            JsonNode right = json.readTree(json.writeValueAsString(b));
            return left.equals(right);
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    @Override
    public Optional<JobView> find(String jobId) {
        UUID id;
        try {
            id = UUID.fromString(jobId);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Optional<Job> job;
        try {
            job = findJob(id);
        } catch (RuntimeException e) {
            throw storageUnavailable(e);
        }
        return job.map(this::view);
    }

    @Override
    public dev.cairn.jobs.JobList.Page list(dev.cairn.jobs.JobList.Query query) {
        try {
            return lister.list(query);
        } catch (RuntimeException e) {
            throw storageUnavailable(e);
        }
    }

    @Override
    public dev.cairn.jobs.JobCounts counts() {
        try {
            return lister.counts();
        } catch (RuntimeException e) {
            throw storageUnavailable(e);
        }
    }

    /**
     * @return the stored job with this id, empty when there is none
     * @throws RuntimeException when the storage cannot be read
     */
    Optional<Job> findJob(UUID id) {
        try {
            return Optional.of(storage.getJobById(id));
        } catch (JobNotFoundException e) {
            return Optional.empty();
        }
    }

    private JobView view(Job job) {
        PipelineJobRequest request = JobRequests.pipelineRequest(job);
        StateName state = job.getState();
        int attempts = (int) job.getJobStates().stream().filter(s -> s instanceof ProcessingState).count();
        String id = job.getId().toString();
        Map<String, Object> result = state == StateName.SUCCEEDED ? result(outputDir.resolve(id)) : null;
        JobView.ErrorView error = state == StateName.FAILED ? error(job) : null;
        CheckpointView checkpoint = checkpoint(job);
        // why: the last checkpoint write left the failing step running; a failed job's table must say where it failed and why
        if (checkpoint != null && error != null) checkpoint = checkpoint.failedWith(error.message());
        return new JobView(id, request == null ? job.getJobDetails().getClassName() : request.type(), state.name(), attempts,
                job.getCreatedAt(), lastChange(job), checkpoint, result, error);
    }

    // The output dir, and the note the pipeline left for the user there (e.g. that its text was chosen offline).
    private static Map<String, Object> result(Path jobDir) {
        Optional<String> note = JobNote.read(jobDir);
        return note.<Map<String, Object>>map(n -> Map.of("output_dir", jobDir.toString(), "note", n))
                .orElseGet(() -> Map.of("output_dir", jobDir.toString()));
    }

    /**
     * @return the time of the job's last state change; not {@link Job#getUpdatedAt()}, which for a job
     * enqueued again after a crash is its original place in the queue ({@link QueuePosition})
     */
    private static Instant lastChange(Job job) {
        return job.getJobStates().stream().map(JobState::getUpdatedAt).max(Comparator.naturalOrder()).orElse(job.getUpdatedAt());
    }

    private CheckpointView checkpoint(Job job) {
        if (job.getState() == StateName.SUCCEEDED) {
            Object kept = job.getMetadata().get(JobLifecycleFilter.CHECKPOINT_METADATA);
            if (kept == null) return null;
            try {
                return json.readValue(kept.toString(), CheckpointView.class);
            } catch (JsonProcessingException e) {
                LOG.warn("The step table kept with job {} is unreadable: {}", job.getId(), e.getMessage());
                return null;
            }
        }
        try {
            return checkpoints.read(job.getId().toString()).orElse(null);
        } catch (RedisUnavailableException | RedisCommandException e) {
            LOG.warn("Showing job {} without its checkpoint: {}", job.getId(), e.getMessage());
            return null;
        }
    }

    private static JobView.ErrorView error(Job job) {
        List<JobState> states = job.getJobStates();
        for (int i = states.size() - 1; i >= 0; i--) {
            if (states.get(i) instanceof FailedState failed) {
                String message = failed.getExceptionMessage() != null ? failed.getExceptionMessage() : failed.getMessage();
                return new JobView.ErrorView(failed.getExceptionType(), message);
            }
        }
        return null;
    }
}
