package dev.cairn.cli;

import dev.cairn.api.CairnException;
import dev.cairn.api.client.CairnClientException;
import dev.cairn.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;

/**
 * Every error the CLI reports is one line on stderr, {@code cairn: <reason>}, and an exit code: 2 for a
 * usage error (bad argument, bad configuration), 1 for a runtime error (worker unreachable, unknown
 * job). Stack traces only with {@code CAIRN_DEBUG=true}: a user needs the reason, not the call chain.
 */
final class ErrorReporter implements IParameterExceptionHandler, IExecutionExceptionHandler {

    /** Exit code of a bad command line or configuration. */
    static final int USAGE = 2;
    /** Exit code of a command that failed while running. */
    static final int FAILURE = 1;

    private final CairnCommand root;

    ErrorReporter(CairnCommand root) {
        this.root = root;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine command = ex.getCommandLine();
        String help = command.getCommandSpec().qualifiedName() + " --help";
        report(command.getErr(), ex.getMessage() + suggestion(ex) + " (see '" + help + "')", ex);
        return USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine command, ParseResult parseResult) {
        if (ex instanceof ConfigException) {
            report(command.getErr(), ex.getMessage(), ex);
            return USAGE;
        }
        String reason = ex instanceof CairnException && ex.getMessage() != null
                ? ex.getMessage() + (ex instanceof CairnClientException c && c.status() == 429 ? "; --max-wait sets how long cairn waits" : "")
                : ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage())
                        + (root.debug() ? "" : " (set CAIRN_DEBUG=true for the stack trace)");
        report(command.getErr(), reason, ex);
        return FAILURE;
    }

    /** @return for a mistyped command or option, "; did you mean 'status'?" (picocli's nearest names), else nothing */
    private static String suggestion(ParameterException ex) {
        if (!(ex instanceof CommandLine.UnmatchedArgumentException unmatched)) return "";
        java.util.List<String> near = unmatched.getSuggestions();
        if (near == null || near.isEmpty()) return "";
        return "; did you mean " + near.stream().limit(3).map(n -> "'" + n + "'").collect(java.util.stream.Collectors.joining(" or ")) + "?";
    }

    private void report(PrintWriter err, String reason, Exception ex) {
        err.println("cairn: " + oneLine(reason));
        if (root.debug()) ex.printStackTrace(err);
        err.flush();
    }

    private static String oneLine(String s) {
        return s == null ? "unknown error" : s.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
