package dev.cairn.ops;

import dev.cairn.config.HttpSettings;
import dev.cairn.http.ApiServerExtension;
import dev.cairn.http.HealthChecks.ComponentStatus;
import dev.cairn.http.RunningApi;
import dev.cairn.testing.RawHttp;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Probe;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probes of {@code deploy/k8s/} asked of the worker's real HTTP API ({@code HttpApi} with stub health
 * checks, {@link ApiServerExtension}), the way the kubelet asks them: no token, the pod's IP in {@code Host}.
 * A probe path the API does not serve answers 404, which the kubelet counts as a failure; a liveness probe
 * that follows PostgreSQL or Redis would restart every worker during their outage. So each probe is checked
 * for what it must do, not for its spelling.
 */
class KubernetesProbesTest {

    /** What the kubelet sends in {@code Host}: the pod's IP and the probe's port. */
    private static final String POD_ADDRESS = "10.244.1.17";
    private static final ComponentStatus DOWN = new ComponentStatus(ComponentStatus.DOWN, 0, "down for the test");

    @RegisterExtension
    final ApiServerExtension<HttpSettings, RunningApi> server = ApiServerExtension.fakesStartedByTest();

    static Stream<RenderedManifests> renderings() {
        return RenderedManifests.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void shouldProbeTheHttpPortOverPlainHttp(RenderedManifests manifests) {
        WorkerPod pod = WorkerPod.of(manifests);
        int apiPort = pod.config().http().port();
        for (Map.Entry<String, Probe> probe : probes(pod).entrySet()) {
            HTTPGetAction get = httpGet(manifests, probe.getKey(), probe.getValue());
            assertThat(pod.containerPort(get.getPort())).as("%s: port of the %s probe = CAIRN_HTTP_PORT", manifests, probe.getKey()).isEqualTo(apiPort);
            assertThat(get.getScheme()).as("%s: scheme of the %s probe", manifests, probe.getKey()).isIn(null, "HTTP");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void shouldPassTheStartupProbeOnlyOnceTheWorkerHasStarted(RenderedManifests manifests) {
        String path = httpGet(manifests, "startup", WorkerPod.of(manifests).container().getStartupProbe()).getPath();
        RunningApi api = start(manifests);
        api.health.started = false;
        assertThat(kubeletGet(manifests, api, path).status()).as("%s: startup probe %s while starting", manifests, path).isEqualTo(503);
        api.health.started = true;
        assertThat(kubeletGet(manifests, api, path).status()).as("%s: startup probe %s once started", manifests, path).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void shouldKeepTheWorkerAliveWhileItsDependenciesAreDown(RenderedManifests manifests) {
        String path = httpGet(manifests, "liveness", WorkerPod.of(manifests).container().getLivenessProbe()).getPath();
        RunningApi api = start(manifests);
        assertThat(kubeletGet(manifests, api, path).status()).as("%s: liveness probe %s", manifests, path).isEqualTo(200);
        // why: a restart brings neither PostgreSQL nor Redis back, and jobs wait for them with their checkpoints intact
        api.health.jobStorage = DOWN;
        api.health.redis = DOWN;
        assertThat(kubeletGet(manifests, api, path).status()).as("%s: liveness probe %s with job storage and Redis down", manifests, path)
                .isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void shouldTakeTheWorkerOutOfTheServiceOnlyWhileJobStorageIsDown(RenderedManifests manifests) {
        String path = httpGet(manifests, "readiness", WorkerPod.of(manifests).container().getReadinessProbe()).getPath();
        RunningApi api = start(manifests);
        assertThat(kubeletGet(manifests, api, path).status()).as("%s: readiness probe %s", manifests, path).isEqualTo(200);
        api.health.redis = DOWN;
        assertThat(kubeletGet(manifests, api, path).status()).as("%s: readiness probe %s with Redis down (degraded: jobs wait)", manifests, path)
                .isEqualTo(200);
        api.health.jobStorage = DOWN;
        assertThat(kubeletGet(manifests, api, path).status()).as("%s: readiness probe %s with job storage down", manifests, path).isEqualTo(503);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void shouldServeMetricsWhereThePodAnnotationsSendPrometheus(RenderedManifests manifests) {
        WorkerPod pod = WorkerPod.of(manifests);
        assertThat(pod.annotations()).containsEntry("prometheus.io/scrape", "true");
        String path = pod.annotations().get("prometheus.io/path");
        RawHttp.Response metrics = kubeletGet(manifests, start(manifests), path);
        assertThat(metrics.status()).as("%s: GET %s without a token", manifests, path).isEqualTo(200);
        assertThat(metrics.headers().get("content-type")).as("%s: %s answers Prometheus text", manifests, path).startsWith("text/plain");
    }

    /** @return the API, with the pod's own HTTP settings (its token, allowed hosts) but on a free loopback port and no dashboard */
    private RunningApi start(RenderedManifests manifests) {
        HttpSettings pod = WorkerPod.of(manifests).config().http();
        return server.start(new HttpSettings(0, "127.0.0.1", pod.apiToken(), 0, pod.dashboardUser(), pod.dashboardPassword(),
                pod.maxUploadBytes(), pod.dashboardPublicUrl(), pod.readToken(), pod.allowedHosts()));
    }

    private static RawHttp.Response kubeletGet(RenderedManifests manifests, RunningApi api, String path) {
        int podPort = WorkerPod.of(manifests).config().http().port();
        return RawHttp.send(api.api.port(), "GET", path, Map.of("Host", POD_ADDRESS + ":" + podPort, "User-Agent", "kube-probe/1.32"), null);
    }

    private static Map<String, Probe> probes(WorkerPod pod) {
        Map<String, Probe> probes = new LinkedHashMap<>();
        probes.put("startup", pod.container().getStartupProbe());
        probes.put("liveness", pod.container().getLivenessProbe());
        probes.put("readiness", pod.container().getReadinessProbe());
        return probes;
    }

    private static HTTPGetAction httpGet(RenderedManifests manifests, String kind, Probe probe) {
        assertThat(probe).as("%s: the worker's %s probe", manifests, kind).isNotNull();
        assertThat(probe.getHttpGet()).as("%s: the %s probe is an httpGet", manifests, kind).isNotNull();
        return probe.getHttpGet();
    }
}
