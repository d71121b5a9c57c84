package dev.cairn.config;

import dev.cairn.api.client.CairnClient;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The environment-variable table of {@code docs/design.md} cannot drift from the code: it names exactly the
 * variables the code reads ({@link VariablesReadByCode}), and every default it writes in backticks is one the
 * configuration really applies.
 */
class DesignDocEnvTableTest {

    private static DesignDocEnvTable table;
    private static Set<String> readByConfiguration;
    private static Set<String> readByCode;

    @BeforeAll
    static void read() {
        table = DesignDocEnvTable.read();
        readByConfiguration = VariablesReadByCode.readByConfiguration();
        readByCode = new TreeSet<>(readByConfiguration);
        readByCode.addAll(VariablesReadByCode.namedInSources());
    }

    @Test
    void shouldSeeTheVariablesTheCodeReads() {
        // why: a blind recorder or scanner would make the other tests pass on an empty set
        assertThat(readByConfiguration).contains("CAIRN_HTTP_PORT", "CAIRN_PROVIDERS", "CAIRN_PROVIDER_<NAME>_TIMEOUT");
        assertThat(readByCode).contains("CAIRN_URL", "CAIRN_LOG_LEVEL", "CAIRN_PROVIDER_");
        assertThat(table.variables()).hasSizeGreaterThan(40);
    }

    @Test
    void shouldDocumentEveryVariableTheCodeReads() {
        List<String> missing = readByCode.stream().filter(name -> !inTable(name)).toList();
        assertThat(missing).as("variables the code reads that the table of %s lacks (section \"%s\")", table.file(), DesignDocEnvTable.HEADING)
                .isEmpty();
    }

    @Test
    void shouldNotDocumentVariablesTheCodeNoLongerReads() {
        List<String> stale = table.variables().stream().filter(name -> !readByCode.contains(name)).toList();
        assertThat(stale).as("variables in the table of %s that no code reads", table.file()).isEmpty();
    }

    @Test
    void shouldMentionOnlyVariablesOfTheTable() {
        List<String> unknown = table.mentions().stream().filter(name -> !inTable(name)).toList();
        assertThat(unknown).as("CAIRN_* names mentioned in %s that are not in its table", table.file()).isEmpty();
    }

    @Test
    void shouldDocumentTheDefaultsTheConfigurationApplies() {
        SoftAssertions softly = new SoftAssertions();
        int checked = 0;
        for (String name : table.variables()) {
            if (!readByConfiguration.contains(name) || table.literalDefault(name).isEmpty()) continue;
            String value = table.literalDefault(name).get();
            Map<String, String> base = name.startsWith(VariablesReadByCode.PROVIDER_PREFIX) ? VariablesReadByCode.PROVIDER_ENV : Map.of();
            Map<String, String> env = new HashMap<>(base);
            env.put(name.replace(VariablesReadByCode.PLACEHOLDER, VariablesReadByCode.PROVIDER.toUpperCase(Locale.ROOT)), value);
            try {
                softly.assertThat(settings(CairnConfig.fromEnv(env)))
                        .as("%s=%s, its documented default, changes the configuration", name, value)
                        .isEqualTo(settings(CairnConfig.fromEnv(base)));
            } catch (ConfigException e) {
                softly.fail("%s's documented default '%s' is refused: %s", name, value, e.getMessage());
            }
            checked++;
        }
        softly.assertAll();
        assertThat(checked).as("defaults checked").isGreaterThan(30);
    }

    @Test
    void shouldDocumentTheCommandLineDefaultUrl() {
        assertThat(table.literalDefault("CAIRN_URL")).contains(CairnClient.DEFAULT_URL.toString());
    }

    /** @return whether the table has this variable or, for a prefix such as {@code CAIRN_PROVIDER_}, one it starts */
    private static boolean inTable(String name) {
        return name.endsWith("_")
                ? table.variables().stream().anyMatch(variable -> variable.startsWith(name))
                : table.variables().contains(name);
    }

    /** @return every setting group of the configuration by accessor name, so a new group is compared too */
    private static Map<String, Object> settings(CairnConfig config) {
        Map<String, Object> settings = new TreeMap<>();
        for (Method accessor : CairnConfig.class.getDeclaredMethods()) {
            int modifiers = accessor.getModifiers();
            if (!Modifier.isPublic(modifiers) || Modifier.isStatic(modifiers) || accessor.getParameterCount() > 0) continue;
            try {
                settings.put(accessor.getName(), accessor.invoke(config));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read CairnConfig." + accessor.getName() + "()", e);
            }
        }
        return settings;
    }
}
