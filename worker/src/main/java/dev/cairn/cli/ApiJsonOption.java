package dev.cairn.cli;

import picocli.CommandLine.Option;

/**
 * The {@code --json} option of the read-and-act client commands ({@code status}, {@code breakers}, every
 * {@code dlq} action but {@code export}): print the worker's JSON answer as it came instead of the human
 * form. A picocli mixin, so the option is declared once. {@code enqueue} has its own {@code --json}
 * (in {@link EnqueueOptions}, and {@code enqueue batch}'s) because it prints something else.
 */
final class ApiJsonOption {

    @Option(names = "--json", description = "print the API's JSON unchanged")
    boolean json;

    /** @return whether {@code --json} was given */
    boolean enabled() {
        return json;
    }
}
