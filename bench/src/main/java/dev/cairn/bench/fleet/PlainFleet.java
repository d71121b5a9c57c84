package dev.cairn.bench.fleet;

import dev.cairn.bench.support.Await;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.sql.common.SqlStorageProviderFactory;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The peer's side: plain JobRunr servers ({@link PlainJobRunrServer}) as child processes on a fresh
 * schema, and the bench's own JobRunr storage on that schema, through which it enqueues
 * {@link PlainSleepJob}s with a {@link JobRequestScheduler}, as any producer of a JobRunr application
 * does. Opening that storage here also creates JobRunr's tables before the first server starts.
 */
final class PlainFleet implements Fleet {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern READY = Pattern.compile("^ready ([0-9a-f-]{36})$");

    private final FleetLab lab;
    private final Path dir;
    private final String tablePrefix;
    private final StorageProvider storage;
    private final JobRequestScheduler scheduler;
    private final List<ChildProcess> processes = new ArrayList<>();
    private final Duration jobLength;
    private volatile List<String> jvmOptions = List.of();

    /** @param jobLength how long the job {@link #enqueue()} enqueues sleeps */
    PlainFleet(FleetLab lab, Path dir, Duration jobLength) {
        this.lab = lab;
        this.dir = dir;
        this.jobLength = jobLength;
        this.tablePrefix = lab.database().newTablePrefix();
        lab.database().createSchema(tablePrefix);
        this.storage = SqlStorageProviderFactory.using(lab.database().dataSource(), tablePrefix);
        storage.setJobMapper(new JobMapper(new JacksonJsonMapper()));
        this.scheduler = new JobRequestScheduler(storage);
    }

    @Override
    public String side() {
        return "plain";
    }

    @Override
    public String tablePrefix() {
        return tablePrefix;
    }

    @Override
    public Node start(String name) {
        return awaitReady(launch(name));
    }

    @Override
    public void startTogether(List<String> names) {
        List<ChildProcess> started = names.stream().map(this::launch).toList();
        started.forEach(this::awaitReady);
    }

    private Node awaitReady(ChildProcess process) {
        String serverId = Await.until(process.name() + " to print 'ready <serverId>'", STARTUP_TIMEOUT, Duration.ofMillis(50), () -> {
            process.checkAlive("during start-up");
            for (String line : process.logLines()) {
                Matcher m = READY.matcher(line.trim());
                if (m.matches()) return Optional.of(m.group(1));
            }
            return Optional.empty();
        });
        return new Node(process, serverId);
    }

    @Override
    public void useJvmOptions(List<String> options) {
        this.jvmOptions = List.copyOf(options);
    }

    @Override
    public ChildProcess launch(String name) {
        // "-": the URL goes through the environment, never onto a command line (it may carry a password)
        ChildProcess process = ChildProcess.startJava("plain JobRunr server " + name, jvmOptions, PlainJobRunrServer.class.getName(),
                List.of("-", tablePrefix), Map.of(BenchDatabase.URL_ENV, lab.database().url()), dir.resolve(name + ".log"));
        processes.add(process);
        return process;
    }

    /**
     * Enqueues from the bench process into the fleet's storage, as a JobRunr application's producer does:
     * a {@link PlainSleepJob}, or a {@link PlainNoopJob} when the job length is zero (the scale-out figures).
     */
    @Override
    public String enqueue() {
        if (jobLength.isZero()) return scheduler.enqueue(new PlainNoopJob.Request()).toString();
        return scheduler.enqueue(new PlainSleepJob.Request(jobLength.toMillis())).toString();
    }

    @Override
    public List<ChildProcess> processes() {
        return List.copyOf(processes);
    }

    @Override
    public void close() {
        try {
            processes.forEach(ChildProcess::close);
            storage.close();
        } finally {
            lab.database().dropSchema(tablePrefix);
        }
    }
}
