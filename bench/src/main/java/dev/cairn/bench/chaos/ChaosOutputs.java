package dev.cairn.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.bench.chaos.ChaosWorkload.JobSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Duplicate or stray outputs of a succeeded job, read from its output dir ({@code <data>/output/<jobId>/}):
 * what a step that ran twice, or two workers running one job at once, would leave behind.
 *
 * <ul>
 *   <li>{@code chapter-generation}: exactly {@code outline.json}, {@code sections/01.md}…{@code NN.md} and
 *   {@code chapter.md}; each section file carries its own section's marker; {@code chapter.md} carries every
 *   marker of the job exactly once and no other job's.</li>
 *   <li>{@code pdf-processing}: exactly {@code document.json}, {@code text/page-0001.txt}… one per page, and
 *   as many {@code chapters/*.md} as {@code document.json} lists chapters; {@code document.json}'s page
 *   count is the PDF's.</li>
 * </ul>
 * Anything else in the dir (a temp file, a second copy, a stray name) is a finding too.
 */
final class ChaosOutputs {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CHAPTER_FILE = Pattern.compile("\\d{2,}-[^/]*\\.md");
    private static final Pattern MARKER = Pattern.compile("\\[\\[(chaos-\\d+)#(\\d+)]]");

    private ChaosOutputs() {
    }

    /** @return what is wrong with the job's outputs; empty when nothing is */
    static List<String> problems(Path outputDir, JobSpec job) {
        Path dir = outputDir.resolve(job.id());
        List<String> problems = new ArrayList<>();
        try {
            if (!Files.isDirectory(dir)) return List.of("no output dir " + dir);
            Set<String> expected = job.kind() == ChaosWorkload.Kind.CHAPTER ? chapter(dir, job, problems) : pdf(dir, job, problems);
            Set<String> found = files(dir);
            Set<String> extra = new TreeSet<>(found);
            extra.removeAll(expected);
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(found);
            if (!extra.isEmpty()) problems.add("unexpected files " + cut(extra));
            if (!missing.isEmpty()) problems.add("missing files " + cut(missing));
        } catch (IOException | RuntimeException e) {
            problems.add("cannot read " + dir + ": " + e);
        }
        return problems;
    }

    private static Set<String> chapter(Path dir, JobSpec job, List<String> problems) throws IOException {
        Set<String> expected = new TreeSet<>(List.of("outline.json", "chapter.md"));
        for (int n = 1; n <= job.sections(); n++) {
            String name = String.format(Locale.ROOT, "sections/%02d.md", n);
            expected.add(name);
            Path file = dir.resolve(name);
            if (Files.isRegularFile(file) && !read(file).contains(ChaosProvider.marker(job.topic(), n))) {
                problems.add(name + " does not hold section " + n + " of " + job.topic());
            }
        }
        Path chapter = dir.resolve("chapter.md");
        if (Files.isRegularFile(chapter)) {
            int[] seen = new int[job.sections() + 1];
            Matcher m = MARKER.matcher(read(chapter));
            while (m.find()) {
                int n = Integer.parseInt(m.group(2));
                if (!m.group(1).equals(job.topic()) || n < 1 || n > job.sections()) {
                    problems.add("chapter.md holds a foreign section " + m.group());
                } else {
                    seen[n]++;
                }
            }
            for (int n = 1; n <= job.sections(); n++) {
                if (seen[n] != 1) problems.add("chapter.md holds section " + n + " " + seen[n] + " time(s)");
            }
        }
        return expected;
    }

    private static Set<String> pdf(Path dir, JobSpec job, List<String> problems) throws IOException {
        Set<String> expected = new TreeSet<>(List.of("document.json"));
        for (int p = 1; p <= job.pages(); p++) {
            expected.add(String.format(Locale.ROOT, "text/page-%04d.txt", p));
            // why: extract-text also writes each page's lines divided into paragraphs, which write-result reads
            expected.add(String.format(Locale.ROOT, "paragraphs/page-%04d.txt", p));
        }
        Path document = dir.resolve("document.json");
        if (Files.isRegularFile(document)) {
            JsonNode doc = JSON.readTree(document.toFile());
            if (doc.path("pages").asInt(-1) != job.pages()) {
                problems.add("document.json says " + doc.path("pages").asInt(-1) + " pages, the PDF has " + job.pages());
            }
            int chapters = doc.path("chapters").size();
            long files = count(dir.resolve("chapters"));
            if (files != chapters) problems.add("chapters/ holds " + files + " file(s), document.json lists " + chapters);
            // the chapter files' names come from their titles (NN-<slug>.md): accept those present, counted above
            try (Stream<Path> s = Files.list(dir.resolve("chapters"))) {
                s.map(f -> f.getFileName().toString()).filter(CHAPTER_FILE.asMatchPredicate()).forEach(f -> expected.add("chapters/" + f));
            } catch (IOException ignored) {
                // counted as 0 above
            }
        }
        return expected;
    }

    private static long count(Path dir) {
        if (!Files.isDirectory(dir)) return 0;
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(f -> f.getFileName().toString()).filter(CHAPTER_FILE.asMatchPredicate()).count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** @return every regular file under {@code dir}, relative, with {@code /} separators */
    private static Set<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            Set<String> names = new TreeSet<>();
            s.filter(Files::isRegularFile).forEach(f -> names.add(dir.relativize(f).toString().replace('\\', '/')));
            return names;
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static String cut(Set<String> names) {
        List<String> list = new ArrayList<>(names);
        return list.size() <= 5 ? list.toString() : list.subList(0, 5) + " and " + (list.size() - 5) + " more";
    }
}
