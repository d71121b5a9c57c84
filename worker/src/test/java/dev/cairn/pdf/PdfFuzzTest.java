package dev.cairn.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.testing.HostilePdfs;
import dev.cairn.testing.TestPdfs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input for the whole {@code pdf-processing} pipeline: mutated PDFs (bit flips, truncation, a
 * removed or shifted cross-reference table, swapped numbers and names, spliced files) and generated ones
 * built to hurt a reader (decompression bombs, lying and looping page trees, outlines thousands of levels
 * deep), each run through every step. Every case must end as success or a permanent failure with a
 * reason, within a time limit, without any other exception or error (out of memory, stack overflow)
 * escaping.
 *
 * <p>Reproducible: case {@code i} uses {@code new Random(seed + i)}. {@code -Dcairn.fuzz.cases=5000} runs
 * more cases, {@code -Dcairn.fuzz.seed=N} another series; a failure report names each failing case's
 * seed, which {@code -Dcairn.fuzz.seed=<it> -Dcairn.fuzz.cases=1} replays alone.
 */
class PdfFuzzTest {

    private static final int CASES = Integer.getInteger("cairn.fuzz.cases", 200);
    private static final long SEED = Long.getLong("cairn.fuzz.seed", 20_261_123L);
    /** Far above what any case needs (the page limit below is 2 s): reaching it means a hang. */
    private static final Duration DOCUMENT_LIMIT = Duration.ofSeconds(30);
    /** Tighter than production so a stalling page is caught quickly. */
    private static final PdfLimits LIMITS = new PdfLimits(64L << 20, 5_000, 20, 1_000, 32L << 20, Duration.ofSeconds(2));
    private static final int MAX_REPORTED = 10;

    private static final List<byte[]> SEEDS = new ArrayList<>();

    @TempDir
    static Path seedDir;

    @TempDir
    Path tmp;

    @BeforeAll
    static void generateSeeds() {
        List<Function<Path, Path>> generators = List.of(
                f -> TestPdfs.withOutline(f, 3, 2),
                f -> TestPdfs.withHeadings(f, 3, 2),
                f -> TestPdfs.plain(f, 4),
                TestPdfs::fieldGuide,
                TestPdfs::ownerPasswordOnly,
                TestPdfs::encrypted,
                TestPdfs::truncated,
                TestPdfs::corrupt,
                f -> write(f, HostilePdfs.deepOutline(40)),
                f -> write(f, HostilePdfs.recursiveForm()),
                f -> write(f, HostilePdfs.hugePageCount(3)));
        for (int i = 0; i < generators.size(); i++) {
            SEEDS.add(read(generators.get(i).apply(seedDir.resolve("seed-" + i + ".pdf"))));
        }
    }

    @Test
    void shouldEndEveryMutatedPdfAsSuccessOrAPermanentFailureWithAReason() throws IOException {
        Path inputDir = Files.createDirectories(tmp.resolve("input"));
        PdfProcessingPipeline pipeline = new PdfProcessingPipeline(inputDir, LIMITS);
        List<String> failures = new ArrayList<>();
        int succeeded = 0;
        int failed = 0;
        PipelineOutcome slowest = null;
        String slowestCase = null;
        for (int i = 0; i < CASES; i++) {
            long seed = SEED + i;
            PdfMutations.Mutant mutant = PdfMutations.next(SEEDS, new Random(seed));
            String file = "case-" + seed + ".pdf";
            Files.write(inputDir.resolve(file), mutant.bytes());
            Path jobDir = tmp.resolve("job-" + seed);

            PipelineOutcome outcome = PipelineOutcome.run(pipeline, file, jobDir, DOCUMENT_LIMIT);

            if (outcome.kind() == PipelineOutcome.Kind.SUCCEEDED) succeeded++;
            if (slowest == null || outcome.took().compareTo(slowest.took()) > 0) {
                slowest = outcome;
                slowestCase = "seed " + seed + " (" + mutant.description() + ")";
            }
            if (!outcome.acceptable() && ++failed <= MAX_REPORTED) {
                failures.add("seed " + seed + " (" + mutant.description() + "): " + outcome);
            }
            if (outcome.kind() == PipelineOutcome.Kind.HUNG) break; // its thread may still be busy: stop here
            Files.delete(inputDir.resolve(file));
            deleteTree(jobDir);
        }
        System.out.printf("PDF fuzz: %d cases from seed %d, %d succeeded, %d crashed or hung; slowest %s: %s%n",
                CASES, SEED, succeeded, failed, slowestCase, slowest);
        assertThat(failures).as("cases that crashed or hung (replay one with -Dcairn.fuzz.seed=<seed> -Dcairn.fuzz.cases=1)")
                .isEmpty();
        // why: a mutation series where nothing opens would test nothing but the byte checks
        assertThat(succeeded).as("cases that still made a document").isPositive();
    }

    private static Path write(Path file, byte[] bytes) {
        try {
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) Files.deleteIfExists(p);
        }
    }
}
