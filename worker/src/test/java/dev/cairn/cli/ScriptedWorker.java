package dev.cairn.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.LongFunction;

/**
 * A local HTTP server (the JDK's) that stands in for a worker in CLI tests where the real API cannot be steered
 * (a 429 on cue, chosen batch lines answered {@code rate_limited}): each request gets the next answer of the
 * script, the last one again once the script is used up.
 */
final class ScriptedWorker implements AutoCloseable {

    /** One received request: its path and its body's lines. */
    record Received(String path, List<String> lines) {
    }

    /** One answer of the script. */
    @FunctionalInterface
    interface Answer {
        void answer(HttpExchange exchange, String body) throws IOException;
    }

    private final HttpServer server;
    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private Answer last;

    ScriptedWorker(Answer... answers) throws IOException {
        script.addAll(List.of(answers));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                received.add(new Received(exchange.getRequestURI().getPath(), body.isEmpty() ? List.of() : List.of(body.split("\n"))));
                Answer answer;
                synchronized (script) {
                    if (!script.isEmpty()) last = script.pollFirst();
                    answer = last;
                }
                answer.answer(exchange, body);
            }
        });
        server.start();
    }

    /** @return {@code CAIRN_URL} pointing here */
    Map<String, String> cliEnv() {
        return Map.of("CAIRN_URL", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Received> received() {
        return new ArrayList<>(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** @return the worker's 429 for a rate limit, with that {@code Retry-After} */
    static Answer tooMany(String retryAfter) {
        return (exchange, body) -> {
            exchange.getResponseHeaders().set("Retry-After", retryAfter);
            send(exchange, 429, "{\"error\":\"rate_limited\",\"message\":\"the anonymous caller may make 100/min requests; try again in "
                    + retryAfter + " s\"}");
        };
    }

    /** @return {@code 202 {"job_id": id}} */
    static Answer accepted(String jobId) {
        return (exchange, body) -> send(exchange, 202, "{\"job_id\":\"" + jobId + "\"}");
    }

    /** @return a batch answer: one line per non-blank request line, made from its number in the request */
    static Answer answerLines(LongFunction<String> answer) {
        return (exchange, body) -> {
            StringBuilder out = new StringBuilder();
            String[] lines = body.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (!lines[i].isBlank()) out.append(answer.apply(i + 1)).append('\n');
            }
            send(exchange, 200, out.toString());
        };
    }

    /** @return a batch line answer: accepted as job {@code job-<tag>-<line>} */
    static String created(String tag, long line) {
        return "{\"line\":" + line + ",\"job_id\":\"job-" + tag + "-" + line + "\",\"created\":true}";
    }

    /** @return a batch line answer: past the job budget, to send again in {@code seconds} */
    static String rateLimited(long line, int seconds) {
        return "{\"line\":" + line + ",\"error\":\"rate_limited\",\"message\":\"line " + line + ": the job budget of the anonymous caller"
                + " (3/min jobs; a batch's lines count one each) is used up; send this line again in " + seconds + " s\",\"retry_after_s\":" + seconds + "}";
    }

    private static void send(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
