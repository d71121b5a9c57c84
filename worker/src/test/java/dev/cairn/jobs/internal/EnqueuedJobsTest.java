package dev.cairn.jobs.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.JobSubmission;
import dev.cairn.chapter.ChapterGenerationPipeline;
import dev.cairn.chapter.TestProviders;
import dev.cairn.checkpoint.CheckpointStore;
import dev.cairn.config.CairnConfig;
import dev.cairn.jobs.JobBatch;
import dev.cairn.jobs.JobService;
import dev.cairn.metrics.MetricNames;
import dev.cairn.pdf.PdfProcessingPipeline;
import dev.cairn.pipeline.PipelineRegistry;
import dev.cairn.runtime.internal.JobStorage;
import dev.cairn.testing.CountingWorkSignal;
import dev.cairn.testing.TestEnv;
import dev.cairn.testing.TestPdfs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code cairn_jobs_enqueued_total{type}}: every new job the job service stores, single or in a batch, once. */
class EnqueuedJobsTest {

    @TempDir
    Path dir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private JobStorage storage;
    private TestProviders providers;
    private JobService jobs;

    @BeforeEach
    void open() {
        CairnConfig config = CairnConfig.fromEnv(TestEnv.worker(dir.resolve("data")));
        storage = JobStorage.open(config.storage(), config.directories(), new JacksonJsonMapper());
        providers = new TestProviders();
        jobs = JobService.create(PipelineRegistry.of(new PdfProcessingPipeline(dir.resolve("in")),
                        new ChapterGenerationPipeline(providers.offline(), dir.resolve("out"))),
                storage.provider(), new JobRequestScheduler(storage.provider(), List.of()), CheckpointStore.disabled(Clock.systemUTC()),
                dir.resolve("out"), new ObjectMapper(), new CountingWorkSignal(), registry);
    }

    @AfterEach
    void close() {
        providers.close();
        storage.close();
    }

    private double enqueued(String type) {
        return registry.get(MetricNames.JOBS_ENQUEUED).tag(MetricNames.TAG_TYPE, type).counter().count();
    }

    @Test
    void shouldRegisterEveryPipelineAtZero() {
        assertThat(enqueued("chapter-generation")).isZero();
        assertThat(enqueued("pdf-processing")).isZero();
    }

    @Test
    void shouldCountAStoredSubmissionOnceAndADuplicateNotAtAll() {
        jobs.submit(JobSubmission.chapter("Tides", 2, null));
        JobSubmission keyed = JobSubmission.chapter("Rivers", 2, null).withIdempotencyKey("rivers-1");
        assertThat(jobs.submit(keyed).created()).isTrue();
        assertThat(jobs.submit(keyed).created()).isFalse();

        assertThat(enqueued("chapter-generation")).isEqualTo(2);
        assertThat(enqueued("pdf-processing")).isZero();
    }

    @Test
    void shouldCountEachStoredJobOfABatchAndNoRefusedOrRepeatedLine() throws Exception {
        TestPdfs.withOutline(Files.createDirectories(dir.resolve("in")).resolve("a.pdf"), 1, 1);
        JobSubmission keyed = JobSubmission.chapter("Rivers", 2, null).withIdempotencyKey("rivers-2");
        List<JobBatch.Outcome> outcomes;
        try (JobBatch batch = jobs.openBatch()) {
            outcomes = batch.submit(List.of(JobSubmission.chapter("Tides", 2, null), JobSubmission.pdf("a.pdf", false),
                    JobSubmission.chapter("", 0, null), keyed, keyed));
        }

        assertThat(outcomes).extracting(JobBatch.Outcome::created).containsExactly(true, true, false, true, false);
        assertThat(enqueued("chapter-generation")).isEqualTo(2);
        assertThat(enqueued("pdf-processing")).isEqualTo(1);
    }
}
