package dev.cairn.chapter.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chapter files of a pdf-processing job carry {@code <!-- p. N -->} page markers for readers of the Markdown; a
 * chapter-generation job reading them as sources must not hand those to a provider (the offline one would quote them).
 */
class SourceJobsTest {

    @TempDir
    Path output;

    @Test
    void shouldReadTheSourceChaptersWithoutTheirPageMarkers() throws Exception {
        Path job = Files.createDirectories(output.resolve("job-1/chapters"));
        Files.writeString(output.resolve("job-1/document.json"), "{}");
        Files.writeString(job.resolve("01-kruemmung.md"), """
                # 5 Krümmung

                <!-- p. 97 -->

                Eine Kurve heißt nach der Bogenlänge parametrisiert.

                Der Krümmungsradius, die wir zur Messung <!-- p. 98 --> der Abweichung benutzen.
                """);

        String text = SourceJobs.text(output, "job-1");

        assertThat(text).doesNotContain("<!--").doesNotContain("p. 97")
                .contains("# 5 Krümmung\n\nEine Kurve heißt nach der Bogenlänge parametrisiert.")
                .contains("zur Messung der Abweichung benutzen.");
    }
}
