package dev.cairn.bench.pdf;

import dev.cairn.api.CheckpointView;
import dev.cairn.api.StepView;
import dev.cairn.api.pipeline.JobPayload;
import dev.cairn.api.pipeline.Pipeline;
import dev.cairn.api.pipeline.Step;
import dev.cairn.api.pipeline.StepContext;
import dev.cairn.bench.support.Files2;
import dev.cairn.bench.support.Report;
import dev.cairn.bench.support.Stats;
import dev.cairn.checkpoint.CheckpointSession;
import dev.cairn.checkpoint.CheckpointStore;
import dev.cairn.config.Directories;
import dev.cairn.metrics.MetricNames;
import dev.cairn.pdf.PdfLimits;
import dev.cairn.pdf.PdfProcessingPipeline;
import dev.cairn.pdf.internal.PageTextExtractor;
import dev.cairn.pdf.internal.PdfDocuments;
import dev.cairn.pdf.internal.PendingPages;
import dev.cairn.pipeline.DrainSignal;
import dev.cairn.pipeline.PipelineRegistry;
import dev.cairn.pipeline.PipelineRunner;
import dev.cairn.redis.RedisConnections;
import dev.cairn.redis.RedisKeys;
import dev.cairn.testing.TestPdfs;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import redis.clients.jedis.RedisClient;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code pdf_pages_per_s}: pages per second of the {@code pdf-processing} pipeline's real
 * {@code inspect} + {@code extract-text} steps run by the real {@link PipelineRunner} on a
 * {@code RedisCheckpointStore} (a cursor checkpoint in Redis after every batch of pages, every page's text file
 * written), timed from {@code PipelineRunner.run} to its return with a fresh job id each
 * time, against its peer: plain PDFBox, {@code Loader.loadPDF} + {@code new PDFTextStripper().getText(doc)}
 * on the same file (the load counted on both sides).
 *
 * <p>The same run also times, as extra figures: the {@code extract-text} step alone (inside the
 * runner), the whole five-step {@code pdf-processing} job, and, to show where the time goes, the two
 * per-page costs on their own: 300 cursor checkpoints ({@code saveCursor}) and 300 atomic page-file
 * writes ({@code Files.writeString} of the same texts into a fresh directory, as the step does). All are
 * interleaved (their order rotates every iteration); each figure is pages / median elapsed time, or
 * the median in milliseconds for the parts.
 */
public final class PdfPagesBenchmark {

    public static final int PAGES = 300;
    private static final int CHAPTERS = 15;
    private static final String FILE = "bench-300-pages.pdf";
    private static final String EXTRACT_ONLY = "bench-pdf-extract-text";

    /** Warm-up and measured iterations of each of the three. */
    public record Settings(int warmups, int measured) {
    }

    /**
     * The measurements of one run, also what {@link PdfPagesChild} hands from its JVM to the bench's.
     *
     * @param cairnSeconds       inspect + extract-text jobs
     * @param stepSeconds        the extract-text step inside them
     * @param fullJobSeconds     whole pdf-processing jobs
     * @param baselineSeconds    plain PDFBox
     * @param checkpointsSeconds 300 cursor checkpoints alone
     * @param pageFilesSeconds   300 page files alone
     * @param writesPerJob       checkpoint writes of one inspect + extract-text job
     * @param pdfBytes           the PDF's size
     * @param settings           the run's warm-ups and measured iterations
     */
    public record Samples(List<Double> cairnSeconds, List<Double> stepSeconds, List<Double> fullJobSeconds,
                          List<Double> baselineSeconds, List<Double> checkpointsSeconds, List<Double> pageFilesSeconds,
                          long writesPerJob, long pdfBytes, Settings settings) {

        /** Adds {@code pdf_pages_per_s}. */
        public void report(Report report) {
            double cairn = PAGES / Stats.median(cairnSeconds);
            double baseline = PAGES / Stats.median(baselineSeconds);
            double step = PAGES / Stats.median(stepSeconds);
            double fullJob = PAGES / Stats.median(fullJobSeconds);
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("peer", "PDFBox Loader.loadPDF + new PDFTextStripper().getText(doc), whole document, same file");
            extra.put("measured", "PipelineRunner.run of the real inspect + extract-text steps on RedisCheckpointStore, fresh job id each time"
                    + " (a text and a paragraphs file per page, written in batches, and a Redis cursor checkpoint after each batch)");
            extra.put("pages", PAGES);
            extra.put("pdf_bytes", pdfBytes);
            extra.put("checkpoint_writes_per_job", writesPerJob);
            extra.put("iterations", settings.measured());
            extra.put("warmups", settings.warmups());
            extra.put("statistic", "pages / median elapsed time; Cairn, PDFBox, the full job and the parts interleaved");
            extra.put("jvm", "a JVM of its own: " + String.join(" ", PdfPagesChild.JVM_OPTIONS) + " (the measured thread does every collection)");
            extra.put("extract_text_step_pages_per_s", Report.round(step));
            extra.put("extract_text_step_ratio", Report.round(step / baseline));
            extra.put("full_job_pages_per_s", Report.round(fullJob));
            extra.put("full_job_ratio", Report.round(fullJob / baseline));
            extra.put("pdfbox_ms", Report.round(1000 * Stats.median(baselineSeconds)));
            extra.put("cairn_ms", Report.round(1000 * Stats.median(cairnSeconds)));
            extra.put("part_300_checkpoints_ms", Report.round(1000 * Stats.median(checkpointsSeconds)));
            extra.put("part_300_page_files_ms", Report.round(1000 * Stats.median(pageFilesSeconds)));
            report.add("pdf_pages_per_s", cairn, "pages/s", baseline, ">= 0.8", extra);
        }
    }

    /**
     * Measures in this JVM. {@code bench/run} measures in a JVM of its own instead ({@link PdfPagesChild}).
     *
     * @param redisUrl the Redis of the checkpoints
     * @param prefix   the run's key prefix
     */
    public Samples run(URI redisUrl, String prefix, Settings settings, PrintStream log) throws Exception {
        List<Double> cairnSeconds = new ArrayList<>();
        List<Double> stepSeconds = new ArrayList<>();
        List<Double> fullJobSeconds = new ArrayList<>();
        List<Double> baselineSeconds = new ArrayList<>();
        List<Double> checkpointsSeconds = new ArrayList<>();
        List<Double> pageFilesSeconds = new ArrayList<>();
        long writesPerJob = 0;
        long pdfBytes;
        Path root = Files.createTempDirectory("cairn-bench-pdf");
        try (RedisClient client = RedisConnections.connect(redisUrl)) {
            Directories dirs = new Directories(root.resolve("data"), root.resolve("input"), root.resolve("output"));
            Files.createDirectories(dirs.dataDir());
            Path pdf = TestPdfs.book(dirs.inputDir().resolve(FILE), CHAPTERS, PAGES / CHAPTERS);
            pdfBytes = Files.size(pdf);

            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            CheckpointStore store = CheckpointStore.redis(client, RedisKeys.withPrefix(prefix), Duration.ofHours(1),
                    Clock.systemUTC(), meters);
            Counter writesOk = meters.find(MetricNames.CHECKPOINT_WRITES).tag(MetricNames.TAG_OUTCOME, "ok").counter();

            PdfProcessingPipeline full = new PdfProcessingPipeline(dirs.inputDir());
            TimedStep extract = new TimedStep(step(full, PdfProcessingPipeline.EXTRACT_TEXT));
            Pipeline extractOnly = new Pipeline() {
                private final List<Step> steps = List.of(step(full, PdfProcessingPipeline.INSPECT), extract);

                @Override
                public String name() {
                    return EXTRACT_ONLY;
                }

                @Override
                public List<Step> steps() {
                    return steps;
                }

                @Override
                public void validate(JobPayload payload) {
                    full.validate(payload);
                }
            };
            PipelineRunner runner = new PipelineRunner(PipelineRegistry.of(extractOnly, full), store, dirs, new DrainSignal(),
                    new SimpleMeterRegistry());
            JobPayload payload = JobPayload.of(Map.of("file", FILE));
            List<String> pageTexts = pageTexts(pdf);

            int total = settings.warmups() + settings.measured();
            for (int i = 0; i < total; i++) {
                boolean measured = i >= settings.warmups();
                String job = "pdf-" + i + "-" + System.nanoTime();
                // the three rotate their order, so none always runs first (on a cold cache) or last
                for (int k = 0; k < 4; k++) {
                    switch ((i + k) % 4) {
                        case 0 -> {
                            double before = writesOk.count();
                            double s = timeJob(runner, store, dirs, job + "-x", EXTRACT_ONLY, payload, 2);
                            long writes = Math.round(writesOk.count() - before);
                            if (writes < PAGES / PendingPages.MAX_PAGES) {
                                throw new IllegalStateException("only " + writes + " checkpoint writes for " + PAGES + " pages");
                            }
                            writesPerJob = writes;
                            if (measured) {
                                cairnSeconds.add(s);
                                stepSeconds.add(extract.lastNanos / 1e9);
                            }
                        }
                        case 1 -> {
                            double s = timeBaseline(pdf);
                            if (measured) baselineSeconds.add(s);
                        }
                        case 2 -> {
                            double s = timeJob(runner, store, dirs, job + "-f", PdfProcessingPipeline.NAME, payload, 5);
                            if (measured) fullJobSeconds.add(s);
                        }
                        default -> {
                            double c = timeCheckpoints(store, job + "-c");
                            double f = timePageFiles(root.resolve(job + "-p"), pageTexts);
                            if (measured) {
                                checkpointsSeconds.add(c);
                                pageFilesSeconds.add(f);
                            }
                        }
                    }
                }
                if (measured) {
                    int n = cairnSeconds.size() - 1;
                    log.printf(Locale.ROOT, "  pdf_pages_per_s iteration %d/%d  cairn %.0f pages/s (extract-text step %.0f)  pdfbox %.0f pages/s"
                                    + "  full job %.0f pages/s  | 300 checkpoints %.0f ms, 300 page files %.0f ms%n",
                            n + 1, settings.measured(), PAGES / cairnSeconds.get(n), PAGES / stepSeconds.get(n),
                            PAGES / baselineSeconds.get(n), PAGES / fullJobSeconds.get(n),
                            1000 * checkpointsSeconds.get(n), 1000 * pageFilesSeconds.get(n));
                } else {
                    log.printf(Locale.ROOT, "  pdf_pages_per_s warm-up %d/%d%n", i + 1, settings.warmups());
                }
            }
        } finally {
            Files2.deleteTree(root);
        }
        return new Samples(cairnSeconds, stepSeconds, fullJobSeconds, baselineSeconds, checkpointsSeconds, pageFilesSeconds,
                writesPerJob, pdfBytes, settings);
    }

    /** Runs one job with a fresh id through the runner, checks it completed, cleans up; returns seconds. */
    private static double timeJob(PipelineRunner runner, CheckpointStore store, Directories dirs, String jobId, String type,
                                  JobPayload payload, int expectedSteps) throws Exception {
        System.gc();
        long start = System.nanoTime();
        CheckpointView view = runner.run(jobId, type, payload);
        long elapsed = System.nanoTime() - start;
        try {
            if (view.steps().size() != expectedSteps
                    || view.steps().stream().anyMatch(s -> !StepView.COMPLETED.equals(s.status()) && !StepView.SKIPPED.equals(s.status()))) {
                throw new IllegalStateException("job " + jobId + " did not complete: " + view.steps());
            }
            long pageFiles = countPageFiles(dirs.outputDir().resolve(jobId).resolve("text"));
            if (pageFiles != PAGES) throw new IllegalStateException("job " + jobId + " wrote " + pageFiles + " page files, not " + PAGES);
        } finally {
            store.delete(jobId);
            runner.cleanUp(jobId);
            // why: output trees are deleted once at the end, not between iterations: on this disk (ext4
            // mounted with `discard`) deleting 300 files slows the file creations that follow ~10x
        }
        return elapsed / 1e9;
    }

    /** 300 cursor checkpoints on a fresh one-step checkpoint, nothing else. */
    private static double timeCheckpoints(CheckpointStore store, String jobId) {
        CheckpointSession session = store.begin(jobId, "bench-checkpoints", List.of(PdfProcessingPipeline.EXTRACT_TEXT));
        try {
            session.startStep(PdfProcessingPipeline.EXTRACT_TEXT);
            System.gc();
            long start = System.nanoTime();
            for (int page = 1; page <= PAGES; page++) {
                session.saveCursor(PdfProcessingPipeline.EXTRACT_TEXT, String.valueOf(page + 1), 20.0 + 20.0 * page / PAGES);
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            store.delete(jobId);
        }
    }

    /** 300 page files written the way extract-text writes them, into a fresh directory, nothing else. */
    private static double timePageFiles(Path dir, List<String> texts) throws IOException {
        Files.createDirectories(dir);
        System.gc();
        long start = System.nanoTime();
        for (int page = 1; page <= texts.size(); page++) {
            Files.writeString(dir.resolve(String.format("page-%04d.txt", page)), texts.get(page - 1), StandardCharsets.UTF_8);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static List<String> pageTexts(Path pdf) {
        List<String> texts = new ArrayList<>(PAGES);
        PdfDocuments.read(pdf, PdfLimits.DEFAULTS, document -> {
            new PageTextExtractor().extract(document, 1, (page, text, paragraphs) -> texts.add(text));
            return null;
        });
        if (texts.size() != PAGES) throw new IllegalStateException("extracted " + texts.size() + " pages, not " + PAGES);
        return texts;
    }

    private static double timeBaseline(Path pdf) throws IOException {
        System.gc();
        long start = System.nanoTime();
        String text;
        try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
            text = new PDFTextStripper().getText(document);
        }
        long elapsed = System.nanoTime() - start;
        if (!text.contains("Page " + PAGES + ", line 1:")) throw new IllegalStateException("PDFBox did not extract the last page");
        return elapsed / 1e9;
    }

    private static long countPageFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("page-\\d+\\.txt")).count();
        }
    }

    private static Step step(Pipeline pipeline, String name) {
        return pipeline.steps().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("pipeline " + pipeline.name() + " has no step " + name));
    }

    /** Delegates to a real step and remembers how long its last run took. */
    private static final class TimedStep implements Step {
        private final Step delegate;
        private long lastNanos;

        TimedStep(Step delegate) {
            this.delegate = delegate;
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public void run(StepContext context) throws Exception {
            long start = System.nanoTime();
            try {
                delegate.run(context);
            } finally {
                lastNanos = System.nanoTime() - start;
            }
        }
    }
}
