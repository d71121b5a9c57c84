package dev.cairn.ops;

import dev.cairn.config.CairnConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The worker's pod as a rendering of {@code deploy/k8s/} describes it: its one container, the environment the
 * worker starts with (the ConfigMap and the Secret of its {@code envFrom}, then its {@code env}), its ports
 * and its mounts. The Secret is the template {@code deploy/k8s/base/secret.example.yaml}, which the
 * kustomizations do not render (its values are placeholders that must never be applied).
 */
final class WorkerPod {

    /** The Secret's template, filled in by whoever deploys. */
    static final String SECRET_TEMPLATE = "deploy/k8s/base/secret.example.yaml";
    /** The container that runs {@code cairn-worker.jar worker}. */
    static final String CONTAINER = "worker";
    /** The JVM's temporary directory on Linux unless {@code -Djava.io.tmpdir} says otherwise. */
    static final String DEFAULT_TMP_DIR = "/tmp";

    private static final Pattern TMP_DIR_OPTION = Pattern.compile("-Djava\\.io\\.tmpdir=(\\S+)");
    private static final Pattern SLEEP = Pattern.compile("(?:^|\\s|/)sleep\\s+(\\d+)\\s*$");

    private final RenderedManifests manifests;
    private final Deployment deployment;
    private final Container container;

    private WorkerPod(RenderedManifests manifests, Deployment deployment, Container container) {
        this.manifests = manifests;
        this.deployment = deployment;
        this.container = container;
    }

    /**
     * @param manifests a rendering with one Deployment
     * @return its pod
     */
    static WorkerPod of(RenderedManifests manifests) {
        Deployment deployment = manifests.one(Deployment.class);
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        if (containers.size() != 1 || !CONTAINER.equals(containers.getFirst().getName())) {
            throw new AssertionError(manifests + ": the worker's pod should have one container, '" + CONTAINER + "', not "
                    + containers.stream().map(Container::getName).toList());
        }
        return new WorkerPod(manifests, deployment, containers.getFirst());
    }

    /** @return the Secret template, parsed */
    static Secret secretTemplate() {
        List<?> objects = RenderedManifests.read(ProjectRoot.find().resolve(SECRET_TEMPLATE));
        if (objects.size() != 1 || !(objects.getFirst() instanceof Secret secret)) {
            throw new AssertionError(SECRET_TEMPLATE + " should hold one Secret, not " + objects);
        }
        return secret;
    }

    Deployment deployment() {
        return deployment;
    }

    PodSpec spec() {
        return deployment.getSpec().getTemplate().getSpec();
    }

    Container container() {
        return container;
    }

    /** @return the pod template's labels, which every selector must match */
    Map<String, String> labels() {
        return deployment.getSpec().getTemplate().getMetadata().getLabels();
    }

    /** @return the pod template's annotations */
    Map<String, String> annotations() {
        Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }

    /** @return the ConfigMap of the container's {@code envFrom} */
    ConfigMap configMap() {
        String name = envFrom().stream().filter(e -> e.getConfigMapRef() != null).map(e -> e.getConfigMapRef().getName())
                .findFirst().orElseThrow(() -> new AssertionError(manifests + ": the worker takes no ConfigMap in envFrom"));
        return manifests.named(ConfigMap.class, name)
                .orElseThrow(() -> new AssertionError(manifests + ": the worker's envFrom names ConfigMap " + name + ", which is not rendered"));
    }

    /** @return the name of the Secret of the container's {@code envFrom} */
    String secretName() {
        return envFrom().stream().filter(e -> e.getSecretRef() != null).map(e -> e.getSecretRef().getName())
                .findFirst().orElseThrow(() -> new AssertionError(manifests + ": the worker takes no Secret in envFrom"));
    }

    /**
     * @return the variables the worker starts with, as Kubernetes sets them: each {@code envFrom} source in order
     *         (the Secret from its template, its change-me placeholders filled in as whoever deploys must), then
     *         {@code env}, later ones winning
     */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        environmentOfTemplate().forEach((k, v) -> env.put(k, v.replace("change-me", "filled-in")));
        return env;
    }

    /** @return {@link #environment()} with the Secret template's values as they stand, placeholders and all */
    Map<String, String> environmentOfTemplate() {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource source : envFrom()) {
            if (source.getConfigMapRef() != null) {
                env.putAll(configMap().getData());
            } else if (source.getSecretRef() != null) {
                Secret template = secretTemplate();
                if (!template.getMetadata().getName().equals(source.getSecretRef().getName())) {
                    throw new AssertionError(manifests + ": the worker's envFrom names Secret " + source.getSecretRef().getName()
                            + ", but " + SECRET_TEMPLATE + " is " + template.getMetadata().getName());
                }
                env.putAll(secretValues(template));
            }
        }
        for (EnvVar variable : container.getEnv()) {
            if (variable.getValueFrom() != null) throw new AssertionError(manifests + ": env " + variable.getName() + " uses valueFrom, which this test cannot follow");
            env.put(variable.getName(), variable.getValue() == null ? "" : variable.getValue());
        }
        return env;
    }

    /** @return the worker's configuration from {@link #environment()}, as {@code cairn worker} would build it */
    CairnConfig config() {
        return CairnConfig.fromEnv(environment());
    }

    /**
     * @param port a port by number or by the container port's name
     * @return the container port's number
     */
    int containerPort(IntOrString port) {
        if (port.getIntVal() != null) return port.getIntVal();
        return container.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName())).map(ContainerPort::getContainerPort)
                .findFirst().orElseThrow(() -> new AssertionError(manifests + ": no container port is named '" + port.getStrVal() + "'"));
    }

    /**
     * @param path an absolute path in the container
     * @return the mount that holds it (the deepest one at or above it), if any; else it is on the root file system
     */
    Optional<VolumeMount> mountHolding(Path path) {
        return container.getVolumeMounts().stream().filter(m -> path.normalize().startsWith(Path.of(m.getMountPath()).normalize()))
                .max(Comparator.comparingInt(m -> Path.of(m.getMountPath()).getNameCount()));
    }

    /**
     * @param name a volume's name
     * @return the pod's volume of that name
     */
    Volume volume(String name) {
        return spec().getVolumes().stream().filter(v -> name.equals(v.getName())).findFirst()
                .orElseThrow(() -> new AssertionError(manifests + ": a mount names volume " + name + ", which the pod does not have"));
    }

    /** @return the JVM's {@code java.io.tmpdir}: the {@code -Djava.io.tmpdir} of {@code JAVA_TOOL_OPTIONS}, else {@value #DEFAULT_TMP_DIR} */
    Path javaTmpDir() {
        String options = environment().getOrDefault("JAVA_TOOL_OPTIONS", "") + " " + environment().getOrDefault("JDK_JAVA_OPTIONS", "");
        Matcher m = TMP_DIR_OPTION.matcher(options);
        String dir = DEFAULT_TMP_DIR;
        while (m.find()) dir = m.group(1);
        return Path.of(dir);
    }

    /** @return how long the preStop hook sleeps: a {@code sleep} action, or an exec of {@code sleep N} (also through a shell) */
    int preStopSeconds() {
        LifecycleHandler preStop = container.getLifecycle() == null ? null : container.getLifecycle().getPreStop();
        if (preStop == null) throw new AssertionError(manifests + ": the worker has no preStop hook");
        if (preStop.getSleep() != null) return preStop.getSleep().getSeconds().intValue();
        if (preStop.getExec() != null) {
            Matcher m = SLEEP.matcher(String.join(" ", preStop.getExec().getCommand()));
            if (m.find()) return Integer.parseInt(m.group(1));
        }
        throw new AssertionError(manifests + ": the worker's preStop hook is not a sleep: " + preStop);
    }

    private List<EnvFromSource> envFrom() {
        return container.getEnvFrom() == null ? List.of() : container.getEnvFrom();
    }

    /** @return a Secret's values, {@code stringData} over base64 {@code data} as the API server merges them */
    static Map<String, String> secretValues(Secret secret) {
        Map<String, String> values = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> values.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) values.putAll(secret.getStringData());
        return values;
    }
}
