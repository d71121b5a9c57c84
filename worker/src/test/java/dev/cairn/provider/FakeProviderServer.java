package dev.cairn.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A local stand-in for an OpenAI-compatible provider, on 127.0.0.1 at a free port. Each request is
 * answered by the next queued {@link Behaviour} ({@link #enqueue}), else by the {@link Responder} set with
 * {@link #respondWith} (default: {@code ok("fake reply")}). Counts requests and records them all.
 * Reusable by any test that needs a provider: pass {@link #baseUrl()} as {@code CAIRN_PROVIDER_<NAME>_BASE_URL}.
 */
public final class FakeProviderServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How to answer one request. */
    @FunctionalInterface
    public interface Behaviour {
        void answer(HttpExchange exchange, FakeProviderServer server) throws IOException, InterruptedException;

        /** 200 with a chat completion whose {@code choices[0].message.content} is {@code content}. */
        static Behaviour ok(String content) {
            return raw(200, completion(content));
        }

        /** {@code status} with {@code body} as {@code application/json}. */
        static Behaviour raw(int status, String body) {
            return (ex, s) -> send(ex, status, body);
        }

        /** {@code status} with a small OpenAI-style error body. */
        static Behaviour status(int status) {
            return raw(status, "{\"error\":{\"message\":\"fake error " + status + "\",\"type\":\"fake\"}}");
        }

        /** 429 with {@code Retry-After} in whole seconds when given. */
        static Behaviour rateLimited(Optional<Duration> retryAfter) {
            return (ex, s) -> {
                retryAfter.ifPresent(r -> ex.getResponseHeaders().add("Retry-After", Long.toString(r.toSeconds())));
                send(ex, 429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}");
            };
        }

        /** {@code then}, with an extra response header. */
        static Behaviour withHeader(String name, String value, Behaviour then) {
            return (ex, s) -> {
                ex.getResponseHeaders().add(name, value);
                then.answer(ex, s);
            };
        }

        /** 200 with a body that is not JSON. */
        static Behaviour garbage() {
            return raw(200, "<html>502 Bad Gateway</html> {not json");
        }

        /** {@code then}, after waiting {@code delay}. */
        static Behaviour slow(Duration delay, Behaviour then) {
            return (ex, s) -> {
                if (!s.closed.await(delay.toMillis(), TimeUnit.MILLISECONDS)) then.answer(ex, s);
            };
        }

        /** Never answers (until the server closes). */
        static Behaviour hang() {
            return (ex, s) -> s.closed.await();
        }

        /** Closes the connection without answering. */
        static Behaviour drop() {
            // why: closing an exchange whose headers were never sent makes the JDK server drop the connection
            return (ex, s) -> { };
        }

        /** Sends 200 headers and part of a body, then stalls (until the server closes). */
        static Behaviour headersThenHang() {
            return (ex, s) -> {
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, 10_000);
                ex.getResponseBody().write("{\"choices\": [".getBytes(StandardCharsets.UTF_8));
                ex.getResponseBody().flush();
                s.closed.await();
            };
        }
    }

    /** Chooses the behaviour for a request, e.g. by its body; {@code number} counts from 1. */
    @FunctionalInterface
    public interface Responder {
        Behaviour respond(Request request, int number);
    }

    /**
     * One received request.
     *
     * @param method  e.g. POST
     * @param path    e.g. /v1/chat/completions
     * @param headers header names lower-cased
     * @param body    the body as text
     */
    public record Request(String method, String path, Map<String, List<String>> headers, String body) {
        /** @return the first value of the header, any case */
        public Optional<String> header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
        }

        /** @return the body parsed as JSON */
        public ObjectNode json() {
            try {
                return (ObjectNode) JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicInteger count = new AtomicInteger();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Behaviour> queue = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Responder> responder = new AtomicReference<>((r, n) -> Behaviour.ok("fake reply"));

    private FakeProviderServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // why: hanging behaviours block their thread; every request needs its own
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-provider");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** @return a started server; close it after use */
    public static FakeProviderServer start() {
        try {
            return new FakeProviderServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the base URL to configure, {@code http://127.0.0.1:<port>/v1} */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /**
     * Points a worker's provider {@code name} at this server ({@code CAIRN_PROVIDER_<NAME>_BASE_URL} and
     * {@code _MODEL}); the test still chooses {@code CAIRN_PROVIDERS}.
     *
     * @param env  the worker's environment
     * @param name the provider's name, e.g. {@code acme}
     */
    public void configure(Map<String, String> env, String name) {
        String upper = name.toUpperCase(java.util.Locale.ROOT);
        env.put("CAIRN_PROVIDER_" + upper + "_BASE_URL", baseUrl());
        env.put("CAIRN_PROVIDER_" + upper + "_MODEL", "fake-model");
    }

    /** Answers every request not served by the queue with {@code behaviour}. */
    public FakeProviderServer respondWith(Behaviour behaviour) {
        return respondWith((r, n) -> behaviour);
    }

    /** Answers every request not served by the queue with what {@code responder} picks. */
    public FakeProviderServer respondWith(Responder responder) {
        this.responder.set(responder);
        return this;
    }

    /** Answers the next requests, one each, with these behaviours, before falling back to the responder. */
    public FakeProviderServer enqueue(Behaviour... behaviours) {
        queue.addAll(List.of(behaviours));
        return this;
    }

    /** @return how many requests arrived */
    public int requestCount() {
        return count.get();
    }

    /** @return every request, in arrival order */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** @return the latest request */
    public Optional<Request> lastRequest() {
        List<Request> all = requests();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast());
    }

    /** @return an OpenAI chat-completion body whose reply is {@code content} */
    public static String completion(String content) {
        return chatCompletion(content).toString();
    }

    /**
     * @param content the reply
     * @param usage   the JSON of its {@code usage} field, e.g. {@code {"prompt_tokens": 12, "completion_tokens": 5}}
     * @return an OpenAI chat-completion body whose reply is {@code content}, reporting {@code usage}
     */
    public static String completion(String content, String usage) {
        ObjectNode root = chatCompletion(content);
        try {
            root.set("usage", JSON.readTree(usage));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return root.toString();
    }

    private static ObjectNode chatCompletion(String content) {
        ObjectNode root = JSON.createObjectNode().put("id", "chatcmpl-fake").put("object", "chat.completion").put("model", "fake");
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", content);
        return root;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body);
            requests.add(request);
            int number = count.incrementAndGet();
            Behaviour next = queue.poll();
            (next != null ? next : responder.get().respond(request, number)).answer(exchange, this);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away (timeouts, cancelled calls): nothing to answer
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    /** @return the requests' bodies, for assertions on what was asked */
    public List<String> bodies() {
        List<String> out = new ArrayList<>();
        for (Request r : requests) out.add(r.body());
        return out;
    }
}
