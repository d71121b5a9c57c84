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
import dev.cairn.jobs.JobLifecycleFilter;
import dev.cairn.jobs.JobRequests;
import dev.cairn.jobs.JobService;
import dev.cairn.pipeline.PipelineRegistry;
import dev.cairn.redis.RedisUnavailableException;
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

import static org.jobrunr.scheduling.JobBuilder.aJob;

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

    public StorageJobService(PipelineRegistry registry, StorageProvider storage, JobRequestScheduler scheduler,
                             CheckpointStore checkpoints, Path outputDir, ObjectMapper json, WorkSignal workSignal) {
        this.registry = registry;
        this.storage = storage;
        this.scheduler = scheduler;
        this.checkpoints = checkpoints;
        this.outputDir = outputDir;
        this.json = json;
        this.workSignal = workSignal;
    }

    @Override
    public SubmitResult submit(JobSubmission submission) {
        Pipeline pipeline = registry.require(submission.type());
        JobPayload payload = JobPayload.of(submission.payload());
        pipeline.validate(payload);
        String key = submission.idempotencyKey();
        if (key != null && (key.isBlank() || key.length() > JobSubmission.MAX_IDEMPOTENCY_KEY_LENGTH)) {
            throw new InvalidPayloadException("idempotency_key must be 1-" + JobSubmission.MAX_IDEMPOTENCY_KEY_LENGTH + " characters");
        }
        UUID id = CairnJobs.idFor(submission);
        try {
            if (key != null) {
                Optional<Job> existing = findJob(id);
                if (existing.isPresent()) {
                    requireSameRequest(existing.get(), submission, key);
                    return new SubmitResult(id.toString(), false);
                }
            }
            scheduler.create(aJob()
                    .withId(id)
                    .withName(pipeline.describe(payload))
                    .withJobRequest(new PipelineJobRequest(pipeline.name(), payload.asMap())));
        } catch (CairnException e) {
            throw e;
        } catch (RuntimeException e) {
            throw CairnException.retryable("job storage is unavailable: " + e.getMessage(), e);
        }
        workSignal.jobsReady();
        return new SubmitResult(id.toString(), true);
    }

    private void requireSameRequest(Job job, JobSubmission submission, String key) {
        PipelineJobRequest request = JobRequests.pipelineRequest(job);
        if (request == null || !request.type().equals(submission.type())
                || !sameJson(request.payload(), submission.payload())) {
            throw new IdempotencyConflictException(key, job.getId().toString());
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
            throw CairnException.retryable("job storage is unavailable: " + e.getMessage(), e);
        }
        return job.map(this::view);
    }

    private Optional<Job> findJob(UUID id) {
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
        Map<String, Object> result = state == StateName.SUCCEEDED
                ? Map.of("output_dir", outputDir.resolve(id).toString()) : null;
        return new JobView(id, request == null ? job.getJobDetails().getClassName() : request.type(), state.name(), attempts,
                job.getCreatedAt(), lastChange(job), checkpoint(job), result, state == StateName.FAILED ? error(job) : null);
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
        } catch (RedisUnavailableException e) {
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
