package dev.cairn.testing;

import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.awaitility.Awaitility.await;

/**
 * A master named {@value #MASTER}, one replica and one sentinel watching them (quorum 1), on loopback,
 * from the machine's {@code redis-server}. Master and replica want a password; the sentinel does not
 * (it is given the master's in {@code sentinel auth-pass}). Stopped, every process, on close.
 */
public final class LocalRedisSentinel implements AutoCloseable {

    /** The name the sentinel knows the master by. */
    public static final String MASTER = "mymaster";

    private final LocalRedisServers servers;
    private final int sentinelPort;
    private final List<Integer> dataPorts;
    private final String password;

    private LocalRedisSentinel(LocalRedisServers servers, int sentinelPort, List<Integer> dataPorts, String password) {
        this.servers = servers;
        this.sentinelPort = sentinelPort;
        this.dataPorts = dataPorts;
        this.password = password;
    }

    /** @return why Sentinel cannot be started here (no {@code redis-server}), or empty when it can */
    public static Optional<String> unavailable() {
        return LocalRedisServers.unavailable();
    }

    /**
     * @param dir      where the sentinel's config file and every log go
     * @param password the master's and the replica's password
     * @return a master with an in-sync replica, and a sentinel that knows both
     */
    public static LocalRedisSentinel start(Path dir, String password) {
        LocalRedisServers servers = new LocalRedisServers();
        try {
            int master = LocalRedisServers.freePort();
            servers.start(dir, "master", master, password, dataNode(master, password, dir));
            int replica = LocalRedisServers.freePort();
            List<String> replicaArgs = new java.util.ArrayList<>(dataNode(replica, password, dir));
            replicaArgs.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(master), "--masterauth", password));
            servers.start(dir, "replica", replica, password, replicaArgs);
            int sentinel = LocalRedisServers.freePort();
            Path config = dir.resolve("sentinel.conf");
            Files.writeString(config, String.join("\n",
                    "port " + sentinel, "bind 127.0.0.1", "dir " + dir,
                    "sentinel monitor " + MASTER + " 127.0.0.1 " + master + " 1",
                    "sentinel auth-pass " + MASTER + " " + password,
                    "sentinel down-after-milliseconds " + MASTER + " 5000",
                    "sentinel failover-timeout " + MASTER + " 10000", ""));
            servers.start(dir, "sentinel", sentinel, null, List.of(config.toString(), "--sentinel"));
            LocalRedisSentinel local = new LocalRedisSentinel(servers, sentinel, List.of(master, replica), password);
            local.awaitReplicaKnown();
            return local;
        } catch (IOException e) {
            servers.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            servers.close();
            throw e;
        }
    }

    private static List<String> dataNode(int port, String password, Path dir) {
        return List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--requirepass", password,
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--dbfilename", "dump-" + port + ".rdb");
    }

    private void awaitReplicaKnown() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            try (Jedis sentinel = LocalRedisServers.connect(sentinelPort, null)) {
                List<Map<String, String>> replicas = sentinel.sentinelReplicas(MASTER);
                return replicas.stream().anyMatch(r -> r.getOrDefault("flags", "").equals("slave")
                        && "ok".equals(r.get("master-link-status")));
            }
        });
    }

    /**
     * @param database the database the URL selects
     * @return {@code redis-sentinel://:<password>@127.0.0.1:<sentinel>/mymaster?db=<database>}
     */
    public URI url(int database) {
        return URI.create("redis-sentinel://:" + password + "@127.0.0.1:" + sentinelPort + "/" + MASTER + "?db=" + database);
    }

    /** @return the port of the node the sentinel currently names master */
    public int masterPort() {
        try (Jedis sentinel = LocalRedisServers.connect(sentinelPort, null)) {
            return Integer.parseInt(sentinel.sentinelGetMasterAddrByName(MASTER).get(1));
        }
    }

    /** Makes the sentinel promote the replica now and waits until it names it master. */
    public void failover() {
        int before = masterPort();
        try (Jedis sentinel = LocalRedisServers.connect(sentinelPort, null)) {
            sentinel.sentinelFailover(MASTER);
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> masterPort() != before);
        int after = masterPort();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            try (Jedis node = node(after)) {
                return node.info("replication").contains("role:master");
            }
        });
    }

    /** @return an authenticated connection to the master or the replica; close it */
    public Jedis node(int port) {
        return LocalRedisServers.connect(port, password);
    }

    /** @return the master's and the replica's ports, the first master first */
    public List<Integer> dataPorts() {
        return dataPorts;
    }

    @Override
    public void close() {
        servers.close();
    }
}
