package dev.cairn.config;

import dev.cairn.config.internal.EnvReader;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Every {@code CAIRN_*} setting, read once at start-up and immutable afterwards. A bad value throws
 * {@link ConfigException} naming the variable, which stops start-up. {@code .env.example} at the
 * repository root lists every variable with its default and meaning.
 */
public final class CairnConfig {

    /** The built-in, local, deterministic provider; the default provider list. */
    public static final String OFFLINE_PROVIDER = "offline";
    private static final Pattern PROVIDER_NAME = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    private final Directories directories;
    private final HttpSettings http;
    private final BatchSettings batch;
    private final ApiLimitSettings apiLimits;
    private final StorageSettings storage;
    private final CheckpointSettings checkpoints;
    private final BreakerSettings breakers;
    private final DlqSettings dlq;
    private final LogSettings logs;
    private final LeaseSettings leases;
    private final PdfSettings pdf;
    private final List<String> providers;
    private final Map<String, ProviderSettings> providerSettings;

    private CairnConfig(Map<String, String> env) {
        EnvReader reader = new EnvReader(Objects.requireNonNull(env, "env"));
        refusePlaceholders(env);
        this.directories = Directories.fromEnv(reader);
        this.http = HttpSettings.fromEnv(reader);
        this.batch = BatchSettings.fromEnv(reader);
        this.apiLimits = ApiLimitSettings.fromEnv(reader);
        this.storage = StorageSettings.fromEnv(reader);
        this.checkpoints = CheckpointSettings.fromEnv(reader);
        this.breakers = BreakerSettings.fromEnv(reader);
        this.dlq = DlqSettings.fromEnv(reader);
        this.logs = LogSettings.fromEnv(reader);
        this.leases = LeaseSettings.fromEnv(reader);
        this.pdf = PdfSettings.fromEnv(reader);
        this.providers = providers(reader);
        this.providerSettings = providerSettings(reader, providers);
    }

    /**
     * @param env the environment, usually {@link System#getenv()}
     * @return the validated configuration
     * @throws ConfigException naming the first bad variable
     */
    public static CairnConfig fromEnv(Map<String, String> env) {
        return new CairnConfig(env);
    }

    /** The mark of the example values in deploy/compose.env.example, which must never reach a running worker. */
    static final String PLACEHOLDER = "change-me";

    /**
     * Refuses a {@code CAIRN_*} value that still holds a placeholder of {@code deploy/compose.env.example}: a token, a
     * password or a connection string with {@code change-me…} in it would otherwise be a secret everyone knows.
     */
    private static void refusePlaceholders(Map<String, String> env) {
        env.entrySet().stream()
                .filter(e -> e.getKey().startsWith("CAIRN_") && e.getValue() != null
                        && e.getValue().toLowerCase(java.util.Locale.ROOT).contains(PLACEHOLDER))
                .map(Map.Entry::getKey).sorted().findFirst()
                .ifPresent(name -> {
                    throw new ConfigException(name, "still holds a '" + PLACEHOLDER + "…' placeholder from deploy/compose.env.example (value not shown): "
                            + "replace every change-me value with a secret of your own");
                });
    }

    private static List<String> providers(EnvReader env) {
        String raw = env.string("CAIRN_PROVIDERS").orElse(OFFLINE_PROVIDER);
        List<String> names = java.util.Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (names.isEmpty()) throw new ConfigException("CAIRN_PROVIDERS", "must name at least one provider, e.g. 'offline'");
        for (String name : names) {
            if (!PROVIDER_NAME.matcher(name).matches()) {
                throw new ConfigException("CAIRN_PROVIDERS", "has an invalid provider name '" + name + "' (lowercase letters, digits, underscore)");
            }
        }
        if (names.stream().distinct().count() != names.size()) {
            throw new ConfigException("CAIRN_PROVIDERS", "names a provider twice: '" + raw + "'");
        }
        return names;
    }

    private static Map<String, ProviderSettings> providerSettings(EnvReader env, List<String> names) {
        Map<String, ProviderSettings> settings = new LinkedHashMap<>();
        for (String name : names) {
            // why: offline is built in and takes no settings
            if (!name.equals(OFFLINE_PROVIDER)) settings.put(name, ProviderSettings.fromEnv(env, name));
        }
        return java.util.Collections.unmodifiableMap(settings);
    }

    public Directories directories() {
        return directories;
    }

    public HttpSettings http() {
        return http;
    }

    /** @return the limits of {@code POST /api/jobs/batch} */
    public BatchSettings batch() {
        return batch;
    }

    /** @return API keys, tiers and the producers' rate limits */
    public ApiLimitSettings apiLimits() {
        return apiLimits;
    }

    public StorageSettings storage() {
        return storage;
    }

    public CheckpointSettings checkpoints() {
        return checkpoints;
    }

    /** @return worker liveness leases */
    public LeaseSettings leases() {
        return leases;
    }

    /** @return limits on the input of the {@code pdf-processing} pipeline */
    public PdfSettings pdf() {
        return pdf;
    }

    public LogSettings logs() {
        return logs;
    }

    public BreakerSettings breakers() {
        return breakers;
    }

    public DlqSettings dlq() {
        return dlq;
    }

    /** @return {@code CAIRN_PROVIDERS}, in failover order */
    public List<String> providers() {
        return providers;
    }

    /**
     * @return the settings of every provider in {@link #providers()} except {@code offline}, in failover
     *         order (iteration order), keyed by provider name
     */
    public Map<String, ProviderSettings> providerSettings() {
        return providerSettings;
    }
}
