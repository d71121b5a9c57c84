package dev.cairn.jobs.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.CheckpointView;
import dev.cairn.pipeline.PipelineRunner;
import org.jobrunr.jobs.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A succeeded job's checkpoint: its final step table is stored with the job when SUCCEEDED is elected
 * (metadata {@value JobLifecycleFilter#CHECKPOINT_METADATA}), and once JobRunr has saved the success its
 * Redis key and scratch files are deleted, so Redis only holds checkpoints of unfinished jobs.
 */
final class SucceededCheckpoint {

    private static final Logger LOG = LoggerFactory.getLogger(SucceededCheckpoint.class);

    private final FinishedCheckpoints finished;
    private final CheckpointDeletions deletions;
    private final PipelineRunner runner;
    private final ObjectMapper json;

    SucceededCheckpoint(FinishedCheckpoints finished, CheckpointDeletions deletions, PipelineRunner runner, ObjectMapper json) {
        this.finished = finished;
        this.deletions = deletions;
        this.runner = runner;
        this.json = json;
    }

    /** SUCCEEDED is elected: keep the final step table with the job. */
    void attachFinalStepTable(Job job) {
        CheckpointView view = finished.take(job.getId());
        if (view == null) return;
        try {
            job.getMetadata().put(JobLifecycleFilter.CHECKPOINT_METADATA, json.writeValueAsString(view));
        } catch (JsonProcessingException e) {
            LOG.warn("Could not keep the step table of job {} with the job: {}", job.getId(), e.getMessage());
        }
    }

    /** A failure was elected: the attempt's step table is not the final one. */
    void discard(Job job) {
        finished.discard(job.getId());
    }

    /** JobRunr saved the success: the Redis checkpoint (with the next batch, {@link CheckpointDeletions}) and the job's scratch files go. */
    void deleteSaved(Job job) {
        String jobId = job.getId().toString();
        try {
            deletions.add(jobId);
        } catch (RuntimeException e) {
            // why: the step table is already kept with the job; the Redis key expires with its TTL
            LOG.warn("Could not delete the checkpoint of succeeded job {}: {}", jobId, e.getMessage());
        }
        runner.cleanUp(jobId);
    }
}
