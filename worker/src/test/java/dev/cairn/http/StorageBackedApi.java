package dev.cairn.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.breaker.CircuitBreakerRegistry;
import dev.cairn.chapter.ChapterGenerationPipeline;
import dev.cairn.chapter.TestProviders;
import dev.cairn.checkpoint.CheckpointStore;
import dev.cairn.config.BatchSettings;
import dev.cairn.config.CairnConfig;
import dev.cairn.config.HttpSettings;
import dev.cairn.testing.CountingWorkSignal;
import dev.cairn.jobs.JobService;
import dev.cairn.pdf.PdfProcessingPipeline;
import dev.cairn.pipeline.PipelineRegistry;
import dev.cairn.redis.RedisKeys;
import dev.cairn.runtime.internal.JobStorage;
import dev.cairn.testing.TestEnv;
import dev.cairn.testing.TestRedis;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An {@link HttpApi} whose job service is the real one: the real pipelines validate payloads, jobs go to
 * JobRunr's storage on the test database (a schema of its own) through its real scheduler. Wake-up
 * signals are counted instead of sent. Close it after. Tests get one from
 * {@link ApiServerExtension#storageBacked(BatchSettings)}.
 */
public final class StorageBackedApi implements ApiUnderTest {

    /** Where uploads go and {@code pdf-processing} jobs find their files. */
    public final Path inputDir;
    public final JobStorage storage;
    public final JobService jobs;
    public final HttpApi api;
    /** How often the job service woke the fleet. */
    public final CountingWorkSignal signals = new CountingWorkSignal();
    private final TestProviders providers = new TestProviders();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final CircuitBreakerRegistry breakers;

    /**
     * @param dir   scratch space (input, output and data dirs go under it)
     * @param batch the batch limits the API enforces
     */
    public StorageBackedApi(Path dir, BatchSettings batch) {
        try {
            inputDir = Files.createDirectories(dir.resolve("input"));
            Path outputDir = Files.createDirectories(dir.resolve("output"));
            CairnConfig config = CairnConfig.fromEnv(TestEnv.worker(dir.resolve("data")));
            storage = JobStorage.open(config.storage(), config.directories(), new JacksonJsonMapper());
            jobs = JobService.create(PipelineRegistry.of(new PdfProcessingPipeline(inputDir),
                            new ChapterGenerationPipeline(providers.offline(), outputDir)),
                    storage.provider(), new JobRequestScheduler(storage.provider(), List.of()), CheckpointStore.disabled(Clock.systemUTC()),
                    outputDir, new ObjectMapper(), signals, registry);
            breakers = CircuitBreakerRegistry.shared(List.of("offline"), TestRedis.client(), TestRedis.url(),
                    RedisKeys.withPrefix(TestRedis.uniquePrefix()), CairnConfig.fromEnv(Map.of()).breakers(), Clock.systemUTC(), registry);
            HttpSettings settings = new HttpSettings(0, "127.0.0.1", Optional.empty(), 0, Optional.empty(), Optional.empty(), 1 << 20);
            api = new HttpApi(settings, batch, inputDir, RunningApi.uploadLimits(settings), jobs, new StubHealthChecks(), breakers, new FakeDlqService(), dev.cairn.ratelimit.ProducerLimits.unlimited(), registry,
                    Clock.systemUTC(), "test", Optional.empty()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String baseUrl() {
        return "http://127.0.0.1:" + api.port();
    }

    @Override
    public void close() {
        api.close();
        breakers.close();
        providers.close();
        registry.close();
        storage.close();
    }
}
