package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.CairnException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.function.Function;

/**
 * The {@code --json} option of the read-and-act client commands ({@code status}, {@code jobs}, {@code breakers},
 * every {@code dlq} action but {@code export}): print the worker's JSON answer as it came instead of the human
 * form. A picocli mixin, so the option is declared once. {@code enqueue} has its own {@code --json}
 * (in {@link EnqueueOptions}, and {@code enqueue batch}'s) because it prints something else.
 */
final class ApiJsonOption {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--json", description = "print the API's JSON unchanged")
    boolean json;

    /** @return whether {@code --json} was given */
    boolean enabled() {
        return json;
    }

    /**
     * Prints the API's JSON as it came with {@code --json}, else its human form.
     *
     * @param spec   the command, whose output is used
     * @param answer the worker's JSON
     * @param human  renders the parsed answer for people
     * @return the exit code, 0
     * @throws CairnException when the worker's answer is not JSON
     */
    int print(CommandSpec spec, String answer, Function<JsonNode, String> human) {
        String text;
        if (json) {
            text = answer;
        } else {
            try {
                text = human.apply(JSON.readTree(answer));
            } catch (IOException e) {
                throw CairnException.permanent("the worker answered with something that is not JSON");
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(text.endsWith("\n") ? text : text + "\n");
        out.flush();
        return 0;
    }
}
