package dev.cairn.bench.chaos;

import dev.cairn.api.JobSubmission;
import dev.cairn.api.client.CairnClient;
import dev.cairn.testing.TestPdfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The chaos soak's jobs: half {@code pdf-processing} of a PDF of a few hundred pages, half
 * {@code chapter-generation} of 2–6 sections against {@link ChaosProvider}, shuffled, plus a few jobs that
 * must fail: {@code pdf-processing} of a corrupt PDF (a permanent error), which must end FAILED and in the
 * dead-letter queue, crashes or not. All are enqueued through a worker's API before the kills start.
 */
final class ChaosWorkload {

    /** What a job is. */
    enum Kind { PDF, CHAPTER }

    /**
     * One enqueued job and what the audit expects of it.
     *
     * @param id            its id
     * @param kind          its pipeline
     * @param expectFailure whether it must end FAILED (and in the DLQ) rather than SUCCEEDED
     * @param topic         a chapter's unique topic ({@code chaos-0007}); null for a PDF
     * @param sections      a chapter's sections; 0 for a PDF
     * @param pages         a PDF's pages; 0 for a chapter
     */
    record JobSpec(String id, Kind kind, boolean expectFailure, String topic, int sections, int pages) {
    }

    /** A PDF uploaded once and processed by many jobs, each into its own output dir. */
    private record Input(String file, int pages) {
    }

    private ChaosWorkload() {
    }

    /**
     * Writes the PDFs into {@code scratch}, uploads them and enqueues {@code count} jobs. The corrupt PDF the failing
     * jobs name is written straight into the fleet's input dir, as a file copied onto the workers' shared volume:
     * {@code POST /api/files} refuses it at the door.
     *
     * @param inputDir the fleet's input dir
     * @return the jobs, in the order they were enqueued
     */
    static List<JobSpec> enqueue(CairnClient client, Path scratch, Path inputDir, int count, long seed) {
        // the pages of a printed book (45 lines), 120-300 pages: 1-3 s of extract-text each on a quiet core
        List<Input> pdfs = List.of(
                new Input(client.uploadFile(TestPdfs.book(scratch.resolve("book-300.pdf"), 15, 20)), 300),
                new Input(client.uploadFile(TestPdfs.book(scratch.resolve("book-200.pdf"), 10, 20)), 200),
                new Input(client.uploadFile(TestPdfs.withHeadings(scratch.resolve("headings-120.pdf"), 8, 15)), 120));
        String corrupt = "chaos-corrupt.pdf";
        try {
            Files.createDirectories(inputDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the fleet's input dir " + inputDir, e);
        }
        TestPdfs.corrupt(inputDir.resolve(corrupt));
        SplittableRandom random = new SplittableRandom(seed);
        // why: about 1 in 40 jobs must fail, and at least 2, so the DLQ path is exercised under kills too
        int failing = Math.max(2, count / 40);
        List<Kind> kinds = new ArrayList<>();
        for (int i = 0; i < count - failing; i++) kinds.add(i % 2 == 0 ? Kind.PDF : Kind.CHAPTER);
        List<Boolean> fails = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) fails.add(false);
        for (int i = 0; i < failing; i++) {
            kinds.add(Kind.PDF);
            fails.add(true);
        }
        shuffle(kinds, fails, random);
        List<JobSpec> jobs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (kinds.get(i) == Kind.CHAPTER) {
                String topic = String.format(Locale.ROOT, "chaos-%04d", i + 1);
                int sections = 2 + random.nextInt(5);
                String id = client.enqueue(JobSubmission.chapter(topic, sections, null));
                jobs.add(new JobSpec(id, Kind.CHAPTER, false, topic, sections, 0));
            } else if (fails.get(i)) {
                jobs.add(new JobSpec(client.enqueue(JobSubmission.pdf(corrupt, false)), Kind.PDF, true, null, 0, 0));
            } else {
                Input pdf = pdfs.get(random.nextInt(pdfs.size()));
                jobs.add(new JobSpec(client.enqueue(JobSubmission.pdf(pdf.file(), false)), Kind.PDF, false, null, 0, pdf.pages()));
            }
        }
        return jobs;
    }

    private static void shuffle(List<Kind> kinds, List<Boolean> fails, SplittableRandom random) {
        for (int i = kinds.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Kind k = kinds.get(i);
            kinds.set(i, kinds.get(j));
            kinds.set(j, k);
            Boolean f = fails.get(i);
            fails.set(i, fails.get(j));
            fails.set(j, f);
        }
    }
}
