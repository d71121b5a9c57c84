package dev.cairn.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.config.BatchSettings;
import org.jobrunr.jobs.states.StateName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/jobs/batch} on the real job service and JobRunr storage: one answer line per input line
 * in order, bad lines beside good ones, idempotency keys across and within chunks, the limits, one wake-up
 * per batch, and both directions streamed.
 */
class HttpApiBatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @RegisterExtension
    final ApiServerExtension<BatchSettings, StorageBackedApi> server = ApiServerExtension.storageBackedStartedByTest();

    private static String chapter(String topic) {
        return "{\"type\": \"chapter-generation\", \"payload\": {\"topic\": \"" + topic + "\", \"sections\": 2}}";
    }

    private static String keyed(String topic, String key) {
        return "{\"type\": \"chapter-generation\", \"payload\": {\"topic\": \"" + topic + "\", \"sections\": 2}, \"idempotency_key\": \"" + key + "\"}";
    }

    @Test
    void shouldStoreEveryValidLineAndAnswerEachLineInOrderAcrossChunks() throws Exception {
        server.start(BatchSettings.DEFAULTS);
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 2_500; i++) lines.add(chapter("Tides " + i));
        lines.set(9, "{\"type\": \"chapter-generation\", \"payload\": ");                     // line 10: cut short
        lines.set(1_499, "{\"type\": \"poetry\", \"payload\": {}}");                           // line 1500: unknown type
        lines.set(1_999, "{\"type\": \"chapter-generation\", \"payload\": {\"topic\": \"x\", \"sections\": 99}}"); // line 2000
        lines.set(2_099, "[1, 2, 3]");                                                         // line 2100: not an object
        lines.set(2_199, "   ");                                                               // line 2200: blank, skipped

        List<JsonNode> answers = post(String.join("\n", lines) + "\n");

        assertThat(answers).hasSize(2_499);
        assertThat(answers).extracting(a -> a.path("line").asLong()).isSorted().doesNotContain(2_200L).contains(1L, 2_500L);
        assertThat(error(answers, 10)).isEqualTo("invalid_json");
        assertThat(error(answers, 1_500)).isEqualTo("unknown_type");
        assertThat(error(answers, 2_000)).isEqualTo("invalid_payload");
        assertThat(error(answers, 2_100)).isEqualTo("bad_request");
        assertThat(answer(answers, 2_000).path("message").asText()).startsWith("line 2000: ").contains("sections");
        List<JsonNode> accepted = answers.stream().filter(a -> a.has("job_id")).toList();
        assertThat(accepted).hasSize(2_495).allSatisfy(a -> assertThat(a.path("created").asBoolean()).isTrue());
        assertThat(accepted.stream().map(a -> a.path("job_id").asText()).distinct()).hasSize(2_495);
        assertThat(server.api().storage.provider().countJobs(StateName.ENQUEUED)).isEqualTo(2_495);
        String job = answer(answers, 2_500).path("job_id").asText();
        assertThat(server.api().storage.provider().getJobById(UUID.fromString(job)).getJobName()).contains("Tides 2500");
    }

    @Test
    void shouldHoldIdempotencyKeysAgainstStoredJobsAcrossChunksAndWithinOne() throws Exception {
        server.start(BatchSettings.DEFAULTS);
        String stored = postSingle(keyed("Stored", "k-stored"));
        List<String> lines = new ArrayList<>();
        lines.add(keyed("Stored", "k-stored"));     // 1: the stored job again
        lines.add(keyed("Changed", "k-stored"));    // 2: the stored key with another payload
        lines.add(keyed("New", "k-new"));           // 3: a new key
        lines.add(keyed("New", "k-new"));           // 4: the same again, same chunk
        lines.add(keyed("Other", "k-new"));         // 5: the same key, another payload, same chunk
        for (int i = 6; i <= 1_200; i++) lines.add(chapter("Filler " + i));
        lines.add(keyed("New", "k-new"));           // 1201: in the second chunk

        List<JsonNode> answers = post(String.join("\n", lines));

        assertThat(answer(answers, 1).path("job_id").asText()).isEqualTo(stored);
        assertThat(answer(answers, 1).path("created").asBoolean()).isFalse();
        assertThat(error(answers, 2)).isEqualTo("idempotency_conflict");
        String created = answer(answers, 3).path("job_id").asText();
        assertThat(answer(answers, 3).path("created").asBoolean()).isTrue();
        assertThat(answer(answers, 4).path("job_id").asText()).isEqualTo(created);
        assertThat(answer(answers, 4).path("created").asBoolean()).isFalse();
        assertThat(error(answers, 5)).isEqualTo("idempotency_conflict");
        assertThat(answer(answers, 1_201).path("job_id").asText()).isEqualTo(created);
        assertThat(answer(answers, 1_201).path("created").asBoolean()).isFalse();
        // the filler lines of the first chunk were stored although the chunk met a stored key
        assertThat(server.api().storage.provider().countJobs(StateName.ENQUEUED)).isEqualTo(1 + 1 + 1_195);
    }

    @Test
    void shouldHoldIdempotencyKeysWhenChunksWithAndWithoutKeysAreStoredTwoAtATime() throws Exception {
        server.start(BatchSettings.DEFAULTS);
        List<String> lines = new ArrayList<>();
        // chunks of 1,000 lines: the same 1,000 keys in the 1st, 2nd and 4th (the first time is the one created);
        // no keys in the 3rd and 5th
        for (int chunk = 0; chunk < 5; chunk++) {
            for (int i = 0; i < 1_000; i++) {
                lines.add(chunk == 0 || chunk == 1 || chunk == 3 ? keyed("Key " + i, "k-" + i) : chapter("Plain " + chunk + "-" + i));
            }
        }

        List<JsonNode> answers = post(String.join("\n", lines));

        assertThat(answers).hasSize(5_000).allSatisfy(a -> assertThat(a.has("job_id")).as(a.toString()).isTrue());
        assertThat(answers).extracting(a -> a.path("line").asLong()).isSorted();
        for (int i = 0; i < 1_000; i++) {
            String id = answer(answers, i + 1).path("job_id").asText();
            assertThat(answer(answers, i + 1).path("created").asBoolean()).isTrue();
            for (long again : new long[]{1_000 + i + 1, 3_000 + i + 1}) {
                assertThat(answer(answers, again).path("job_id").asText()).isEqualTo(id);
                assertThat(answer(answers, again).path("created").asBoolean()).isFalse();
            }
        }
        assertThat(server.api().storage.provider().countJobs(StateName.ENQUEUED)).isEqualTo(3_000);
    }

    @Test
    void shouldRefuseABatchOverTheLineLimitWith413WhenNothingWasStored() throws Exception {
        server.start(new BatchSettings(5, 64 * 1024));

        HttpResponse<String> response = postRaw("application/x-ndjson", String.join("\n", List.of(
                chapter("a"), chapter("b"), chapter("c"), chapter("d"), chapter("e"), chapter("f"))));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("batch_too_large");
        assertThat(JSON.readTree(response.body()).path("message").asText()).contains("CAIRN_BATCH_MAX_LINES").contains("line 6");
        assertThat(server.api().storage.provider().countJobs(StateName.ENQUEUED)).isZero();
    }

    @Test
    void shouldEndWithABatchTooLargeLineOnceLinesWereStored() throws Exception {
        server.start(new BatchSettings(1_500, 64 * 1024));
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 1_600; i++) lines.add(chapter("T" + i));

        List<JsonNode> answers = post(String.join("\n", lines));

        assertThat(answers).hasSize(1_501);
        assertThat(answers.subList(0, 1_500)).allSatisfy(a -> assertThat(a.has("job_id")).isTrue());
        assertThat(answers.get(1_500).path("line").asLong()).isEqualTo(1_501);
        assertThat(answers.get(1_500).path("error").asText()).isEqualTo("batch_too_large");
        assertThat(server.api().storage.provider().countJobs(StateName.ENQUEUED)).isEqualTo(1_500);
    }

    @Test
    void shouldAnswerALineTooLongAndGoOnWithTheNext() throws Exception {
        server.start(new BatchSettings(100, 1024));
        String huge = "{\"type\": \"chapter-generation\", \"payload\": {\"topic\": \"" + "x".repeat(5_000) + "\", \"sections\": 1}}";

        List<JsonNode> answers = post(chapter("a") + "\n" + huge + "\r\n" + chapter("c"));

        assertThat(answers).hasSize(3);
        assertThat(error(answers, 2)).isEqualTo("line_too_long");
        assertThat(answer(answers, 2).path("message").asText()).contains("CAIRN_BATCH_MAX_LINE_KB");
        assertThat(answer(answers, 3).has("job_id")).isTrue();
    }

    @Test
    void shouldRefuseAnotherContentTypeAndAnEmptyBatch() throws Exception {
        server.start(BatchSettings.DEFAULTS);

        HttpResponse<String> json = postRaw("application/json", chapter("a"));
        HttpResponse<String> empty = postRaw("application/x-ndjson", "\n \n");

        assertThat(json.statusCode()).isEqualTo(415);
        assertThat(JSON.readTree(json.body()).path("message").asText()).contains("application/x-ndjson").contains("POST /api/jobs");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(empty.body()).path("message").asText()).contains("empty");
    }

    @Test
    void shouldWakeTheFleetOnceWhenTheFirstChunkIsStoredAndOnceAtTheEnd() throws Exception {
        server.start(BatchSettings.DEFAULTS);
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 3_500; i++) lines.add(chapter("T" + i));

        post(String.join("\n", lines));

        assertThat(server.api().signals.sent()).isEqualTo(2);
        assertThat(server.api().storage.provider().countJobs(StateName.ENQUEUED)).isEqualTo(3_500);
    }

    @Test
    void shouldAnswerTheFirstChunkBeforeTheRestOfTheBodyIsSent() throws Exception {
        server.start(BatchSettings.DEFAULTS);
        // A raw HTTP/1.1 exchange with a chunked body: the client sends 1,000 lines, then waits for the answer
        // to line 1 before it sends the rest. A worker that read the whole body before answering never answers.
        try (Socket socket = new Socket("127.0.0.1", server.api().api.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/jobs/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-ndjson\r\n"
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            sendChunk(out, 1, 1_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
            String first = firstBodyLine(in);
            assertThat(JSON.readTree(first).path("line").asLong()).isEqualTo(1);

            sendChunk(out, 1_001, 1_500);
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Set<Long> answered = new HashSet<>();
            answered.add(1L);
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("{")) answered.add(JSON.readTree(line).path("line").asLong());
            }
            assertThat(answered).hasSize(1_500);
        }
        assertThat(server.api().storage.provider().countJobs(StateName.ENQUEUED)).isEqualTo(1_500);
    }

    private static void sendChunk(OutputStream out, int from, int to) throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = from; i <= to; i++) lines.append(chapter("S" + i)).append('\n');
        byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Skips the headers and the first chunk-size line; returns the first JSON line of the body. */
    private static String firstBodyLine(BufferedReader in) throws Exception {
        for (String line; (line = in.readLine()) != null; ) {
            int brace = line.indexOf('{');
            if (brace >= 0) return line.substring(brace);
        }
        throw new AssertionError("no body line");
    }

    private List<JsonNode> post(String body) throws Exception {
        HttpResponse<String> response = postRaw("application/x-ndjson", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/x-ndjson"));
        List<JsonNode> answers = new ArrayList<>();
        for (String line : response.body().split("\n")) if (!line.isBlank()) answers.add(JSON.readTree(line));
        return answers;
    }

    private HttpResponse<String> postRaw(String contentType, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/jobs/batch")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private String postSingle(String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/jobs")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(202);
        return JSON.readTree(response.body()).path("job_id").asText();
    }

    private static JsonNode answer(List<JsonNode> answers, long line) {
        return answers.stream().filter(a -> a.path("line").asLong() == line).findFirst()
                .orElseThrow(() -> new AssertionError("no answer for line " + line));
    }

    private static String error(List<JsonNode> answers, long line) {
        return answer(answers, line).path("error").asText();
    }
}
