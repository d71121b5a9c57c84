package dev.cairn.api.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A local HTTP server (the JDK's) that stands in for a worker: it answers each request with the next answer of
 * its script, the last one again once the script is used up, and keeps what it received.
 */
final class ScriptedWorker implements AutoCloseable {

    /** One received request. */
    record Received(String method, String path, String body) {
        /** @return the body's lines */
        List<String> lines() {
            return body.isEmpty() ? List.of() : List.of(body.split("\n"));
        }
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

    /** @param answers the answers, in order; the last one repeats */
    ScriptedWorker(Answer... answers) throws IOException {
        script.addAll(List.of(answers));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), body));
            Answer answer;
            synchronized (script) {
                if (!script.isEmpty()) last = script.pollFirst();
                answer = last;
            }
            answer.answer(exchange, body);
        }
    }

    /** @return the worker's base URL */
    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** @return the requests so far, in order */
    List<Received> received() {
        return new ArrayList<>(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /**
     * @param status     the status
     * @param json       the body
     * @param retryAfter the {@code Retry-After} header, {@code null} for none
     * @return an answer
     */
    static Answer json(int status, String json, String retryAfter) {
        return (exchange, body) -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            if (retryAfter != null) exchange.getResponseHeaders().set("Retry-After", retryAfter);
            send(exchange, status, json);
        };
    }

    /** @return the worker's 429 for a rate limit */
    static Answer tooMany(String retryAfter) {
        return json(429, "{\"error\":\"rate_limited\",\"message\":\"at most 100 requests a minute for the anonymous tier\"}", retryAfter);
    }

    /** @return a batch answer accepting every line, job ids {@code job-<line>} of the request */
    static Answer acceptEveryLine() {
        return answerLines(line -> "{\"line\":" + line + ",\"job_id\":\"job-" + line + "\",\"created\":true}");
    }

    /** @return a batch answer with one line per non-blank request line, made from its number in the request */
    static Answer answerLines(java.util.function.LongFunction<String> answer) {
        return (exchange, body) -> {
            StringBuilder out = new StringBuilder();
            String[] lines = body.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (!lines[i].isBlank()) out.append(answer.apply(i + 1)).append('\n');
            }
            exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
            send(exchange, 200, out.toString());
        };
    }

    private static void send(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
