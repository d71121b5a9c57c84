package dev.cairn.bench.pdf;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.bench.fleet.ChildProcess;
import dev.cairn.bench.support.BenchRedis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link PdfPagesBenchmark} in a JVM of its own with the serial collector and a fixed 1 GB heap, and hands its
 * samples back to the bench's JVM.
 *
 * <p>Why: the figure times one thread (Cairn's steps, then PDFBox) on a 2-core machine. In the bench's own JVM,
 * G1's parallel and concurrent collector threads ran beside that thread, and what they had left to do depended on
 * the measurement before: in two runs of 2026-12-07, Cairn's job ran at 425–537 pages/s where it followed the full
 * job and at 244–338 where it followed the 300-file part timing. With the serial collector every collection runs on
 * the measured thread and counts on both sides, and that pattern is gone (bench/README). The bench's own JVM keeps
 * G1 for the groups that measure several threads (the enqueue peer enqueues from 8).
 */
public final class PdfPagesChild {

    /** The child's JVM options besides the classpath: the measured thread does every collection. */
    static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xms1g", "-Xmx1g");

    private PdfPagesChild() {
    }

    /**
     * Measures in a child JVM, its output copied to {@code log} as it comes.
     *
     * @return the child's samples
     * @throws IllegalStateException when the child fails or runs longer than 30 minutes
     */
    public static PdfPagesBenchmark.Samples run(BenchRedis redis, PdfPagesBenchmark.Settings settings, PrintStream log) throws Exception {
        Path samples = Files.createTempFile("cairn-bench-pdf-samples", ".json");
        try {
            List<String> options = new ArrayList<>(JVM_OPTIONS);
            options.addAll(redis.forkArgs());
            if (Runtime.version().feature() >= 23) options.add("--sun-misc-unsafe-memory-access=allow");
            List<String> command = ChildProcess.javaCommand(options, PdfPagesChild.class.getName(),
                    List.of(String.valueOf(settings.warmups()), String.valueOf(settings.measured()), samples.toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            // why a thread: reading the output until it ends would wait for a stuck child forever
            Thread copy = Thread.ofPlatform().daemon().name("pdf-child-output").start(() -> copyLines(process, log));
            if (!process.waitFor(30, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("the pdf_pages_per_s JVM ran over 30 minutes");
            }
            copy.join(TimeUnit.SECONDS.toMillis(10));
            if (process.exitValue() != 0) throw new IllegalStateException("the pdf_pages_per_s JVM exited with " + process.exitValue());
            return new ObjectMapper().readValue(samples.toFile(), PdfPagesBenchmark.Samples.class);
        } finally {
            Files.deleteIfExists(samples);
        }
    }

    private static void copyLines(Process process, PrintStream log) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) log.println(line);
        } catch (IOException e) {
            log.println("bench: lost the pdf_pages_per_s JVM's output: " + e.getMessage());
        }
    }

    /** {@code PdfPagesChild <warm-ups> <measured> <samples file>}; Redis and key prefix as a JMH fork gets them. */
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: PdfPagesChild <warm-ups> <measured> <samples file> (started by the bench)");
            System.exit(2);
        }
        PdfPagesBenchmark.Settings settings = new PdfPagesBenchmark.Settings(Integer.parseInt(args[0]), Integer.parseInt(args[1]));
        PdfPagesBenchmark.Samples measured = new PdfPagesBenchmark().run(BenchRedis.urlInFork(), BenchRedis.prefixInFork(), settings, System.out);
        try {
            new ObjectMapper().writeValue(Path.of(args[2]).toFile(), measured);
        } catch (IOException e) {
            System.err.println("cannot write the samples: " + e.getMessage());
            System.exit(1);
        }
        System.exit(0);
    }
}
