package dev.cairn.testing;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisClusterCRC16;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;

/**
 * A Redis Cluster of three masters (no replicas) on loopback, started from the machine's
 * {@code redis-server} and formed from Java ({@code CLUSTER ADDSLOTS}, {@code CLUSTER MEET}), so the test
 * knows which node owns which slot: the first node slots 0-5460, the second 5461-10921, the third
 * 10922-16383. Every node wants the same password. Stopped, every process, on close.
 */
public final class LocalRedisCluster implements AutoCloseable {

    private static final int SLOTS = 16_384;

    private final LocalRedisServers servers;
    private final List<Integer> ports;
    private final String password;

    private LocalRedisCluster(LocalRedisServers servers, List<Integer> ports, String password) {
        this.servers = servers;
        this.ports = List.copyOf(ports);
        this.password = password;
    }

    /** @return why a cluster cannot be started here (no {@code redis-server}), or empty when it can */
    public static Optional<String> unavailable() {
        return LocalRedisServers.unavailable();
    }

    /**
     * @param dir      where the nodes' cluster config files and logs go
     * @param password the password of every node
     * @return a cluster whose state is {@code ok} on every node
     */
    public static LocalRedisCluster start(Path dir, String password) {
        LocalRedisServers servers = new LocalRedisServers();
        List<Integer> ports = new ArrayList<>();
        try {
            while (ports.size() < 3) {
                int port = LocalRedisServers.freePort();
                if (ports.contains(port)) continue;
                servers.start(dir, "node-" + port, port, password, List.of("--port", Integer.toString(port), "--bind", "127.0.0.1",
                        "--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + port + ".conf", "--cluster-node-timeout", "5000",
                        "--requirepass", password, "--save", "", "--appendonly", "no", "--dir", dir.toString()));
                ports.add(port);
            }
            LocalRedisCluster cluster = new LocalRedisCluster(servers, ports, password);
            cluster.form();
            return cluster;
        } catch (RuntimeException e) {
            servers.close();
            throw e;
        }
    }

    private void form() {
        for (int i = 0; i < ports.size(); i++) {
            try (Jedis node = node(ports.get(i))) {
                node.clusterAddSlots(IntStream.rangeClosed(firstSlot(i), firstSlot(i + 1) - 1).toArray());
            }
        }
        try (Jedis first = node(ports.get(0))) {
            for (int port : ports.subList(1, ports.size())) first.clusterMeet("127.0.0.1", port);
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> ports.stream().allMatch(port -> {
            try (Jedis node = node(port)) {
                String info = node.clusterInfo();
                return info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:" + ports.size());
            }
        }));
    }

    private int firstSlot(int node) {
        return node * SLOTS / ports.size();
    }

    /** @return {@code redis-cluster://:<password>@127.0.0.1:<p1>,127.0.0.1:<p2>,127.0.0.1:<p3>} */
    public URI url() {
        return url(ports);
    }

    /**
     * @param seeds the ports to list, in that order (any port, even one nothing listens on)
     * @return a cluster URL with those seed nodes and the cluster's password
     */
    public URI url(List<Integer> seeds) {
        return URI.create("redis-cluster://:" + password + "@" + seeds.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(",")));
    }

    /** @return the nodes' ports, first node first */
    public List<Integer> ports() {
        return ports;
    }

    /** @return the port of the node that owns the key's slot */
    public int portOwning(String key) {
        int slot = JedisClusterCRC16.getSlot(key);
        for (int i = ports.size() - 1; i >= 0; i--) {
            if (slot >= firstSlot(i)) return ports.get(i);
        }
        throw new IllegalStateException("slot " + slot);
    }

    /**
     * @param pattern a KEYS pattern, e.g. {@code cairn-test-1a2b:*}
     * @return node port → how many of its keys match, first node first (KEYS is fine on a test's own cluster)
     */
    public Map<Integer, Integer> keysPerNode(String pattern) {
        Map<Integer, Integer> counts = new LinkedHashMap<>();
        for (int port : ports) {
            try (Jedis node = node(port)) {
                counts.put(port, node.keys(pattern).size());
            }
        }
        return counts;
    }

    /** @return an authenticated connection to one node; close it */
    public Jedis node(int port) {
        return LocalRedisServers.connect(port, password);
    }

    @Override
    public void close() {
        servers.close();
    }
}
