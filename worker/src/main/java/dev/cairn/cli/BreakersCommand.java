package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.client.CairnClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code cairn breakers [list|reset <name>|force-open <name>]}: the providers' circuit breakers. */
@Command(name = "breakers", mixinStandardHelpOptions = true,
        description = "List the providers' circuit breakers, or reset / force-open one for every worker.")
final class BreakersCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "<action>", defaultValue = "list",
            description = "list (default), reset or force-open")
    String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "<name>", description = "the provider, for reset and force-open")
    String name;

    @Mixin
    ApiJsonOption output;

    @Override
    public Integer call() {
        CairnClient client = CairnCommand.root(spec).client();
        String text = switch (action.toLowerCase(Locale.ROOT)) {
            case "list" -> client.breakersJson();
            case "reset" -> client.resetBreaker(requireName());
            case "force-open" -> client.forceOpenBreaker(requireName());
            default -> throw new ParameterException(spec.commandLine(), "unknown action '" + action + "': use list, reset <name> or force-open <name>");
        };
        PrintWriter out = spec.commandLine().getOut();
        out.print(output.enabled() ? text.endsWith("\n") ? text : text + "\n" : table(text));
        out.flush();
        return 0;
    }

    private String requireName() {
        if (name == null || name.isBlank()) throw new ParameterException(spec.commandLine(), action + " needs the provider's name");
        return name.trim();
    }

    private static String table(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            return text + "\n";
        }
        JsonNode rows = root.has("circuit_breakers") ? root.get("circuit_breakers") : JSON.createArrayNode().add(root);
        StringBuilder out = new StringBuilder(String.format("%-16s %-10s %8s %9s  %s%n", "PROVIDER", "STATE", "FAILURES", "SUCCESSES", "RETRY AT"));
        for (JsonNode row : rows) {
            out.append(String.format("%-16s %-10s %8d %9d  %s%n", row.path("name").asText(), row.path("state").asText(),
                    row.path("failure_count").asInt(), row.path("success_count").asInt(),
                    row.path("retry_at").isNull() || row.path("retry_at").isMissingNode() ? "-" : row.path("retry_at").asText()));
        }
        return out.toString();
    }
}
