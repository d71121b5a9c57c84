package dev.cairn.testing;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the tests of this JVM leave on a shared Redis and PostgreSQL (a developer's local services, CI's): the keys
 * under the prefixes {@link TestRedis#uniquePrefix()} handed out and the schemas of
 * {@link TestDatabase#uniqueTablePrefix()}, removed when the JVM exits. Only those: a test never touches another
 * JVM's keys or schemas, and a server the tests started themselves (embedded, Testcontainers) goes away whole.
 * Best effort: what cannot be removed in a few seconds (a schema a worker still locks) stays, and the run's result
 * is not touched.
 */
final class TestLeftovers {

    private static final Set<String> KEY_PREFIXES = ConcurrentHashMap.newKeySet();
    private static final Set<String> SCHEMAS = ConcurrentHashMap.newKeySet();
    private static volatile URI sharedRedis;
    private static volatile String sharedDatabase;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestLeftovers::removeAll, "cairn-test-leftovers"));
    }

    private TestLeftovers() {
    }

    /** The Redis the tests share and do not own; its keys under recorded prefixes are deleted at exit. */
    static void sharedRedis(URI url) {
        sharedRedis = url;
    }

    /** The PostgreSQL the tests share and do not own; recorded schemas are dropped at exit. */
    static void sharedDatabase(String jdbcUrl) {
        sharedDatabase = jdbcUrl;
    }

    /** @return {@code prefix}, recorded (e.g. {@code cairn-test-1a2b3c4d:}) */
    static String keyPrefix(String prefix) {
        KEY_PREFIXES.add(prefix);
        return prefix;
    }

    /** @return {@code tablePrefix}, its schema recorded (e.g. {@code cairn_t1a2b3c4d.}) */
    static String tablePrefix(String tablePrefix) {
        SCHEMAS.add(tablePrefix.substring(0, tablePrefix.indexOf('.')));
        return tablePrefix;
    }

    private static void removeAll() {
        int keys = removeKeys();
        int schemas = dropSchemas();
        if (keys + schemas > 0) System.err.println("cairn tests: removed " + keys + " Redis key(s) and " + schemas + " schema(s) the tests left");
    }

    private static int removeKeys() {
        URI url = sharedRedis;
        if (url == null || KEY_PREFIXES.isEmpty()) return 0;
        int removed = 0;
        try (Jedis jedis = new Jedis(url, 3000)) {
            ScanParams params = new ScanParams().match("cairn-test-*").count(1000);
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = jedis.scan(cursor, params);
                List<String> ours = new ArrayList<>();
                for (String key : page.getResult()) {
                    int colon = key.indexOf(':');
                    if (colon > 0 && KEY_PREFIXES.contains(key.substring(0, colon + 1))) ours.add(key);
                }
                if (!ours.isEmpty()) removed += (int) jedis.unlink(ours.toArray(String[]::new));
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        } catch (RuntimeException e) {
            System.err.println("cairn tests: could not remove the tests' Redis keys: " + e.getMessage());
        }
        return removed;
    }

    private static int dropSchemas() {
        String url = sharedDatabase;
        if (url == null || SCHEMAS.isEmpty()) return 0;
        int dropped = 0;
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            List<String> existing = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'cairn\\_t%'")) {
                while (rs.next()) if (SCHEMAS.contains(rs.getString(1))) existing.add(rs.getString(1));
            }
            // why: a schema some process still holds a lock in is left, rather than holding up the JVM's exit
            st.execute("SET lock_timeout = '2s'");
            for (String schema : existing) {
                try {
                    st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                    dropped++;
                } catch (SQLException e) {
                    System.err.println("cairn tests: left schema " + schema + ": " + e.getMessage());
                }
            }
        } catch (SQLException e) {
            System.err.println("cairn tests: could not drop the tests' schemas: " + e.getMessage());
        }
        return dropped;
    }
}
