package dev.cairn.cli;

import picocli.CommandLine;

/**
 * The entry point of the fat jar ({@code java -jar cairn-worker.jar …}) and of the {@code ./cairn}
 * wrapper: {@code cairn worker}, {@code cairn enqueue pdf|chapter}, {@code cairn status}, {@code cairn dlq …}, {@code cairn breakers}.
 */
public final class Main {

    private Main() {
    }

    /**
     * Runs one command and exits with its code: 0 on success, 1 when it failed, 2 on a usage error.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        CairnCommand command = new CairnCommand();
        // why: Logback reads these when the first logger is made, from system properties before the environment;
        // a .env value must count as if it had been exported
        for (String name : new String[]{"CAIRN_LOG_LEVEL", "CAIRN_LOG_FORMAT"}) {
            String value = command.env(name);
            if (value != null && !value.isBlank() && System.getenv(name) == null) System.setProperty(name, value.trim());
        }
        System.exit(commandLine(command).execute(args));
    }

    /**
     * The command line with Cairn's error reporting (one line on stderr, exit 1 or 2); tests call
     * {@code commandLine(new CairnCommand(env)).setOut(…).setErr(…).execute(args)}.
     *
     * @param command the root command, carrying the environment
     * @return a ready command line
     */
    public static CommandLine commandLine(CairnCommand command) {
        ErrorReporter errors = new ErrorReporter(command);
        return new CommandLine(command)
                .setParameterExceptionHandler(errors)
                .setExecutionExceptionHandler(errors);
    }
}
