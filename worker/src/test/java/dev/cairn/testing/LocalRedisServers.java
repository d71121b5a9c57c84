package dev.cairn.testing;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * {@code redis-server} processes a test starts from the machine's binary (not the embedded artifact,
 * which cannot run a Cluster or a Sentinel) and stops on close, or when the test JVM exits.
 */
final class LocalRedisServers implements AutoCloseable {

    private final Deque<Process> processes = new ArrayDeque<>();
    private final Thread reaper = new Thread(this::stopAll, "local-redis-reaper");

    LocalRedisServers() {
        // why: a test JVM killed mid-run must not leave Redis processes behind
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** @return why these servers cannot be started here, or empty when they can */
    static Optional<String> unavailable() {
        return Executables.onPath("redis-server") ? Optional.empty() : Optional.of("redis-server is not on the PATH");
    }

    /**
     * @return a free loopback port whose Cluster bus port (+10000) is free too
     */
    static int freePort() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            if (free(port) && free(port + 10_000)) return port;
        }
        throw new IllegalStateException("no free port pair found for a local Redis");
    }

    private static boolean free(int port) {
        try (ServerSocket ignored = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Starts {@code redis-server} and waits until it answers PING.
     *
     * @param dir  its working dir and log ({@code <name>.log})
     * @param name a name for the log file
     * @param port its port
     * @param password its password, or null
     * @param args the rest of the command line, e.g. a config file or {@code --cluster-enabled yes}
     */
    void start(Path dir, String name, int port, String password, List<String> args) {
        List<String> command = new ArrayList<>(List.of("redis-server"));
        command.addAll(args);
        Path log = dir.resolve(name + ".log");
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            synchronized (processes) {
                processes.push(process);
            }
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!process.isAlive()) throw new IllegalStateException("redis-server " + name + " exited: " + Files.readString(log));
                return ping(port, password);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean ping(int port, String password) {
        try (Jedis jedis = connect(port, password)) {
            return "PONG".equals(jedis.ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * @param port     a local server's port
     * @param password its password, or null
     * @return an authenticated connection; close it
     */
    static Jedis connect(int port, String password) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder().timeoutMillis(2000)
                // why: a plain Jedis speaks RESP2; saying so keeps Jedis from warning on every connect
                .autoNegotiateProtocol(false);
        if (password != null) config.password(password);
        return new Jedis(new HostAndPort("127.0.0.1", port), config.build());
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException alreadyExiting) {
            // why: the JVM is exiting; the hook stops them anyway
        }
    }

    private void stopAll() {
        synchronized (processes) {
            for (Process process : processes) process.destroy();
            for (Process process : processes) {
                try {
                    if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
                } catch (InterruptedException e) {
                    process.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
            processes.clear();
        }
    }
}
