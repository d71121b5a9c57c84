package dev.cairn.testing;

import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * A Redis server a test starts, stops and restarts itself (same port, same append-only file), to
 * inject real outages. Never the shared test Redis.
 */
public final class OwnRedis implements AutoCloseable {

    private final int port;
    private final Path dir;
    private RedisServer server;

    private OwnRedis(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    /** @return a started server with AOF in a fresh temp dir */
    public static OwnRedis start() {
        try {
            OwnRedis redis = new OwnRedis(FreePorts.loopback(), TestRedis.tempDir());
            redis.restart();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return {@code redis://127.0.0.1:<port>} */
    public URI url() {
        return URI.create("redis://127.0.0.1:" + port);
    }

    /** Stops the server (it flushes its AOF); clients now fail to connect. */
    public void stop() {
        try {
            if (server != null) server.stop();
            server = null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops the server and starts it again with nothing: a restart without persistence (or a failover to a
     * replica that had none of the data). Clients reconnect to the same port.
     */
    public void restartEmpty() {
        stop();
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(dir)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!file.equals(dir)) java.nio.file.Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        restart();
    }

    /** Starts the server again on the same port and data. */
    public void restart() {
        try {
            server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                    .setting("dir " + dir).setting("appendonly yes").setting("appendfsync always").setting("save \"\"")
                    .build();
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
