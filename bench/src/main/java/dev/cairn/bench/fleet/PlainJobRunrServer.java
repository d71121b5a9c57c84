package dev.cairn.bench.fleet;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.server.JobActivator;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.sql.common.SqlStorageProviderFactory;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The peer of the crash figures and of the scale-out figures: a plain JobRunr background job server,
 * nothing of Cairn, run as a child process of the bench so it can be killed with SIGKILL:
 *
 * <pre>
 * java -cp cairn-bench.jar dev.cairn.bench.fleet.PlainJobRunrServer &lt;jdbcUrl|-&gt; &lt;tablePrefix&gt;
 * </pre>
 *
 * {@code -} takes the URL from {@code CAIRN_BENCH_DATABASE_URL} (what the bench passes: a URL may carry
 * a password, and a command line is visible to every user). HikariCP, {@code SqlStorageProviderFactory},
 * the standard server configuration with a 5 s poll interval (the one Cairn's workers get in the
 * benchmark) and JobRunr's default job filters (its default {@code RetryFilter} retries an orphaned job).
 * Prints {@code ready <serverId>} once the server announced itself in the database.
 */
public final class PlainJobRunrServer {

    /** The poll interval of both sides in the crash benchmarks. */
    public static final Duration POLL_INTERVAL = Duration.ofSeconds(5);

    private PlainJobRunrServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: PlainJobRunrServer <jdbcUrl|-> <tablePrefix>");
            System.exit(2);
        }
        String url = args[0].equals("-") ? System.getenv(BenchDatabase.URL_ENV) : args[0];
        if (url == null || url.isBlank()) {
            System.err.println("PlainJobRunrServer: no JDBC URL (argument '-' but " + BenchDatabase.URL_ENV + " is not set)");
            System.exit(2);
        }
        String tablePrefix = args[1];
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(url);
        hikari.setPoolName("plain-jobrunr");
        hikari.setMaximumPoolSize(10); // as Cairn's worker pool (JobStorage.DEFAULT_POOL_SIZE)
        HikariDataSource dataSource = new HikariDataSource(hikari);
        if (tablePrefix.contains(".")) createSchema(dataSource, tablePrefix.substring(0, tablePrefix.indexOf('.')));
        StorageProvider storage = SqlStorageProviderFactory.using(dataSource, tablePrefix);
        JacksonJsonMapper json = new JacksonJsonMapper();
        // why: JobRunr's fluent JobRunr.configure() does this; a BackgroundJobServer built by hand does not
        storage.setJobMapper(new JobMapper(json));

        BackgroundJobServerConfiguration config = BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration()
                .andName("plain-jobrunr")
                .andPollInterval(POLL_INTERVAL);
        BackgroundJobServer server = new BackgroundJobServer(storage, json, new Activator(), config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            storage.close();
            dataSource.close();
            stopped.countDown();
        }, "plain-jobrunr-shutdown"));
        server.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        // why: the bench must not enqueue or kill before the server is in the servers table and polling
        while (!server.isAnnounced()) {
            if (System.nanoTime() - deadline >= 0) {
                System.err.println("PlainJobRunrServer: not announced after 60 s");
                System.exit(1);
            }
            Thread.sleep(20);
        }
        System.out.println("ready " + server.getId());
        System.out.flush();
        stopped.await(); // the server's threads do the work; the bench ends this process with SIGKILL
    }

    private static void createSchema(HikariDataSource dataSource, String schema) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
        }
    }

    /** Creates the jobs' handlers: the only classes this server runs. */
    private static final class Activator implements JobActivator {
        @Override
        public <T> T activateJob(Class<T> type) {
            if (type == PlainSleepJob.Handler.class) return type.cast(new PlainSleepJob.Handler());
            if (type == PlainNoopJob.Handler.class) return type.cast(new PlainNoopJob.Handler());
            throw new IllegalArgumentException("the plain JobRunr server runs only PlainSleepJob and PlainNoopJob, not " + type.getName());
        }
    }
}
