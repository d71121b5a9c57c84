package dev.cairn.ops;

import dev.cairn.config.CairnConfig;
import dev.cairn.config.ConfigException;
import dev.cairn.config.VariablesReadByCode;
import dev.cairn.http.BrowserGuard;
import dev.cairn.redis.RedisUrl;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.server.BackgroundJobServerConfigurationReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * {@code deploy/k8s/} checked without a cluster: the base and the example overlay are rendered
 * ({@link RenderedManifests}: {@code kubectl kustomize}, else the base's files one by one), every object is
 * read into fabric8's typed models, and what the manifests say is held against what the worker really reads
 * and serves: its configuration built from the pod's environment, the variables its code reads, the
 * Dockerfile's user, JobRunr's drain time, the metrics {@code docs/metrics.md} documents. The probes' paths
 * are asked of the real HTTP API in {@link KubernetesProbesTest}.
 */
class KubernetesManifestsTest {

    /** Variables the pod may set that are not Cairn's: the JVM's own. */
    private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");
    /** A per-provider variable: {@code CAIRN_PROVIDER_<NAME>_<SETTING>}. */
    private static final Pattern PROVIDER_VARIABLE = Pattern.compile("CAIRN_PROVIDER_([A-Z0-9]+)_(.+)");
    /** Settings that are secrets: they belong in the Secret, never in the ConfigMap. */
    private static final Pattern SECRET_VARIABLE = Pattern.compile("CAIRN_(API_TOKEN|API_READ_TOKEN|DASHBOARD_PASSWORD|DATABASE_URL|REDIS_URL|PROVIDER_.+_API_KEY)");
    /** The image's {@code USER} instruction. */
    private static final Pattern DOCKERFILE_USER = Pattern.compile("(?m)^USER\\s+(\\d+)(?::(\\d+))?\\s*$");
    /**
     * After JobRunr's wait for running jobs, what the rest of a drain may take: the interrupted jobs' saves,
     * the lease release, closing the connections (docker-compose.yml gives the whole drain 30 s).
     */
    private static final Duration REST_OF_DRAIN = Duration.ofSeconds(20);
    static Stream<RenderedManifests> renderings() {
        return RenderedManifests.all();
    }

    // ---- rendering and parsing --------------------------------------------------------------------------

    @Test
    void shouldRenderTheExampleOverlayWhenKubectlIsAvailable() {
        assumeThat(RenderedManifests.kubectlRenders())
                .as("kubectl is not on the PATH (or -Dcairn.k8s.render=files): the example overlay needs kustomize to render, "
                        + "so only the base's files are checked").isTrue();
        assertThat(RenderedManifests.exampleOverlay()).isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void shouldReadEveryObjectIntoItsTypedModelWithoutUnknownFields(RenderedManifests manifests) {
        assertThat(manifests.objects()).isNotEmpty();
        List<String> unknown = new ArrayList<>();
        for (HasMetadata object : manifests.objects()) {
            if (object instanceof GenericKubernetesResource custom) {
                // why: only KEDA's ScaledObject is a custom resource; a built-in kind read as generic is a typo in apiVersion or kind
                assertThat(custom.getApiVersion() + " " + custom.getKind()).as("%s: an object fabric8 does not know", manifests)
                        .isEqualTo("keda.sh/v1alpha1 ScaledObject");
            }
            unknown.addAll(UnknownFields.in(object, object.getKind() + "/" + object.getMetadata().getName()));
        }
        assertThat(unknown).as("%s: fields the Kubernetes API does not have (misspelt?)", manifests).isEmpty();
    }

    @Test
    void shouldRenderTheBaseObjects() {
        assertThat(kinds(RenderedManifests.base())).containsExactlyInAnyOrder(
                "ConfigMap", "Deployment", "PersistentVolumeClaim", "Service", "PodDisruptionBudget", "NetworkPolicy", "HorizontalPodAutoscaler");
    }

    @Test
    void shouldRenderTheExampleOverlayInItsNamespaceWithItsImageAndKeda() {
        RenderedManifests overlay = overlayOrSkip();
        assertThat(kinds(overlay)).containsExactlyInAnyOrder("Namespace", "ConfigMap", "Deployment", "Service", "PodDisruptionBudget",
                "NetworkPolicy", "PersistentVolumeClaim", "ScaledObject");
        String namespace = overlay.one(Namespace.class).getMetadata().getName();
        assertThat(overlay.objects()).filteredOn(o -> !(o instanceof Namespace))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).as("namespace of %s", o.getMetadata().getName()).isEqualTo(namespace));
        assertThat(WorkerPod.of(overlay).container().getImage()).as("the overlay's image").contains(":").doesNotEndWith(":latest")
                .isNotEqualTo(WorkerPod.of(RenderedManifests.base()).container().getImage());
    }

    // ---- environment ------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void shouldStartTheWorkerWithTheEnvironmentOfThePod(RenderedManifests manifests) {
        CairnConfig config;
        try {
            config = WorkerPod.of(manifests).config();
        } catch (ConfigException e) {
            throw new AssertionError(manifests + ": the worker would refuse to start with the pod's environment (ConfigMap, "
                    + WorkerPod.SECRET_TEMPLATE + ", env): " + e.getMessage(), e);
        }
        // why: without them the worker starts an embedded H2 and Redis in the pod, which a fleet cannot share
        assertThat(config.storage().databaseUrl()).as("%s: CAIRN_DATABASE_URL", manifests).isPresent();
        assertThat(config.storage().redisUrl()).as("%s: CAIRN_REDIS_URL", manifests).isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void shouldRefuseToStartOnTheSecretTemplatesPlaceholders(RenderedManifests manifests) {
        // #18 part 5: applied as it stands, the template would give every cluster the same well-known token
        assertThatThrownBy(() -> CairnConfig.fromEnv(WorkerPod.of(manifests).environmentOfTemplate()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("change-me");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void shouldSetOnlyVariablesTheWorkerReads(RenderedManifests manifests) {
        Set<String> readByWorker = VariablesReadByCode.readByConfiguration();
        assertThat(readByWorker).as("the recorder sees the configuration's reads").contains("CAIRN_HTTP_PORT", "CAIRN_DATA_DIR");
        List<String> unread = WorkerPod.of(manifests).environment().keySet().stream()
                .filter(name -> !JVM_VARIABLES.contains(name) && !readByWorker.contains(asTableName(name))).toList();
        assertThat(unread).as("%s: variables of the ConfigMap, %s or env that the worker does not read", manifests, WorkerPod.SECRET_TEMPLATE)
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void shouldKeepSecretsOutOfTheConfigMap(RenderedManifests manifests) {
        ConfigMap configMap = WorkerPod.of(manifests).configMap();
        assertThat(configMap.getData().keySet()).as("%s: secrets in ConfigMap %s", manifests, configMap.getMetadata().getName())
                .noneMatch(name -> SECRET_VARIABLE.matcher(name).matches());
        assertThat(WorkerPod.of(manifests).container().getEnv()).as("%s: secrets written into the Deployment's env", manifests)
                .noneMatch(v -> SECRET_VARIABLE.matcher(v.getName()).matches());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void shouldLeaveTheSecretTemplateOutOfTheRenderingAndOutOfGit(RenderedManifests manifests) throws IOException {
        assertThat(manifests.all(Secret.class)).as("%s: a Secret is rendered, so `kubectl apply -k` would apply it", manifests).isEmpty();
        Secret template = WorkerPod.secretTemplate();
        assertThat(WorkerPod.of(manifests).secretName()).isEqualTo(template.getMetadata().getName());
        assertThat(WorkerPod.secretValues(template).keySet()).as("what %s must fill in", WorkerPod.SECRET_TEMPLATE)
                .contains("CAIRN_API_TOKEN", "CAIRN_DASHBOARD_USER", "CAIRN_DASHBOARD_PASSWORD", "CAIRN_DATABASE_URL", "CAIRN_REDIS_URL");
        assertThat(WorkerPod.secretValues(template).get("CAIRN_API_TOKEN")).as("the template's token is a placeholder").contains("change-me");
        assertThat(Files.readAllLines(ProjectRoot.find().resolve(".gitignore"))).as("the filled-in copy the README names stays out of git")
                .contains("deploy/k8s/**/secret.yaml");
    }

    // ---- ports, Service, host names ---------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void shouldOpenTheContainerPortsTheWorkerListensOn(RenderedManifests manifests) {
        WorkerPod pod = WorkerPod.of(manifests);
        CairnConfig config = pod.config();
        assertThat(pod.container().getPorts()).extracting(ContainerPort::getContainerPort)
                .as("%s: container ports vs CAIRN_HTTP_PORT and CAIRN_DASHBOARD_PORT", manifests)
                .containsExactlyInAnyOrder(config.http().port(), config.http().dashboardPort());
        assertThat(pod.annotations()).as("%s: where Prometheus scrapes", manifests)
                .containsEntry("prometheus.io/port", String.valueOf(config.http().port()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void shouldRouteTheServiceToTheWorkersPorts(RenderedManifests manifests) {
        WorkerPod pod = WorkerPod.of(manifests);
        CairnConfig config = pod.config();
        Service service = manifests.one(Service.class);
        assertThat(pod.labels()).as("%s: the Service selects the worker's pods", manifests).containsAllEntriesOf(service.getSpec().getSelector());
        Set<Integer> targets = new TreeSet<>();
        for (ServicePort port : service.getSpec().getPorts()) targets.add(pod.containerPort(port.getTargetPort()));
        assertThat(targets).as("%s: the Service's target ports", manifests)
                .containsExactlyInAnyOrder(config.http().port(), config.http().dashboardPort());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void shouldAnswerToTheServiceNames(RenderedManifests manifests) {
        WorkerPod pod = WorkerPod.of(manifests);
        CairnConfig config = pod.config();
        Service service = manifests.one(Service.class);
        String name = service.getMetadata().getName();
        List<String> names = new ArrayList<>(List.of(name));
        String namespace = service.getMetadata().getNamespace();
        if (namespace != null) names.addAll(List.of(name + "." + namespace, name + "." + namespace + ".svc", name + "." + namespace + ".svc.cluster.local"));
        BrowserGuard guard = BrowserGuard.of(config.http());
        for (String host : names) {
            assertThat(guard.checkHost(host + ":" + config.http().port()))
                    .as("%s: the API refuses Host %s (421); add it to CAIRN_HTTP_ALLOWED_HOSTS", manifests, host).isEmpty();
        }
    }

    // ---- security context and file systems ---------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void shouldRunAsTheImagesNonRootUserWithNothingToEscalate(RenderedManifests manifests) throws IOException {
        WorkerPod pod = WorkerPod.of(manifests);
        PodSecurityContext podContext = Objects.requireNonNullElseGet(pod.spec().getSecurityContext(), PodSecurityContext::new);
        SecurityContext context = Objects.requireNonNullElseGet(pod.container().getSecurityContext(), SecurityContext::new);
        Matcher user = DOCKERFILE_USER.matcher(Files.readString(ProjectRoot.find().resolve("Dockerfile")));
        assertThat(user.find()).as("a numeric USER in the Dockerfile").isTrue();
        long imageUid = Long.parseLong(user.group(1));

        assertThat(firstSet(context.getRunAsNonRoot(), podContext.getRunAsNonRoot())).as("%s: runAsNonRoot", manifests).isTrue();
        assertThat(firstSet(context.getRunAsUser(), podContext.getRunAsUser())).as("%s: runAsUser = the Dockerfile's USER", manifests)
                .isEqualTo(imageUid);
        assertThat(context.getReadOnlyRootFilesystem()).as("%s: readOnlyRootFilesystem", manifests).isTrue();
        assertThat(context.getAllowPrivilegeEscalation()).as("%s: allowPrivilegeEscalation", manifests).isFalse();
        assertThat(context.getPrivileged()).as("%s: privileged", manifests).isNotEqualTo(Boolean.TRUE);
        Capabilities capabilities = Objects.requireNonNullElseGet(context.getCapabilities(), Capabilities::new);
        assertThat(capabilities.getDrop()).as("%s: capabilities dropped", manifests).contains("ALL");
        assertThat(capabilities.getAdd()).as("%s: capabilities added", manifests).isEmpty();
        SeccompProfile seccomp = firstSet(context.getSeccompProfile(), podContext.getSeccompProfile());
        assertThat(seccomp).as("%s: seccompProfile", manifests).isNotNull();
        assertThat(seccomp.getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.spec().getAutomountServiceAccountToken()).as("%s: the worker needs no Kubernetes API token", manifests).isFalse();
        // why: the Service cairn-worker would inject CAIRN_WORKER_SERVICE_HOST, CAIRN_WORKER_PORT… amid the worker's settings
        assertThat(pod.spec().getEnableServiceLinks()).as("%s: enableServiceLinks", manifests).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void shouldGiveEveryDirectoryTheWorkerWritesAWritableVolume(RenderedManifests manifests) {
        WorkerPod pod = WorkerPod.of(manifests);
        CairnConfig config = pod.config();
        Map<String, Path> written = Map.of(
                "CAIRN_DATA_DIR", config.directories().dataDir(),
                "CAIRN_INPUT_DIR", config.directories().inputDir(),
                "CAIRN_OUTPUT_DIR", config.directories().outputDir(),
                "java.io.tmpdir", pod.javaTmpDir());
        written.forEach((what, dir) -> {
            VolumeMount mount = pod.mountHolding(dir).orElseThrow(() -> new AssertionError(manifests + ": " + what + " (" + dir
                    + ") is on the read-only root file system: mount a volume there"));
            assertThat(mount.getReadOnly()).as("%s: mount %s of %s", manifests, mount.getName(), what).isNotEqualTo(Boolean.TRUE);
            Volume volume = pod.volume(mount.getName());
            assertThat(volume.getEmptyDir() != null || volume.getPersistentVolumeClaim() != null)
                    .as("%s: volume %s of %s is an emptyDir or a PersistentVolumeClaim (writable)", manifests, volume.getName(), what).isTrue();
        });
        // why: a separate volume, so that JVM scratch files never fill (nor are shared on) the data dir's PVC
        assertThat(pod.mountHolding(pod.javaTmpDir()).orElseThrow().getName()).as("%s: tmp dir on a volume of its own", manifests)
                .isNotEqualTo(pod.mountHolding(config.directories().dataDir()).orElseThrow().getName());
    }

    /**
     * Every rendering may run a fleet (its autoscaler adds workers), so every one shares the data dir: the base used to
     * mount a per-pod emptyDir, which loses an upload, a spilled step output or a result as soon as a second replica runs.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void shouldShareTheDataDirBetweenReplicasWheneverMoreThanOneMayRun(RenderedManifests manifests) {
        WorkerPod pod = WorkerPod.of(manifests);
        assertThat(mostReplicas(manifests)).as("%s runs a fleet", manifests).isGreaterThan(1);
        Volume data = pod.volume(pod.mountHolding(pod.config().directories().dataDir()).orElseThrow().getName());
        assertThat(data.getPersistentVolumeClaim()).as("%s: the data dir's volume: a job resumes on any replica, which reads what the others wrote",
                manifests).isNotNull();
        String claim = data.getPersistentVolumeClaim().getClaimName();
        PersistentVolumeClaim pvc = manifests.named(PersistentVolumeClaim.class, claim)
                .orElseThrow(() -> new AssertionError("PersistentVolumeClaim " + claim + " is not rendered in " + manifests));
        assertThat(pvc.getSpec().getAccessModes()).as("PVC %s", claim).contains("ReadWriteMany");
    }

    // ---- resources, shutdown ------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void shouldRequestWhatTheAutoscalersAndTheHeapNeed(RenderedManifests manifests) {
        Container container = WorkerPod.of(manifests).container();
        Map<String, Quantity> requests = container.getResources().getRequests();
        Map<String, Quantity> limits = container.getResources().getLimits();
        assertThat(requests).as("%s: CPU request (CPU utilisation is relative to it)", manifests).containsKey("cpu");
        assertThat(limits).as("%s: memory limit (the heap is a share of it)", manifests).containsKey("memory");
        // why: the heap is sized from the limit; a request below it lets the node overcommit memory the JVM will use
        assertThat(Quantity.getAmountInBytes(requests.get("memory"))).as("%s: memory request = limit", manifests)
                .isEqualByComparingTo(Quantity.getAmountInBytes(limits.get("memory")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void shouldLeaveTimeForPreStopAndTheDrainBeforeSigkill(RenderedManifests manifests) {
        WorkerPod pod = WorkerPod.of(manifests);
        // the wait the worker's JobRunr server gets: JobRunrSide takes JobRunr's standard configuration
        Duration jobRunrWait = new BackgroundJobServerConfigurationReader(BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration())
                .getInterruptJobsAwaitDurationOnStopBackgroundJobServer();
        int preStop = pod.preStopSeconds();
        long drain = jobRunrWait.plus(REST_OF_DRAIN).toSeconds();
        assertThat(preStop).as("%s: preStop sleep", manifests).isPositive();
        assertThat(pod.spec().getTerminationGracePeriodSeconds()).as("%s: terminationGracePeriodSeconds >= preStop %d s + drain %d s "
                + "(JobRunr's %d s wait for running jobs + %d s for the rest)", manifests, preStop, drain, jobRunrWait.toSeconds(), REST_OF_DRAIN.toSeconds())
                .isGreaterThanOrEqualTo(preStop + drain);
    }

    // ---- selectors, autoscaling, network -----------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void shouldSelectTheWorkerPodsAndScaleTheWorkerDeployment(RenderedManifests manifests) {
        WorkerPod pod = WorkerPod.of(manifests);
        Deployment deployment = pod.deployment();
        assertThat(pod.labels()).as("%s: the Deployment's selector", manifests).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(pod.labels()).as("%s: the PodDisruptionBudget's selector", manifests)
                .containsAllEntriesOf(manifests.one(PodDisruptionBudget.class).getSpec().getSelector().getMatchLabels());
        assertThat(pod.labels()).as("%s: the NetworkPolicy's selector", manifests)
                .containsAllEntriesOf(manifests.one(NetworkPolicy.class).getSpec().getPodSelector().getMatchLabels());
        List<String> autoscalers = new ArrayList<>();
        for (HorizontalPodAutoscaler hpa : manifests.all(HorizontalPodAutoscaler.class)) {
            assertThat(hpa.getSpec().getScaleTargetRef().getKind() + "/" + hpa.getSpec().getScaleTargetRef().getName())
                    .isEqualTo("Deployment/" + deployment.getMetadata().getName());
            autoscalers.add("HorizontalPodAutoscaler/" + hpa.getMetadata().getName());
        }
        for (GenericKubernetesResource scaledObject : manifests.custom("ScaledObject")) {
            Map<String, Object> target = map(scaledObject.getAdditionalProperties(), "spec", "scaleTargetRef");
            assertThat(target.getOrDefault("kind", "Deployment") + "/" + target.get("name")).isEqualTo("Deployment/" + deployment.getMetadata().getName());
            autoscalers.add("ScaledObject/" + scaledObject.getMetadata().getName());
        }
        // why: two autoscalers on one Deployment fight over its replicas, and KEDA refuses a ScaledObject next to an HPA
        assertThat(autoscalers).as("%s: autoscalers of the worker Deployment", manifests).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void shouldLetClientsAndPrometheusInAndTheWorkerOutToItsDependencies(RenderedManifests manifests) {
        WorkerPod pod = WorkerPod.of(manifests);
        CairnConfig config = pod.config();
        NetworkPolicy policy = manifests.one(NetworkPolicy.class);
        assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        Set<Integer> ingress = new HashSet<>();
        for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
            for (NetworkPolicyPort port : rule.getPorts()) ingress.add(pod.containerPort(port.getPort()));
        }
        assertThat(ingress).as("%s: ports the NetworkPolicy lets in", manifests)
                .containsExactlyInAnyOrder(config.http().port(), config.http().dashboardPort());

        Set<String> egress = new HashSet<>();
        for (NetworkPolicyEgressRule rule : policy.getSpec().getEgress()) {
            for (NetworkPolicyPort port : rule.getPorts()) egress.add(port.getPort().getIntVal() + "/" + Optional.ofNullable(port.getProtocol()).orElse("TCP"));
        }
        Set<String> needed = new TreeSet<>(List.of("53/UDP", "443/TCP"));
        needed.add(URI.create(config.storage().databaseUrl().orElseThrow().replaceFirst("^jdbc:", "")).getPort() + "/TCP");
        RedisUrl.parse(config.storage().redisUrl().orElseThrow()).nodes().forEach(node -> needed.add(node.getPort() + "/TCP"));
        assertThat(egress).as("%s: ports the NetworkPolicy lets out (DNS, HTTPS to providers, and those of the Secret's "
                + "PostgreSQL and Redis URLs)", manifests).containsAll(needed);
    }

    @Test
    void shouldScaleTheExampleOverlayOnMetricsTheWorkerExports() throws IOException {
        RenderedManifests overlay = overlayOrSkip();
        String docs = Files.readString(ProjectRoot.find().resolve("docs/metrics.md"));
        GenericKubernetesResource scaledObject = overlay.custom("ScaledObject").getFirst();
        List<Map<String, Object>> triggers = list(map(scaledObject.getAdditionalProperties(), "spec").get("triggers"));
        assertThat(triggers).extracting(t -> t.get("type")).as("trigger types").contains("prometheus");
        Set<String> queried = new TreeSet<>();
        for (Map<String, Object> trigger : triggers) {
            Map<String, Object> metadata = map(trigger, "metadata");
            switch (String.valueOf(trigger.get("type"))) {
                case "prometheus" -> {
                    assertThat(metadata).as("trigger %s", trigger.get("name")).containsKeys("serverAddress", "query", "threshold");
                    Set<String> names = PromQlMetricNames.of(String.valueOf(metadata.get("query")));
                    assertThat(names).as("metrics of trigger %s", trigger.get("name")).isNotEmpty();
                    queried.addAll(names);
                }
                case "cpu", "memory" -> assertThat(WorkerPod.of(overlay).container().getResources().getRequests())
                        .as("KEDA refuses a %s trigger for a container without that request", trigger.get("type")).containsKey(String.valueOf(trigger.get("type")));
                default -> { }
            }
        }
        assertThat(queried).as("the queue-wait trigger").contains("cairn_job_queue_wait_seconds_bucket");
        List<String> undocumented = queried.stream().map(n -> n.replaceFirst("_(bucket|count|sum)$", ""))
                .filter(n -> !Pattern.compile("`" + Pattern.quote(n) + "`").matcher(docs).find()).toList();
        assertThat(undocumented).as("metrics the ScaledObject queries that docs/metrics.md does not list").isEmpty();
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private static RenderedManifests overlayOrSkip() {
        Optional<RenderedManifests> overlay = RenderedManifests.exampleOverlay();
        assumeThat(overlay).as("kubectl does not render here (not on the PATH, or -Dcairn.k8s.render=files), and %s needs kustomize", RenderedManifests.EXAMPLE_OVERLAY).isPresent();
        return overlay.orElseThrow();
    }

    private static List<String> kinds(RenderedManifests manifests) {
        return manifests.objects().stream().map(HasMetadata::getKind).toList();
    }

    /** @return {@code CAIRN_PROVIDER_OPENAI_MODEL} as the variable table writes it, {@code CAIRN_PROVIDER_<NAME>_MODEL} */
    private static String asTableName(String name) {
        Matcher m = PROVIDER_VARIABLE.matcher(name);
        return m.matches() ? VariablesReadByCode.PROVIDER_PREFIX + VariablesReadByCode.PLACEHOLDER + "_" + m.group(2) : name;
    }

    /** @return the most replicas the rendering may run: the Deployment's count, or an autoscaler's maximum */
    private static int mostReplicas(RenderedManifests manifests) {
        int most = Optional.ofNullable(manifests.one(Deployment.class).getSpec().getReplicas()).orElse(1);
        for (HorizontalPodAutoscaler hpa : manifests.all(HorizontalPodAutoscaler.class)) most = Math.max(most, hpa.getSpec().getMaxReplicas());
        for (GenericKubernetesResource scaledObject : manifests.custom("ScaledObject")) {
            Object max = map(scaledObject.getAdditionalProperties(), "spec").get("maxReplicaCount");
            if (max instanceof Number n) most = Math.max(most, n.intValue());
        }
        return most;
    }

    private static <T> T firstSet(T container, T pod) {
        return container != null ? container : pod;
    }

    /** @return the nested map at {@code path} of a custom resource's generic content */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> root, String... path) {
        Object node = root;
        for (String key : path) {
            assertThat(node).as("%s in %s", key, String.join(".", path)).isInstanceOf(Map.class);
            node = ((Map<String, Object>) node).get(key);
        }
        assertThat(node).as(String.join(".", path)).isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object node) {
        assertThat(node).isInstanceOf(List.class);
        return (List<Map<String, Object>>) node;
    }
}
