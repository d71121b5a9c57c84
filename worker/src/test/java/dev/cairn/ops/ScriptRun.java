package dev.cairn.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A command the launcher's tests run (a script of {@code scripts/} through bash, or a JVM), finished: its exit code and
 * its stdout and stderr together.
 *
 * @param exitCode the command's exit code
 * @param output   what it printed on stdout and stderr
 */
record ScriptRun(int exitCode, String output) {

    /**
     * Runs {@code command} in {@code workingDir} and waits for it.
     *
     * @param env set on top of this JVM's environment, from which every {@code CAIRN_*} variable and
     *            {@code JAVA_TOOL_OPTIONS} is removed first (only what the test sets counts)
     */
    static ScriptRun run(List<String> command, Path workingDir, Map<String, String> env, Duration timeout) throws IOException, InterruptedException {
        // why a file and not the pipe: reading a pipe to its end would wait for the command however long it runs, so
        // the timeout could never fire; a command that overstays it is killed, and the test fails saying so
        Path output = Files.createTempFile("script-run-", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(workingDir.toFile())
                    .redirectOutput(output.toFile());
            builder.environment().keySet().removeIf(k -> k.startsWith("CAIRN_") || k.equals("JAVA_TOOL_OPTIONS"));
            builder.environment().putAll(env);
            Process process = builder.start();
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) process.destroyForcibly().waitFor();
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(finished).as("finished within " + timeout + ": " + command + "; it printed:\n" + printed).isTrue();
            return new ScriptRun(process.exitValue(), printed);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
