package dev.cairn.cli;

import dev.cairn.api.client.CairnClient;
import dev.cairn.api.client.RateLimitWait;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * The {@code cairn} command. Holds what every subcommand shares: the environment, read through
 * {@link #env(String)} so tests can point {@code CAIRN_URL} at a test server without touching the
 * real environment.
 */
@Command(name = "cairn",
        mixinStandardHelpOptions = true,
        versionProvider = CairnVersion.class,
        description = "Cairn: a background-job worker with checkpointed pipelines.",
        subcommands = {WorkerCommand.class, EnqueueCommand.class, StatusCommand.class, DlqCommand.class, BreakersCommand.class,
                KeysCommand.class, SamplePdfCommand.class, JobsCommand.class},
        footer = {"",
                "Client commands (enqueue, status, dlq, breakers) talk to a running worker at CAIRN_URL (default "
                        + "http://127.0.0.1:8080) with the token in CAIRN_API_TOKEN (or, for reads only, CAIRN_API_READ_TOKEN).",
                "When the worker answers 429 (a rate limit), they wait its Retry-After and send again, saying so on stderr,"
                        + " for at most --max-wait in all.",
                "Set CAIRN_DEBUG=true to see stack traces."})
public final class CairnCommand implements Callable<Integer> {

    private final Map<String, String> env;
    private java.io.InputStream stdin = System.in;

    @Spec
    CommandSpec spec;

    // why: INHERIT lets it go after any subcommand (cairn enqueue batch f --max-wait 5m); the value lands here
    @Option(names = "--max-wait", paramLabel = "<duration>", scope = ScopeType.INHERIT, converter = WaitDuration.class,
            description = "how long in all a client command waits out the worker's rate limits (429) before it gives up:"
                    + " 90 (seconds), 30s, 2m; 0 does not wait (default: 60s)")
    Duration maxWait = CairnClient.DEFAULT_MAX_RATE_LIMIT_WAIT;

    /** A command on the process environment, over the {@code CAIRN_*} lines of {@code ./.env} when there is one. */
    public CairnCommand() {
        this(DotEnv.over(System.getenv(), java.nio.file.Path.of(DotEnv.FILE), System.err));
    }

    /** @param env the environment to read {@code CAIRN_*} variables from */
    public CairnCommand(Map<String, String> env) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
    }

    /** @return the whole environment, as {@code CairnConfig.fromEnv} takes it */
    public Map<String, String> env() {
        return env;
    }

    /**
     * @param name a variable name
     * @return its value, {@code null} when unset
     */
    public String env(String name) {
        return env.get(name);
    }

    /** @return what {@code -} reads: standard input, unless a test gave another */
    java.io.InputStream stdin() {
        return stdin;
    }

    /**
     * @param in what {@code -} reads instead of standard input
     * @return this
     */
    CairnCommand withStdin(java.io.InputStream in) {
        this.stdin = Objects.requireNonNull(in, "in");
        return this;
    }

    /** @return whether {@code CAIRN_DEBUG=true}: errors print their stack trace */
    public boolean debug() {
        return "true".equalsIgnoreCase(env("CAIRN_DEBUG"));
    }

    /** @return a client of the worker at {@code CAIRN_URL}, with {@code CAIRN_API_TOKEN}, waiting out 429s for {@code --max-wait} */
    CairnClient client() {
        return client(maxWait, wait -> { });
    }

    /** @return {@code --max-wait}: the most a command waits in all for the worker's rate limits */
    Duration maxWait() {
        return maxWait;
    }

    /**
     * @param maxWait how long the client's calls may wait out 429s
     * @param before  told of each wait before its line is printed (the batch command clears its progress line)
     * @return a client that prints a line on stderr for each wait
     */
    CairnClient client(Duration maxWait, Consumer<RateLimitWait> before) {
        PrintWriter err = spec.commandLine().getErr();
        return ClientSettings.fromEnv(this::env).client(maxWait, wait -> {
            before.accept(wait);
            err.println("cairn: rate limited by the worker; waiting " + WaitDuration.describe(wait.delay()) + " before sending again (Retry-After)");
            err.flush();
        });
    }

    /** {@code cairn} alone is a usage error: name a command. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: use one of worker, enqueue, status, dlq, breakers, keys");
    }

    /**
     * @param spec any command's spec
     * @return the root command it belongs to
     */
    static CairnCommand root(CommandSpec spec) {
        return (CairnCommand) spec.root().userObject();
    }
}
