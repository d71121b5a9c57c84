package dev.cairn.runtime.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cairn.http.BrowserGuard;
import dev.cairn.http.Secret;
import org.jobrunr.dashboard.JobRunrApiHandler;
import org.jobrunr.dashboard.JobRunrSseHandler;
import org.jobrunr.dashboard.JobRunrStaticFileHandler;
import org.jobrunr.dashboard.server.HttpExchangeHandler;
import org.jobrunr.dashboard.server.http.RedirectHttpHandler;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.ThreadSafeStorageProvider;
import org.jobrunr.utils.mapper.JsonMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * JobRunr's dashboard (its own handlers: pages, REST API, server-sent events) served on the address the
 * worker's API binds ({@code CAIRN_HTTP_BIND}), not on every interface as {@code JobRunrDashboardWebServer}
 * does, and with basic-auth credentials compared in constant time. The dashboard can delete and requeue
 * jobs, so it must be no more reachable than the API: the API's {@link BrowserGuard} applies here too (a
 * {@code Host} it does not answer to gets 421, a call that changes state from another site's page 403), before
 * the credentials are asked for.
 */
public final class DashboardServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<HttpExchangeHandler> handlers;

    private DashboardServer(HttpServer server, ExecutorService executor, List<HttpExchangeHandler> handlers) {
        this.server = server;
        this.executor = executor;
        this.handlers = handlers;
    }

    /**
     * @param bind     the address to listen on, e.g. {@code 127.0.0.1}
     * @param port     the port ({@code CAIRN_DASHBOARD_PORT})
     * @param user     basic-auth user, with {@code password}; empty = no authentication
     * @param guard    the Host and cross-site rules of the API
     * @return the started dashboard
     */
    public static DashboardServer start(StorageProvider storage, JsonMapper json, String bind, int port,
                                        Optional<String> user, Optional<String> password, BrowserGuard guard) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(bind, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the JobRunr dashboard on " + bind + ":" + port + " (CAIRN_DASHBOARD_PORT): " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("cairn-dashboard-", 0).factory());
        server.setExecutor(executor);
        StorageProvider safe = new ThreadSafeStorageProvider(storage);
        RedirectHttpHandler root = new RedirectHttpHandler("/", "/dashboard");
        List<HttpExchangeHandler> handlers = List.of(root, new JobRunrStaticFileHandler(),
                new JobRunrApiHandler(safe, json, false), new JobRunrSseHandler(safe, json));
        BasicAuthenticator auth = user.map(u -> new ConstantTimeBasicAuth(u, password.orElseThrow())).orElse(null);
        Filter browsers = new BrowserFilter(guard);
        for (HttpExchangeHandler handler : handlers) {
            var context = server.createContext(handler.getContextPath(), handler);
            // why: filters run before the authenticator, so a rebound or cross-site request never reaches the password prompt
            context.getFilters().add(browsers);
            if (auth != null && handler != root) context.setAuthenticator(auth);
        }
        server.start();
        LOG.info("JobRunr dashboard on http://{}:{}/dashboard{}", bind, server.getAddress().getPort(),
                auth == null ? " (no authentication: set CAIRN_DASHBOARD_USER and CAIRN_DASHBOARD_PASSWORD)" : "");
        return new DashboardServer(server, executor, handlers);
    }

    /** @return the port it listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        for (HttpExchangeHandler handler : handlers) {
            try {
                handler.close();
            } catch (RuntimeException e) {
                LOG.debug("Error closing a dashboard handler: {}", e.getMessage());
            }
        }
        server.stop(0);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) executor.shutdownNow();
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** {@link BrowserGuard} in front of JobRunr's handlers, answering a refusal as the API does. */
    private static final class BrowserFilter extends Filter {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final BrowserGuard guard;

        BrowserFilter(BrowserGuard guard) {
            this.guard = guard;
        }

        @Override
        public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
            Headers headers = exchange.getRequestHeaders();
            String host = headers.getFirst("Host");
            Optional<BrowserGuard.Refusal> refusal = guard.checkHost(host).or(() -> guard.checkCrossSite(exchange.getRequestMethod(),
                    host, headers.getFirst("Origin"), headers.getFirst("Sec-Fetch-Site")));
            if (refusal.isEmpty()) {
                chain.doFilter(exchange);
                return;
            }
            try (exchange) {
                byte[] body = JSON.writeValueAsBytes(Map.of("error", refusal.get().error(), "message", refusal.get().message()));
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(refusal.get().status(), body.length);
                exchange.getResponseBody().write(body);
            }
        }

        @Override
        public String description() {
            return "refuses foreign Host names and cross-site calls that change state";
        }
    }

    /** Basic auth whose comparison takes the same time however much of a guess is right. */
    private static final class ConstantTimeBasicAuth extends BasicAuthenticator {
        private final Secret user;
        private final Secret password;

        ConstantTimeBasicAuth(String user, String password) {
            super("JobRunr");
            this.user = Secret.of(user);
            this.password = Secret.of(password);
        }

        @Override
        public boolean checkCredentials(String givenUser, String givenPassword) {
            // why: both compared, always, so the time taken says nothing about which one was wrong
            boolean userOk = user.matches(givenUser);
            boolean passwordOk = password.matches(givenPassword);
            return userOk & passwordOk;
        }
    }
}
