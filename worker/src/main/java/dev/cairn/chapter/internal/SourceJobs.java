package dev.cairn.chapter.internal;

import dev.cairn.api.pipeline.InvalidPayloadException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code source_job}: a finished {@code pdf-processing} job whose chapters feed a chapter-generation job
 * as sources. Its output is {@code <outputDir>/<id>/document.json} (written last by {@code write-result},
 * so when it exists the chapter files are complete) and {@code chapters/NN-<slug>.md}.
 */
public final class SourceJobs {

    /** The most source text a provider call carries; the rest of a long document is left out. */
    public static final int MAX_SOURCE_CHARS = 100_000;

    private static final String DOCUMENT_JSON = "document.json";
    private static final String CHAPTERS_DIR = "chapters";
    private static final int MAX_ID_CHARS = 200;
    private static final Pattern NUMBERED = Pattern.compile("^(\\d+)-.*\\.md$");

    private SourceJobs() {
    }

    /**
     * Checks that {@code id} names a finished pdf-processing job's output inside {@code outputDir}.
     *
     * @param outputDir {@code CAIRN_OUTPUT_DIR}
     * @param id        the payload's {@code source_job}
     * @return the source job's output dir
     * @throws InvalidPayloadException when the id is not a plain job id (separators, {@code ..}, control
     *                                 characters) or no {@code document.json} exists for it
     */
    public static Path requireFinished(Path outputDir, String id) {
        String shown = id.length() > 60 ? id.substring(0, 60) + "…" : id;
        if (id.length() > MAX_ID_CHARS || id.contains("/") || id.contains("\\") || id.contains("..")
                || id.equals(".") || id.chars().anyMatch(Character::isISOControl) || !id.equals(id.strip())) {
            throw new InvalidPayloadException("payload field 'source_job' must be a job id, got '"
                    + shown.replaceAll("\\p{Cntrl}", "?") + "'");
        }
        Path jobDir;
        try {
            jobDir = outputDir.resolve(id);
        } catch (InvalidPathException e) {
            throw new InvalidPayloadException("payload field 'source_job' must be a job id, got '" + shown + "'");
        }
        if (!isFinished(outputDir, jobDir)) {
            throw new InvalidPayloadException("source_job '" + shown + "' has no finished pdf-processing output");
        }
        return jobDir;
    }

    // why: document.json must be a regular file that really lies in the output dir, not behind a symlink elsewhere
    private static boolean isFinished(Path outputDir, Path jobDir) {
        Path document = jobDir.resolve(DOCUMENT_JSON);
        if (!Files.isRegularFile(document)) return false;
        try {
            return document.toRealPath().startsWith(outputDir.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The source job's chapters, as Markdown, in chapter order, joined by blank lines and cut at
     * {@value #MAX_SOURCE_CHARS} characters.
     *
     * @param outputDir {@code CAIRN_OUTPUT_DIR}
     * @param id        the payload's {@code source_job}
     * @return the text, empty when the job has no chapter text
     * @throws InvalidPayloadException as {@link #requireFinished(Path, String)}
     * @throws IOException             when a chapter file cannot be read
     */
    /** The {@code <!-- p. N -->} page markers of the chapter files: for a reader of the Markdown, not for a provider. */
    private static final Pattern PAGE_MARKER_LINE = Pattern.compile("(?m)^<!-- p\\. \\d+ -->\\R+");
    private static final Pattern PAGE_MARKER = Pattern.compile(" ?<!-- p\\. \\d+ --> ?");

    /** @return the chapter text without page markers: a marker line goes, one inside a paragraph leaves a space */
    static String withoutPageMarkers(CharSequence chapter) {
        return PAGE_MARKER.matcher(PAGE_MARKER_LINE.matcher(chapter).replaceAll("")).replaceAll(" ");
    }

    public static String text(Path outputDir, String id) throws IOException {
        Path jobDir = requireFinished(outputDir, id);
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[8192];
        for (Path file : chapterFiles(jobDir.resolve(CHAPTERS_DIR))) {
            if (text.length() >= MAX_SOURCE_CHARS) break;
            if (!text.isEmpty()) text.append("\n\n");
            StringBuilder chapter = new StringBuilder();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                // why: a little past the budget, so markers removed below do not leave the text short
                for (int n; chapter.length() < MAX_SOURCE_CHARS && (n = in.read(buffer)) >= 0; ) chapter.append(buffer, 0, n);
            }
            String plain = withoutPageMarkers(chapter);
            text.append(plain, 0, Math.min(plain.length(), Math.max(0, MAX_SOURCE_CHARS - text.length())));
            while (!text.isEmpty() && Character.isWhitespace(text.charAt(text.length() - 1))) text.setLength(text.length() - 1);
        }
        if (text.length() > MAX_SOURCE_CHARS) text.setLength(MAX_SOURCE_CHARS);
        return text.toString().strip();
    }

    // Chapter files are NN-<slug>.md, numbered from 01 (more digits past 99): sorted by number, then name.
    private static List<Path> chapterFiles(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) return files;
        try (DirectoryStream<Path> all = Files.newDirectoryStream(dir, "*.md")) {
            for (Path file : all) {
                if (Files.isRegularFile(file) && NUMBERED.matcher(file.getFileName().toString()).matches()) files.add(file);
            }
        }
        files.sort(Comparator.comparingLong(SourceJobs::number).thenComparing(p -> p.getFileName().toString()));
        return files;
    }

    private static long number(Path file) {
        Matcher m = NUMBERED.matcher(file.getFileName().toString());
        if (!m.matches()) return Long.MAX_VALUE;
        String digits = m.group(1);
        return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
    }
}
