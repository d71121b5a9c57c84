package dev.cairn.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cairn.testing.Executables;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The objects of a kustomization under {@code deploy/k8s/} as Kubernetes would receive them, read into
 * fabric8's typed models ({@code Deployment}, {@code Service}, …; a custom resource such as KEDA's
 * {@code ScaledObject} as a {@link GenericKubernetesResource}).
 *
 * <p>Rendered with {@code kubectl kustomize} when {@code kubectl} is on the {@code PATH}. Without it, a
 * kustomization that lists only files (the base) is read file by file, which is what kustomize would
 * render minus its transformers (labels, namespace); one that needs kustomize itself (an overlay: a base
 * directory, patches) cannot be rendered and is {@link Optional#empty()}. {@code -Dcairn.k8s.render=files}
 * forces the file-by-file reading, to try it on a machine that has {@code kubectl}.
 *
 * @param name    what was rendered and how, for messages: {@code deploy/k8s/base (kubectl kustomize)}
 * @param objects every object, in the order rendered
 */
record RenderedManifests(String name, List<HasMetadata> objects) {

    /** fabric8's serialization: knows every built-in kind, reads the rest as generic resources. */
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    /** The base every deployment starts from. */
    static final String BASE = "deploy/k8s/base";
    /** The example overlay the README tells people to copy. */
    static final String EXAMPLE_OVERLAY = "deploy/k8s/overlays/example";

    private static final long KUBECTL_TIMEOUT_SECONDS = 60;

    /** Each kustomization's rendering (or the error it ended in), made once per test run by whichever test asks first. */
    private static final Map<String, Object> RENDERED = new ConcurrentHashMap<>();

    /** @return the base, rendered */
    static RenderedManifests base() {
        return rendered(BASE).orElseThrow(() -> new AssertionError(BASE + " must be readable file by file, without kustomize: "
                + "list only files in its resources, no patches or generators"));
    }

    /** @return the example overlay, rendered; empty when no {@code kubectl} can render it */
    static Optional<RenderedManifests> exampleOverlay() {
        return rendered(EXAMPLE_OVERLAY);
    }

    /** @return every rendering this machine can make: the base, and the overlay when {@code kubectl} is here */
    static Stream<RenderedManifests> all() {
        return Stream.concat(Stream.of(base()), exampleOverlay().stream());
    }

    /** @return whether renderings come from {@code kubectl kustomize} */
    static boolean kubectlRenders() {
        return !"files".equals(System.getProperty("cairn.k8s.render")) && Executables.onPath("kubectl");
    }

    /**
     * @param type a typed model
     * @return every rendered object of that type
     */
    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /**
     * @param type a typed model
     * @return the one rendered object of that type
     * @throws AssertionError when there is none or more than one
     */
    <T extends HasMetadata> T one(Class<T> type) {
        List<T> found = all(type);
        if (found.size() != 1) throw new AssertionError(name + " renders " + found.size() + " " + type.getSimpleName() + " objects, expected one");
        return found.getFirst();
    }

    /**
     * @param kind a custom resource's kind, e.g. {@code ScaledObject}
     * @return the rendered custom resources of that kind
     */
    List<GenericKubernetesResource> custom(String kind) {
        return all(GenericKubernetesResource.class).stream().filter(r -> kind.equals(r.getKind())).toList();
    }

    /**
     * @param type a typed model
     * @param name its name
     * @return the rendered object of that type and name
     */
    <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
        return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * @param file a YAML file of one object or several ({@code ---} between them)
     * @return its objects
     */
    static List<HasMetadata> read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * @param yaml one object or several documents
     * @return the objects, each in its typed model
     */
    static List<HasMetadata> parse(String yaml) {
        Object parsed = SERIALIZATION.unmarshal(yaml);
        List<HasMetadata> objects = new ArrayList<>();
        if (parsed instanceof KubernetesList list) {
            objects.addAll(list.getItems());
        } else if (parsed instanceof List<?> list) {
            for (Object o : list) {
                if (o != null) objects.add((HasMetadata) o);
            }
        } else if (parsed != null) {
            objects.add((HasMetadata) parsed);
        }
        return objects;
    }

    /** @return the rendering; a failed one fails every test that asks for it, each with kubectl's message */
    @SuppressWarnings("unchecked")
    private static Optional<RenderedManifests> rendered(String kustomization) {
        Object result = RENDERED.computeIfAbsent(kustomization, k -> {
            try {
                return render(k);
            } catch (AssertionError | RuntimeException e) {
                return e;
            }
        });
        if (result instanceof Throwable failure) throw new AssertionError(failure.getMessage(), failure);
        return (Optional<RenderedManifests>) result;
    }

    private static Optional<RenderedManifests> render(String kustomization) {
        Path dir = ProjectRoot.find().resolve(kustomization);
        if (kubectlRenders()) return Optional.of(new RenderedManifests(kustomization + " (kubectl kustomize)", parse(kubectl(dir))));
        List<Path> files = resourceFiles(dir);
        if (files.isEmpty()) return Optional.empty();
        List<HasMetadata> objects = new ArrayList<>();
        for (Path file : files) objects.addAll(read(file));
        return Optional.of(new RenderedManifests(kustomization + " (its files one by one, no kubectl)", objects));
    }

    /** @return what {@code kubectl kustomize dir} prints; a failure is the test's failure, with kubectl's own words */
    private static String kubectl(Path dir) {
        try {
            Path errors = Files.createTempFile("kubectl-kustomize-", ".err");
            try {
                Process process = new ProcessBuilder("kubectl", "kustomize", dir.toString())
                        .redirectError(errors.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
                process.getOutputStream().close();
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(KUBECTL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("kubectl kustomize " + dir + " took longer than " + KUBECTL_TIMEOUT_SECONDS + " s");
                }
                if (process.exitValue() != 0) {
                    throw new AssertionError("kubectl kustomize " + dir + " failed (exit " + process.exitValue() + "): " + Files.readString(errors));
                }
                return out;
            } finally {
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kubectl kustomize " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while kubectl kustomize ran", e);
        }
    }

    /**
     * @return the files of {@code kustomization.yaml}'s {@code resources}, or nothing when rendering needs kustomize:
     *         a resource that is a directory (another kustomization), patches, generators or replacements
     */
    private static List<Path> resourceFiles(Path dir) {
        JsonNode kustomization;
        try {
            kustomization = new YAMLMapper().readTree(dir.resolve("kustomization.yaml").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve("kustomization.yaml"), e);
        }
        for (String field : List.of("patches", "patchesStrategicMerge", "patchesJson6902", "components", "configMapGenerator",
                "secretGenerator", "replacements", "replicas", "images")) {
            if (kustomization.has(field)) return List.of();
        }
        List<Path> files = new ArrayList<>();
        for (JsonNode resource : kustomization.path("resources")) {
            Path path = dir.resolve(resource.asText()).normalize();
            if (!Files.isRegularFile(path)) return List.of();
            files.add(path);
        }
        return files;
    }
}
