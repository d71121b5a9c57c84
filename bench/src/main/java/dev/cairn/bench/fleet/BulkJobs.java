package dev.cairn.bench.fleet;

import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.scheduling.JobBuilder;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.sql.common.SqlStorageProviderFactory;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;

import javax.sql.DataSource;
import java.util.List;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import static org.jobrunr.scheduling.JobBuilder.aJob;

/**
 * The bench's own JobRunr storage on a fleet's schema, to enqueue jobs in bulk before any worker runs:
 * {@link JobRequestScheduler#create(java.util.stream.Stream)}, which JobRunr saves 5,000 jobs per
 * transaction (its {@code StreamUtils.batchCollector}). Opening it creates the schema and JobRunr's tables,
 * so Cairn's workers started next find them (and do not race each other to make them).
 */
public final class BulkJobs implements AutoCloseable {

    private final StorageProvider storage;
    private final JobRequestScheduler scheduler;

    private BulkJobs(StorageProvider storage) {
        this.storage = storage;
        // as the worker's own scheduler (Worker.startAll): no job filters
        this.scheduler = new JobRequestScheduler(storage, List.of());
    }

    /**
     * @param tablePrefix a schema prefix from {@link BenchDatabase#newTablePrefix()}
     * @param dataSource  the connections to enqueue with
     */
    public static BulkJobs open(BenchDatabase database, String tablePrefix, DataSource dataSource) {
        database.createSchema(tablePrefix);
        StorageProvider storage = SqlStorageProviderFactory.using(dataSource, tablePrefix);
        // why: JobRunr's fluent configuration sets a mapper; a storage made by hand has none
        storage.setJobMapper(new JobMapper(new JacksonJsonMapper()));
        return new BulkJobs(storage);
    }

    /**
     * Creates {@code count} jobs in one stream, as the worker's batch endpoint and a JobRunr application's
     * bulk producer do.
     *
     * @param job the job {@code i} (0-based) with its request and name; its id is set here (random, as Cairn's API gives)
     * @return the seconds it took
     */
    public double create(int count, IntFunction<JobBuilder> job) {
        long t0 = System.nanoTime();
        scheduler.create(IntStream.range(0, count).mapToObj(i -> job.apply(i).withId(UUID.randomUUID())));
        return (System.nanoTime() - t0) / 1e9;
    }

    /** @return a job builder without id, for {@link #create} */
    public static JobBuilder job(String name, org.jobrunr.jobs.lambdas.JobRequest request) {
        return aJob().withName(name).withJobRequest(request);
    }

    public JobRequestScheduler scheduler() {
        return scheduler;
    }

    @Override
    public void close() {
        storage.close();
    }
}
