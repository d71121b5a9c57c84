package dev.cairn.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.awaitility.Awaitility.await;

/**
 * A Redis that speaks only TLS and wants a password, started from the machine's {@code redis-server}
 * with a certificate authority and server certificate made for the test by {@code openssl}, and a
 * PKCS#12 trust store holding that authority (made by {@code keytool}) for the worker's JVM.
 */
public final class TlsRedis implements AutoCloseable {

    private final Process process;
    private final int port;
    private final String password;
    private final Path trustStore;

    private TlsRedis(Process process, int port, String password, Path trustStore) {
        this.process = process;
        this.port = port;
        this.password = password;
        this.trustStore = trustStore;
    }

    /** @return why a TLS Redis cannot be started here, or empty when it can */
    public static Optional<String> unavailable() {
        for (String tool : List.of("redis-server", "openssl", "keytool")) {
            if (!Executables.onPath(tool)) return Optional.of(tool + " is not on the PATH");
        }
        return Optional.empty();
    }

    /**
     * @param dir      where the certificates, trust store and Redis' files go
     * @param password the password Redis requires ({@code requirepass}, user {@code default})
     * @return a started server
     */
    public static TlsRedis start(Path dir, String password) throws IOException, InterruptedException {
        run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
                "-days", "2", "-subj", "/CN=cairn-test-ca");
        run(dir, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                "-subj", "/CN=localhost");
        Files.writeString(dir.resolve("san.cnf"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        run(dir, "openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.crt", "-days", "2", "-extfile", "san.cnf");
        run(dir, "keytool", "-importcert", "-noprompt", "-alias", "cairn-test-ca", "-file", "ca.crt",
                "-keystore", "trust.p12", "-storetype", "PKCS12", "-storepass", "changeit");
        int port = FreePorts.loopback();
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", "0", "--tls-port", Integer.toString(port),
                "--bind", "127.0.0.1", "--tls-cert-file", "server.crt", "--tls-key-file", "server.key",
                "--tls-ca-cert-file", "ca.crt", "--tls-auth-clients", "no", "--requirepass", password,
                "--save", "", "--appendonly", "no", "--dir", dir.toString()));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile()).start();
        TlsRedis redis = new TlsRedis(process, port, password, dir.resolve("trust.p12"));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) throw new IllegalStateException("redis-server exited: " + Files.readString(dir.resolve("redis.log")));
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        return redis;
    }

    /** @return {@code rediss://default:<password>@localhost:<port>} */
    public URI url() {
        return URI.create("rediss://default:" + password + "@localhost:" + port);
    }

    /** @return JVM options that make a worker trust the test's certificate authority */
    public String javaTrustOptions() {
        return "-Djavax.net.ssl.trustStore=" + trustStore + " -Djavax.net.ssl.trustStorePassword=changeit -Djavax.net.ssl.trustStoreType=PKCS12";
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
    }
}
