package dev.cairn.redis;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A real Redis server (from the {@code embedded-redis} artifact) run by the worker when no
 * {@code CAIRN_REDIS_URL} is set: loopback only, a free port, append-only file under the data dir so
 * checkpoints survive a restart of the worker.
 *
 * <p>A worker killed with {@code kill -9} cannot stop its Redis, which keeps running and keeps the
 * data. The port is therefore recorded next to the data; the next start finds that server, verifies
 * it serves the same directory, shuts it down cleanly (flushing the AOF) and starts a fresh one on
 * the same files.
 */
public final class EmbeddedRedis implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedis.class);
    private static final String PORT_FILE = "redis.port";
    private static final Duration ORPHAN_SHUTDOWN_WAIT = Duration.ofSeconds(10);

    private final RedisServer server;
    private final int port;
    private final Path dir;

    private EmbeddedRedis(RedisServer server, int port, Path dir) {
        this.server = server;
        this.port = port;
        this.dir = dir;
    }

    /**
     * Starts the server, after stopping one a killed worker left running on the same directory.
     *
     * @param dir the directory for the append-only file; created if missing
     * @return the running server
     */
    public static EmbeddedRedis start(Path dir) {
        try {
            Files.createDirectories(dir);
            Path realDir = dir.toRealPath();
            stopOrphan(realDir);
            int port = freePort();
            RedisServer server = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("dir " + realDir)
                    .setting("appendonly yes")
                    .setting("appendfsync everysec")
                    .setting("appendfilename cairn.aof")
                    .setting("save \"\"")
                    .setting("protected-mode yes")
                    .setting("daemonize no")
                    .setting("pidfile " + realDir.resolve("redis.pid"))
                    // why: no logfile — embedded-redis waits for "Ready to accept connections" on stdout
                    .build();
            server.start();
            Files.writeString(realDir.resolve(PORT_FILE), Integer.toString(port), StandardCharsets.UTF_8);
            LOG.info("Embedded Redis started on 127.0.0.1:{} with its append-only file in {}", port, realDir);
            return new EmbeddedRedis(server, port, realDir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded Redis in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** @return {@code redis://127.0.0.1:<port>} */
    public URI url() {
        return URI.create("redis://127.0.0.1:" + port);
    }

    /** @return the port it listens on */
    public int port() {
        return port;
    }

    /** Stops the server; Redis flushes its append-only file on the way out. */
    @Override
    public void close() {
        try {
            server.stop();
            LOG.info("Embedded Redis on port {} stopped", port);
        } catch (IOException e) {
            LOG.warn("Embedded Redis on port {} did not stop cleanly: {}", port, e.getMessage());
        }
    }

    private static void stopOrphan(Path dir) throws IOException {
        Path portFile = dir.resolve(PORT_FILE);
        if (!Files.exists(portFile)) return;
        int port;
        try {
            port = Integer.parseInt(Files.readString(portFile).trim());
        } catch (NumberFormatException e) {
            return;
        }
        try (Jedis jedis = new Jedis("127.0.0.1", port, 1000)) {
            List<String> served = jedis.configGet("dir").values().stream().toList();
            if (served.isEmpty() || !Path.of(served.get(0)).equals(dir)) return;
            LOG.warn("An embedded Redis left by an earlier worker is still running on port {}; shutting it down to take over {}", port, dir);
            try {
                jedis.shutdown();
            } catch (RuntimeException expected) {
                // why: the server closes the connection as it exits
            }
        } catch (RuntimeException nothingThere) {
            return;
        }
        Instant deadline = Instant.now().plus(ORPHAN_SHUTDOWN_WAIT);
        while (Instant.now().isBefore(deadline) && isListening(port)) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean isListening(int port) {
        try (java.net.Socket ignored = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
