package dev.cairn.http;

import dev.cairn.api.client.CairnClient;
import dev.cairn.config.BatchSettings;
import dev.cairn.config.HttpSettings;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * The set-up the HTTP API and CLI tests share: an {@link HttpApi} on an ephemeral loopback port in a
 * scratch directory of its own, closed and the directory deleted after the test. Register it with
 * {@code @RegisterExtension}: on an instance field the API lives for one test, on a static field for the
 * whole class. Every API gets fresh state (its own Redis key prefix, database table prefix, directory).
 *
 * <pre>{@code
 * @RegisterExtension
 * final ApiServerExtension<HttpSettings, RunningApi> server = ApiServerExtension.fakes();
 *
 * @Test
 * void shouldX() {
 *     server.api().dlq.add(...);
 *     CliRun run = CliRun.run(server.cliEnv(), "dlq", "list");
 * }
 * }</pre>
 *
 * <p>The {@code …StartedByTest()} variants start nothing: each test calls {@link #start(Object)} with the
 * settings it needs; {@link #start(Object)} also replaces a running API (same directory) when a test
 * needs other settings half-way.
 *
 * @param <S> what the API is started with ({@link HttpSettings} for the fakes, {@link BatchSettings} for job storage)
 * @param <A> the API
 */
public final class ApiServerExtension<S, A extends ApiUnderTest>
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    /** The upload limit of {@link #fakes()}. */
    private static final long MAX_UPLOAD_BYTES = 1024 * 1024;

    private final BiFunction<Path, S, A> starter;
    private final S startWith;
    private boolean perClass;
    private Path dir;
    private A api;

    private ApiServerExtension(BiFunction<Path, S, A> starter, S startWith) {
        this.starter = starter;
        this.startWith = startWith;
    }

    /** @return a {@link RunningApi} (fake job service and DLQ, real breakers) with no token and 1 MiB uploads, started for every test */
    public static ApiServerExtension<HttpSettings, RunningApi> fakes() {
        return fakes(RunningApi.settings(null, MAX_UPLOAD_BYTES));
    }

    /**
     * @param settings the API's settings; its port is best 0
     * @return a {@link RunningApi} with these settings, started for every test
     */
    public static ApiServerExtension<HttpSettings, RunningApi> fakes(HttpSettings settings) {
        return new ApiServerExtension<>(RunningApi::inScratchDir, Objects.requireNonNull(settings, "settings"));
    }

    /** @return nothing started: each test starts a {@link RunningApi} with {@link #start(Object)} */
    public static ApiServerExtension<HttpSettings, RunningApi> fakesStartedByTest() {
        return new ApiServerExtension<>(RunningApi::inScratchDir, null);
    }

    /**
     * @param limits the batch limits the API enforces
     * @return a {@link StorageBackedApi} (real job service on JobRunr's storage) started for every test
     */
    public static ApiServerExtension<BatchSettings, StorageBackedApi> storageBacked(BatchSettings limits) {
        return new ApiServerExtension<>(StorageBackedApi::new, Objects.requireNonNull(limits, "limits"));
    }

    /** @return nothing started: each test starts a {@link StorageBackedApi} with {@link #start(Object)} */
    public static ApiServerExtension<BatchSettings, StorageBackedApi> storageBackedStartedByTest() {
        return new ApiServerExtension<>(StorageBackedApi::new, null);
    }

    /**
     * Starts the API, closing the one running first (the new one uses the same directory).
     *
     * @param settings what to start it with
     * @return the API
     */
    public A start(S settings) {
        Objects.requireNonNull(settings, "settings");
        if (dir == null) throw new IllegalStateException("start the API in a test, a @BeforeEach or a @BeforeAll, not before");
        closeApi();
        api = starter.apply(dir, settings);
        return api;
    }

    /** @return the running API */
    public A api() {
        if (api == null) throw new IllegalStateException("no API running: this extension starts it only with settings; call start(...) first");
        return api;
    }

    /** @return the scratch directory the API lives in, free for the test's own files too */
    public Path dir() {
        if (dir == null) throw new IllegalStateException("the scratch directory exists only while a test runs");
        return dir;
    }

    /** @return the running API's base URL, e.g. {@code http://127.0.0.1:41234} */
    public String baseUrl() {
        return api().baseUrl();
    }

    /** @return a {@code jobs-api} client of the running API without a token */
    public CairnClient client() {
        return client(null);
    }

    /**
     * @param token the token the client sends, or {@code null}
     * @return a {@code jobs-api} client of the running API
     */
    public CairnClient client(String token) {
        return CairnClient.create(URI.create(baseUrl()), token);
    }

    /** @return the environment a {@code cairn} client command needs to reach the running API: {@code CAIRN_URL} */
    public Map<String, String> cliEnv() {
        return Map.of("CAIRN_URL", baseUrl());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // why: JUnit calls beforeAll only for an extension on a static field (or of a per-class test instance): one API for the class
        perClass = true;
        open();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!perClass) open();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) shut();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (perClass) shut();
    }

    private void open() {
        try {
            dir = Files.createTempDirectory("cairn-api-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (startWith != null) start(startWith);
    }

    private void shut() {
        try {
            closeApi();
        } finally {
            deleteRecursively(dir);
            dir = null;
        }
    }

    private void closeApi() {
        if (api == null) return;
        A closing = api;
        api = null;
        closing.close();
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the test's scratch directory " + dir, e);
        }
    }
}
