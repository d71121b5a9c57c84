package dev.cairn.bench.fleet;

import dev.cairn.bench.support.Await;
import dev.cairn.bench.support.Report;
import dev.cairn.redis.RedisConnections;
import redis.clients.jedis.RedisClient;

import javax.sql.DataSource;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cost counters of the scale-out and throughput figures: Redis commands ({@code INFO commandstats}, calls per
 * command) and PostgreSQL row writes of one schema ({@code pg_stat_user_tables}: {@code n_tup_ins +
 * n_tup_upd + n_tup_del} per table). A figure is the difference of two snapshots.
 *
 * <p>PostgreSQL 15 reports a backend's table counters at the end of a transaction at most once a second,
 * and an idle backend's pending counts only after 10 s of idleness, or when it exits. So a snapshot is
 * trusted only after every backend that wrote has exited or been idle for longer than that: see
 * {@link dev.cairn.bench.scale.ScaleOutBenchmark} for when they are taken.
 */
public final class ScaleCounters {

    /** PostgreSQL's {@code PGSTAT_IDLE_INTERVAL} (10 s) and a margin: after this, an idle backend has reported. */
    public static final Duration PG_IDLE_FLUSH = Duration.ofSeconds(11);

    /**
     * One snapshot.
     *
     * @param redisCalls calls per Redis command (commands a script runs are counted too, under their own names)
     * @param pgWrites   row writes per table of the schema
     * @param pgScans    scans started per table of the schema ({@code seq_scan + idx_scan}): about one per query reading it
     */
    public record Snapshot(Map<String, Long> redisCalls, Map<String, Long> pgWrites, Map<String, Long> pgScans) {

        public long redisTotal() {
            return redisCalls.values().stream().mapToLong(Long::longValue).sum();
        }

        public long pgTotal() {
            return pgWrites.values().stream().mapToLong(Long::longValue).sum();
        }

        public long pgScansTotal() {
            return pgScans.values().stream().mapToLong(Long::longValue).sum();
        }

        /** @return this minus {@code earlier}, per command and per table */
        public Snapshot minus(Snapshot earlier) {
            return new Snapshot(diff(redisCalls, earlier.redisCalls), diff(pgWrites, earlier.pgWrites), diff(pgScans, earlier.pgScans));
        }

        private static Map<String, Long> diff(Map<String, Long> later, Map<String, Long> earlier) {
            Map<String, Long> d = new TreeMap<>();
            later.forEach((k, v) -> {
                long delta = v - earlier.getOrDefault(k, 0L);
                if (delta != 0) d.put(k, delta);
            });
            return d;
        }
    }

    private final URI redisUrl;
    private final DataSource dataSource;

    /** @param redisUrl the workers' Redis, or null for a side without one (plain JobRunr) */
    public ScaleCounters(URI redisUrl, DataSource dataSource) {
        this.redisUrl = redisUrl;
        this.dataSource = dataSource;
    }

    /** @return the workers' Redis, or null for a side without one */
    public URI redisUrl() {
        return redisUrl;
    }

    /** @param tablePrefix the schema's prefix, e.g. {@code cairn_bench_1a2b3c4d.} */
    public Snapshot take(String tablePrefix) throws SQLException {
        Map<String, Long[]> pg = pg(tablePrefix);
        return new Snapshot(redisCalls(), column(pg, 0), column(pg, 1));
    }

    /** @return calls per command, without {@code info} (the bench's own snapshots) */
    public Map<String, Long> redisCalls() {
        if (redisUrl == null) return Map.of();
        Map<String, Long> calls = new HashMap<>();
        try (RedisClient client = RedisConnections.connect(redisUrl)) {
            for (String line : client.info("commandstats").split("\r?\n")) {
                // cmdstat_evalsha:calls=123,usec=456,usec_per_call=3.71,rejected_calls=0,failed_calls=0
                if (!line.startsWith("cmdstat_")) continue;
                String command = line.substring("cmdstat_".length(), line.indexOf(':'));
                if (command.equals("info")) continue;
                for (String field : line.substring(line.indexOf(':') + 1).split(",")) {
                    if (field.startsWith("calls=")) calls.put(command, Long.parseLong(field.substring(6)));
                }
            }
        }
        return calls;
    }

    /** @return per table of the schema: {row writes, scans} */
    Map<String, Long[]> pg(String tablePrefix) throws SQLException {
        String schema = tablePrefix.substring(0, tablePrefix.indexOf('.'));
        Map<String, Long[]> tables = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("select relname, n_tup_ins + n_tup_upd + n_tup_del,"
                     + " coalesce(seq_scan, 0) + coalesce(idx_scan, 0) from pg_stat_user_tables where schemaname = ? order by relname")) {
            st.setString(1, schema);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) tables.put(rs.getString(1), new Long[]{rs.getLong(2), rs.getLong(3)});
            }
        }
        return tables;
    }

    public static Map<String, Long> column(Map<String, Long[]> tables, int i) {
        Map<String, Long> out = new LinkedHashMap<>();
        tables.forEach((k, v) -> out.put(k, v[i]));
        return out;
    }

    /**
     * @param counts a count per command or table over a run
     * @param jobs   the run's jobs
     * @return each count per job, largest first
     */
    public static Map<String, Object> perJob(Map<String, Long> counts, int jobs) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> out.put(e.getKey(), Report.round((double) e.getValue() / jobs)));
        return out;
    }

    /** Reads the schema's table counters until two reads 1 s apart agree (at most {@link #PG_IDLE_FLUSH}). */
    public static Map<String, Long[]> stablePg(ScaleCounters counters, String prefix) throws SQLException {
        long deadline = System.nanoTime() + PG_IDLE_FLUSH.toNanos();
        Map<String, Long[]> last = counters.pg(prefix);
        while (System.nanoTime() - deadline < 0) {
            Await.pause(Duration.ofSeconds(1));
            Map<String, Long[]> now = counters.pg(prefix);
            if (same(now, last)) return now;
            last = now;
        }
        return last;
    }

    private static boolean same(Map<String, Long[]> a, Map<String, Long[]> b) {
        if (!a.keySet().equals(b.keySet())) return false;
        for (Map.Entry<String, Long[]> e : a.entrySet()) if (!java.util.Arrays.equals(e.getValue(), b.get(e.getKey()))) return false;
        return true;
    }
}
