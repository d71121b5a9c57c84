package dev.cairn.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code CAIRN_*} variables the code reads, found two ways that cover each other's blind spots:
 * <ul>
 *   <li>{@link #readByConfiguration()} builds {@link CairnConfig} from an environment that records every name it
 *       is asked for, with one OpenAI-compatible provider configured. That sees names the code puts together
 *       ({@code CAIRN_PROVIDER_<NAME>_TIMEOUT}) and any variable a {@code *Settings} class reads, however it
 *       spells it.</li>
 *   <li>{@link #namedInSources()} scans the main sources for names: in Java string literals (the command line,
 *       Logback's format switch, error messages), in {@code ${…}} references of resources ({@code logback.xml})
 *       and in the {@code ./cairn} wrapper script and the scripts it sources.</li>
 * </ul>
 * Public for the deployment tests, which check that the manifests set only variables the worker reads
 * ({@code dev.cairn.ops.KubernetesManifestsTest}).
 */
public final class VariablesReadByCode {

    /** What a provider's name becomes in the table's per-provider rows. */
    public static final String PLACEHOLDER = "<NAME>";
    /** The prefix of every per-provider variable. */
    public static final String PROVIDER_PREFIX = "CAIRN_PROVIDER_";
    /** The provider configured while recording; its variables stand for every provider's. */
    static final String PROVIDER = "probe";
    /** The least environment under which {@link #PROVIDER}'s settings are read. */
    static final Map<String, String> PROVIDER_ENV = Map.of(
            "CAIRN_PROVIDERS", CairnConfig.OFFLINE_PROVIDER + "," + PROVIDER,
            ProviderSettings.variable(PROVIDER, "BASE_URL"), "https://llm.example.com/v1",
            ProviderSettings.variable(PROVIDER, "MODEL"), "a-model");

    private static final Pattern JAVA_STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern NAME = Pattern.compile("\\bCAIRN_[A-Z0-9_]*");
    /** {@code ${CAIRN_X}}, {@code ${CAIRN_X:-default}} or {@code $CAIRN_X} in a shell script or Logback file. */
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{?(CAIRN_[A-Z0-9_]+)");
    /** A script the {@code ./cairn} wrapper sources: {@code source "$root/scripts/aot-cache.sh"}. */
    private static final Pattern SOURCED_SCRIPT = Pattern.compile("^\\s*source \"\\$root/(scripts/[A-Za-z0-9._-]+\\.sh)\"");

    private VariablesReadByCode() {
    }

    /**
     * @return every variable {@link CairnConfig#fromEnv} asks for, per-provider ones as
     *         {@code CAIRN_PROVIDER_<NAME>_…}
     */
    public static Set<String> readByConfiguration() {
        RecordingEnv env = new RecordingEnv(PROVIDER_ENV);
        CairnConfig.fromEnv(env);
        String providerPrefix = PROVIDER_PREFIX + PROVIDER.toUpperCase(Locale.ROOT) + "_";
        Set<String> names = new TreeSet<>();
        for (String name : env.asked) {
            names.add(name.startsWith(providerPrefix) ? PROVIDER_PREFIX + PLACEHOLDER + "_" + name.substring(providerPrefix.length()) : name);
        }
        return names;
    }

    /**
     * @return every {@code CAIRN_*} name in the main sources of {@code worker} and {@code jobs-api}, their
     *         resources, the {@code ./cairn} wrapper and the scripts it sources; a name ending in {@code _} is a prefix the code
     *         completes (e.g. {@code CAIRN_PROVIDER_})
     */
    public static Set<String> namedInSources() {
        Path root = RepositoryFiles.root();
        Set<String> names = new TreeSet<>();
        for (Path sources : List.of(root.resolve("worker/src/main/java"), root.resolve("jobs-api/src/main/java"))) {
            for (Path file : files(sources, ".java")) names.addAll(inJavaStrings(lines(file)));
        }
        for (Path file : files(root.resolve("worker/src/main/resources"), ".xml")) names.addAll(inReferences(lines(file)));
        List<String> wrapper = lines(root.resolve("cairn"));
        names.addAll(inReferences(wrapper));
        // the scripts the wrapper sources (scripts/aot-cache.sh reads CAIRN_AOT_CACHE); not the test tooling's
        for (String line : wrapper) {
            Matcher sourced = SOURCED_SCRIPT.matcher(line);
            if (sourced.find()) names.addAll(inReferences(lines(root.resolve(sourced.group(1)))));
        }
        return names;
    }

    /** Names inside string literals, on lines that are code (Javadoc and comment lines are passed over). */
    private static Set<String> inJavaStrings(List<String> lines) {
        Set<String> names = new TreeSet<>();
        for (String line : lines) {
            String code = line.strip();
            if (code.startsWith("*") || code.startsWith("/*") || code.startsWith("//")) continue;
            Matcher literal = JAVA_STRING.matcher(code);
            while (literal.find()) {
                Matcher name = NAME.matcher(literal.group(1));
                while (name.find()) names.add(name.group());
            }
        }
        return names;
    }

    private static Set<String> inReferences(List<String> lines) {
        Set<String> names = new TreeSet<>();
        for (String line : lines) {
            Matcher reference = REFERENCE.matcher(line);
            while (reference.find()) names.add(reference.group(1));
        }
        return names;
    }

    private static List<Path> files(Path dir, String suffix) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** An environment that remembers every variable asked of it. */
    private static final class RecordingEnv extends AbstractMap<String, String> {

        private final Map<String, String> values;
        private final Set<String> asked = new TreeSet<>();

        RecordingEnv(Map<String, String> values) {
            this.values = values;
        }

        @Override
        public String get(Object key) {
            asked.add(String.valueOf(key));
            return values.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            asked.add(String.valueOf(key));
            return values.containsKey(key);
        }

        @Override
        public String getOrDefault(Object key, String defaultValue) {
            asked.add(String.valueOf(key));
            return values.getOrDefault(key, defaultValue);
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            return values.entrySet();
        }
    }
}
