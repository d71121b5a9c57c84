package dev.cairn.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/**
 * One in-process run of the {@code cairn} command.
 *
 * @param exitCode the exit code
 * @param out      what it printed on stdout
 * @param err      what it printed on stderr
 */
record CliRun(int exitCode, String out, String err) {

    static CliRun run(Map<String, String> env, String... args) {
        return runWithStdin(env, new java.io.ByteArrayInputStream(new byte[0]), args);
    }

    static CliRun runWithStdin(Map<String, String> env, java.io.InputStream stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine(new CairnCommand(env).withStdin(stdin))
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** @return the only line on stderr; fails when there is not exactly one */
    String errorLine() {
        if (err.lines().count() != 1) throw new AssertionError("expected one line on stderr, got:\n" + err);
        return err.strip();
    }
}
