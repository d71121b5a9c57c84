package dev.cairn.runtime.internal;

import dev.cairn.config.CairnConfig;
import dev.cairn.config.HttpSettings;
import dev.cairn.http.BrowserGuard;
import dev.cairn.testing.RawHttp;
import dev.cairn.testing.TestEnv;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The JobRunr dashboard as Cairn serves it: on the API's bind address only, behind basic auth when set. */
class DashboardServerTest {

    @TempDir
    Path tmp;
    private JobStorage storage;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void openStorage() {
        CairnConfig config = CairnConfig.fromEnv(TestEnv.worker(tmp.resolve("data")));
        storage = JobStorage.open(config.storage(), config.directories(), new JacksonJsonMapper());
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    private DashboardServer start(Optional<String> user, Optional<String> password) {
        BrowserGuard guard = BrowserGuard.of(new HttpSettings(0, "127.0.0.1", Optional.empty(), 0, Optional.empty(), Optional.empty(), 1));
        return DashboardServer.start(storage.provider(), new JacksonJsonMapper(), "127.0.0.1", 0, user, password, guard);
    }

    private static RawHttp.Response raw(int port, String method, String path, String host, String... headers) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Host", host);
        for (int i = 0; i < headers.length; i += 2) all.put(headers[i], headers[i + 1]);
        return RawHttp.send(port, method, path, all, method.equals("GET") ? null : "");
    }

    private HttpResponse<String> get(int port, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (authorization != null) request.header("Authorization", authorization);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldServeJobRunrsDashboardAndItsApi() throws Exception {
        try (DashboardServer dashboard = start(Optional.empty(), Optional.empty())) {
            assertThat(get(dashboard.port(), "/dashboard", null).statusCode()).isEqualTo(200);
            HttpResponse<String> stats = get(dashboard.port(), "/api/jobs?state=ENQUEUED&offset=0&limit=20&order=updatedAt:ASC", null);
            assertThat(stats.statusCode()).isEqualTo(200);
            assertThat(stats.body()).contains("\"items\"");
        }
    }

    @Test
    void shouldAskForTheConfiguredCredentials() throws Exception {
        try (DashboardServer dashboard = start(Optional.of("ops"), Optional.of("s3cret"))) {
            assertThat(get(dashboard.port(), "/dashboard", null).statusCode()).isEqualTo(401);
            assertThat(get(dashboard.port(), "/api/jobs?state=ENQUEUED", basic("ops", "wrong")).statusCode()).isEqualTo(401);
            assertThat(get(dashboard.port(), "/api/jobs?state=ENQUEUED", basic("intruder", "s3cret")).statusCode()).isEqualTo(401);
            assertThat(get(dashboard.port(), "/dashboard", basic("ops", "s3cret")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldNotBeReachableOnOtherInterfacesThanTheBoundOne() throws Exception {
        InetAddress other = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).findFirst().orElse(null);
        assumeTrue(other != null, "this machine has no non-loopback IPv4 address to try");
        try (DashboardServer dashboard = start(Optional.empty(), Optional.empty())) {
            assertThatThrownBy(() -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(other, dashboard.port()), 2_000);
                }
            }).as("JobRunr's own server would listen on every interface").isInstanceOf(IOException.class);
        }
    }

    @Test
    void shouldRefuseAForeignHostAndCrossSiteCallsBeforeAskingForCredentials() throws Exception {
        try (DashboardServer dashboard = start(Optional.empty(), Optional.empty())) {
            int port = dashboard.port();
            // DNS rebinding: the page's name, our socket
            RawHttp.Response rebound = raw(port, "GET", "/api/jobs?state=ENQUEUED", "evil.example:" + port);
            assertThat(rebound.status()).isEqualTo(421);
            assertThat(rebound.body()).contains("\"error\":\"misdirected_request\"");
            assertThat(raw(port, "GET", "/dashboard", "localhost:" + port).status()).isEqualTo(200);

            for (String path : List.of("/api/jobs/00000000-0000-0000-0000-000000000000/requeue", "/api/recurring-jobs/x/trigger")) {
                RawHttp.Response crossSite = raw(port, "POST", path, "127.0.0.1:" + port, "Origin", "http://evil.example");
                assertThat(crossSite.status()).as(path).isEqualTo(403);
                assertThat(crossSite.body()).contains("cross_site_request");
            }
            // the dashboard's own page calls its API from its own origin
            assertThat(raw(port, "DELETE", "/api/jobs/00000000-0000-0000-0000-000000000000", "127.0.0.1:" + port,
                    "Origin", "http://127.0.0.1:" + port, "Sec-Fetch-Site", "same-origin").status()).isNotIn(403, 421);
        }
        try (DashboardServer dashboard = start(Optional.of("ops"), Optional.of("s3cret"))) {
            assertThat(raw(dashboard.port(), "GET", "/dashboard", "evil.example").status()).isEqualTo(421);
        }
    }
}
