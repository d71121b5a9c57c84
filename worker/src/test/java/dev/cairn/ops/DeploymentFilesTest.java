package dev.cairn.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator relies on in {@code docker-compose.yml}, {@code deploy/compose.env.example} and the
 * {@code Dockerfile}. No Docker engine is needed: the files are parsed, nothing is built or started.
 */
class DeploymentFilesTest {

    /** A reference {@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR:?error}}; {@code $${…}} is an escaped dollar. */
    private static final Pattern REFERENCE = Pattern.compile("(?<!\\$)\\$\\{([A-Za-z_][A-Za-z0-9_]*)([^}]*)}");
    private static final Pattern BARE_REFERENCE = Pattern.compile("(?<!\\$)\\$([A-Za-z_][A-Za-z0-9_]*)");
    /** A value that is one reference and nothing else, without a default that would inline a secret. */
    private static final Pattern ONLY_A_REFERENCE = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*(:?\\?[^}]*)?}");
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|passwd|secret|token|api_?key|_auth)$");
    private static final Pattern ASSIGNMENT = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)=(.*)$");

    private static Path root;
    private static String composeText;
    private static JsonNode compose;
    private static Map<String, String> exampleEnv;
    private static List<String> dockerfile;

    @BeforeAll
    static void readFiles() throws IOException {
        root = ProjectRoot.find();
        composeText = Files.readString(root.resolve("docker-compose.yml"));
        compose = new YAMLMapper().readTree(composeText);
        exampleEnv = assignments(root.resolve("deploy/compose.env.example"));
        dockerfile = instructions(root.resolve("Dockerfile"));
    }

    // ---- docker-compose.yml ---------------------------------------------------------------------------

    @Test
    void shouldDefineRedisPostgresWorkerPrometheusAndGrafana() {
        assertThat(fieldNames(compose.path("services")))
                .containsExactlyInAnyOrder("redis", "postgres", "worker", "prometheus", "grafana");
    }

    @Test
    void shouldProbeTheWorkerOnHealthLive() {
        JsonNode test = service("worker").path("healthcheck").path("test");
        assertThat(test.isMissingNode()).as("worker healthcheck").isFalse();
        assertThat(words(test)).anyMatch(w -> w.contains("/health/live"));
    }

    @Test
    void shouldStartWorkersOnlyOnceRedisAndPostgresAreHealthy() {
        JsonNode dependsOn = service("worker").path("depends_on");
        assertThat(dependsOn.path("redis").path("condition").asText()).isEqualTo("service_healthy");
        assertThat(dependsOn.path("postgres").path("condition").asText()).isEqualTo("service_healthy");
        assertThat(service("redis").path("healthcheck").path("test").isMissingNode()).as("redis healthcheck").isFalse();
        assertThat(service("postgres").path("healthcheck").path("test").isMissingNode()).as("postgres healthcheck").isFalse();
    }

    @Test
    void shouldLetWorkersScaleWithoutNameOrHostPortClashes() {
        JsonNode worker = service("worker");
        assertThat(worker.has("container_name")).as("worker container_name").isFalse();
        for (JsonNode port : worker.path("ports")) {
            assertThat(fixedHostPort(port)).as("host port of worker mapping %s", port).isEmpty();
        }
    }

    @Test
    void shouldRunRedisWithTheAppendOnlyFile() {
        List<String> command = words(service("redis").path("command"));
        int flag = command.indexOf("--appendonly");
        assertThat(flag).as("--appendonly in %s", command).isNotNegative();
        assertThat(command.get(flag + 1)).isEqualTo("yes");
    }

    @Test
    void shouldOnlyBindMountPathsThatExistInTheRepository() {
        Map<String, String> mounts = bindMounts();
        assertThat(mounts).containsEntry("dashboard-config/prometheus", "/etc/prometheus")
                .containsEntry("dashboard-config/grafana/provisioning", "/etc/grafana/provisioning")
                .containsEntry("dashboard-config/grafana/dashboards", "/var/lib/grafana/dashboards");
        assertThat(mounts.keySet()).allSatisfy(source ->
                assertThat(root.resolve(source)).as("bind-mounted host path %s", source).exists());
    }

    @Test
    void shouldTakeEverySecretFromTheEnvFileInsteadOfInliningIt() {
        List<String> leaks = new ArrayList<>();
        collectInlinedSecrets("", compose, leaks);
        assertThat(leaks).isEmpty();
    }

    @Test
    void shouldDocumentEveryReferencedVariableInTheExampleEnvFile() {
        Set<String> referenced = new LinkedHashSet<>();
        Matcher m = REFERENCE.matcher(composeText);
        while (m.find()) referenced.add(m.group(1));
        Matcher bare = BARE_REFERENCE.matcher(composeText.replace("$$", ""));
        while (bare.find()) referenced.add(bare.group(1));
        assertThat(referenced).isNotEmpty();
        assertThat(exampleEnv.keySet()).containsAll(referenced);
    }

    @Test
    void shouldGiveEveryRequiredVariableAValueInTheExampleSoComposeConfigWorksWithIt() {
        Matcher m = REFERENCE.matcher(composeText);
        while (m.find()) {
            if (m.group(2).startsWith(":?") || m.group(2).startsWith("?")) {
                assertThat(exampleEnv.get(m.group(1))).as("%s in deploy/compose.env.example", m.group(1)).isNotBlank();
            }
        }
    }

    @Test
    void shouldKeepTheSecretsFileOutOfGitAndOutOfTheImage() throws IOException {
        assertThat(Files.readAllLines(root.resolve(".gitignore"))).contains("deploy/compose.env");
        assertThat(service("worker").path("env_file").toString()).contains("deploy/compose.env");
        // .dockerignore lists what the build may see ("*" first, then "!" exceptions), so the env file is out
        List<String> dockerignore = Files.readAllLines(root.resolve(".dockerignore")).stream()
                .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(dockerignore).first().isEqualTo("*");
        assertThat(dockerignore).noneMatch(l -> l.startsWith("!deploy") || l.equals("!**") || l.equals("!."));
    }

    // ---- Dockerfile -------------------------------------------------------------------------------------

    @Test
    void shouldBuildInASeparateStageAndRunOnAJre21() {
        List<String> froms = dockerfile.stream().filter(i -> i.startsWith("FROM ")).toList();
        assertThat(froms).as("multi-stage build").hasSizeGreaterThanOrEqualTo(2);
        assertThat(froms.getFirst()).contains("21");
        String runtimeImage = froms.getLast().split("\\s+")[1];
        assertThat(runtimeImage).matches("eclipse-temurin:21[.\\d]*-jre.*");
    }

    @Test
    void shouldRunAsANonRootUser() {
        List<String> users = runtimeStage().stream().filter(i -> i.startsWith("USER ")).toList();
        assertThat(users).isNotEmpty();
        String user = users.getLast().substring("USER ".length()).trim().split(":")[0];
        assertThat(user).isNotIn("root", "0");
    }

    @Test
    void shouldProbeHealthLiveInTheImageHealthcheck() {
        assertThat(runtimeStage()).filteredOn(i -> i.startsWith("HEALTHCHECK "))
                .singleElement().satisfies(h -> assertThat(h).contains("/health/live").doesNotContain("NONE"));
    }

    @Test
    void shouldStartTheFatJarAndDefaultToTheWorkerCommand() {
        String entrypoint = runtimeStage().stream().filter(i -> i.startsWith("ENTRYPOINT ")).reduce((a, b) -> b).orElseThrow();
        List<String> args = jsonArray(entrypoint.substring("ENTRYPOINT ".length()));
        assertThat(args.getFirst()).isEqualTo("java");
        int jar = args.indexOf("-jar");
        assertThat(jar).as("-jar in %s", args).isPositive();
        String jarPath = args.get(jar + 1);
        assertThat(jarPath).endsWith("/cairn-worker.jar");
        // the jar it runs is the one the build stage produced
        assertThat(runtimeStage()).anyMatch(i -> i.startsWith("COPY --from=") && i.contains("worker/target/cairn-worker.jar")
                && i.endsWith(" " + jarPath));
        String cmd = runtimeStage().stream().filter(i -> i.startsWith("CMD ")).reduce((a, b) -> b).orElseThrow();
        assertThat(jsonArray(cmd.substring("CMD ".length()))).containsExactly("worker");
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private static JsonNode service(String name) {
        JsonNode service = compose.path("services").path(name);
        assertThat(service.isObject()).as("service %s", name).isTrue();
        return service;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** A command or healthcheck test as words, whether written as a list or as one string. */
    private static List<String> words(JsonNode node) {
        if (node.isArray()) return StreamSupport.stream(node.spliterator(), false).map(JsonNode::asText).toList();
        return List.of(node.asText().trim().split("\\s+"));
    }

    /** The published host port of a ports entry, empty when Docker picks one (or none is published). */
    private static String fixedHostPort(JsonNode port) {
        if (port.isObject()) return port.path("published").asText("");
        String spec = port.asText().replaceFirst("/(tcp|udp)$", "");
        String[] parts = spec.split(":", -1);
        return switch (parts.length) {
            case 1 -> "";                 // "8080": container port only
            case 2 -> parts[0];           // "8080:8080"
            default -> parts[parts.length - 2]; // "127.0.0.1:8080:8080" or "127.0.0.1::8080"
        };
    }

    /** Host path (relative to the repository) → container path, for every bind mount of every service. */
    private static Map<String, String> bindMounts() {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (JsonNode service : compose.path("services")) {
            for (JsonNode volume : service.path("volumes")) {
                String source;
                String target;
                if (volume.isObject()) {
                    if (!"bind".equals(volume.path("type").asText())) continue;
                    source = volume.path("source").asText();
                    target = volume.path("target").asText();
                } else {
                    String[] parts = volume.asText().split(":");
                    source = parts[0];
                    target = parts.length > 1 ? parts[1] : "";
                }
                // a named volume has no slash and does not start with a dot
                if (!source.startsWith(".") && !source.startsWith("/")) continue;
                mounts.put(source.replaceFirst("^\\./", "").replaceFirst("/$", ""), target);
            }
        }
        return mounts;
    }

    /** Walks the compose tree and reports every value that carries a secret literally. */
    private static void collectInlinedSecrets(String path, JsonNode node, List<String> leaks) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                String childPath = path + "/" + e.getKey();
                if (e.getValue().isValueNode() && SECRET_KEY.matcher(e.getKey()).matches()
                        && !ONLY_A_REFERENCE.matcher(e.getValue().asText()).matches()) {
                    leaks.add(childPath + " = " + e.getValue().asText());
                }
                collectInlinedSecrets(childPath, e.getValue(), leaks);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                // a password given as a command-line argument, e.g. redis-server --requirepass X
                if (i > 0 && node.get(i - 1).asText().matches("--?(requirepass|password|pass|a)")
                        && !ONLY_A_REFERENCE.matcher(node.get(i).asText()).matches()) {
                    leaks.add(path + "[" + i + "] = " + node.get(i).asText());
                }
                collectInlinedSecrets(path + "[" + i + "]", node.get(i), leaks);
            }
        } else if (node.isTextual()) {
            String text = node.asText();
            // passwords inside URLs: ?password=… and scheme://user:…@host
            Matcher query = Pattern.compile("(?i)password=(\\$\\{[^}]*}|[^&;\\s]*)").matcher(text);
            while (query.find()) {
                if (!ONLY_A_REFERENCE.matcher(query.group(1)).matches()) leaks.add(path + " = " + text);
            }
            Matcher userInfo = Pattern.compile("://[^/@\\s:]*:(\\$\\{[^}]*}|[^@/\\s]+)@").matcher(text);
            while (userInfo.find()) {
                if (!ONLY_A_REFERENCE.matcher(userInfo.group(1)).matches()) leaks.add(path + " = " + text);
            }
        }
    }

    /** NAME=value lines of an env file; comments and blank lines are skipped. */
    private static Map<String, String> assignments(Path envFile) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(envFile)) {
            Matcher m = ASSIGNMENT.matcher(line.trim());
            if (m.matches()) values.put(m.group(1), m.group(2).trim());
        }
        return values;
    }

    /** Dockerfile instructions, one per entry: continuation lines joined, comments dropped. */
    private static List<String> instructions(Path file) throws IOException {
        List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : Files.readAllLines(file)) {
            String line = raw.strip();
            if (line.startsWith("#") || line.isEmpty()) continue;
            boolean continues = line.endsWith("\\");
            current.append(continues ? line.substring(0, line.length() - 1).strip() : line).append(' ');
            if (!continues) {
                result.add(current.toString().strip());
                current.setLength(0);
            }
        }
        if (!current.isEmpty()) result.add(current.toString().strip());
        return result;
    }

    /** The instructions of the last stage, the one that becomes the image. */
    private static List<String> runtimeStage() {
        int lastFrom = 0;
        for (int i = 0; i < dockerfile.size(); i++) {
            if (dockerfile.get(i).startsWith("FROM ")) lastFrom = i;
        }
        return dockerfile.subList(lastFrom, dockerfile.size());
    }

    /** An exec-form argument list such as {@code ["java", "-jar", "app.jar"]}. */
    private static List<String> jsonArray(String json) {
        try {
            return StreamSupport.stream(new YAMLMapper().readTree(json).spliterator(), false).map(JsonNode::asText).toList();
        } catch (IOException e) {
            throw new AssertionError("not an exec-form list: " + json, e);
        }
    }
}
