package dev.cairn.config;

import dev.cairn.config.internal.EnvReader;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The worker's HTTP API and the JobRunr dashboard.
 *
 * @param port              {@code CAIRN_HTTP_PORT}
 * @param bind              {@code CAIRN_HTTP_BIND}: the address the API and the JobRunr dashboard listen on
 * @param apiToken          {@code CAIRN_API_TOKEN}: when set, every {@code /api/**} call needs it as a Bearer token (reads
 *                          also take {@code readToken})
 * @param dashboardPort     {@code CAIRN_DASHBOARD_PORT}: the JobRunr dashboard; 0 turns it off
 * @param dashboardUser     {@code CAIRN_DASHBOARD_USER}: basic auth for the dashboard (with the password)
 * @param dashboardPassword {@code CAIRN_DASHBOARD_PASSWORD}
 * @param maxUploadBytes    {@code CAIRN_MAX_UPLOAD_MB} in bytes: largest accepted {@code POST /api/files}, and largest
 *                          PDF the {@code pdf-processing} pipeline reads ({@code PdfLimits.from(CairnConfig)})
 * @param dashboardPublicUrl {@code CAIRN_DASHBOARD_URL}: the dashboard's address as people reach it (behind a
 *                          proxy, a published container port), for the links in DLQ entries
 * @param readToken         {@code CAIRN_API_READ_TOKEN}: a second Bearer token that reads {@code /api/**} (GET) and
 *                          changes nothing; only with {@code apiToken}
 * @param allowedHosts      {@code CAIRN_HTTP_ALLOWED_HOSTS}: names the API and the dashboard answer to besides the bind
 *                          address and loopback, lower case: {@code cairn.example.com}, {@code *.example.com} (any
 *                          subdomain), or {@code *} (any name: turns the Host check off)
 */
public record HttpSettings(int port, String bind, Optional<String> apiToken, int dashboardPort,
                           Optional<String> dashboardUser, Optional<String> dashboardPassword, long maxUploadBytes,
                           Optional<String> dashboardPublicUrl, Optional<String> readToken, List<String> allowedHosts) {

    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_DASHBOARD_PORT = 8000;
    public static final int DEFAULT_MAX_UPLOAD_MB = 200;

    /** A host name, an IPv4 or bracketed IPv6 literal, or {@code *.} and a domain; no scheme, port or path. */
    private static final Pattern HOST_PATTERN = Pattern.compile(
            "\\*|(\\*\\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*|\\[[0-9a-f:.]+]");

    public HttpSettings {
        Objects.requireNonNull(readToken, "readToken");
        allowedHosts = List.copyOf(allowedHosts);
    }

    /** Settings without a public dashboard address (links then point at this host's dashboard port). */
    public HttpSettings(int port, String bind, Optional<String> apiToken, int dashboardPort,
                        Optional<String> dashboardUser, Optional<String> dashboardPassword, long maxUploadBytes) {
        this(port, bind, apiToken, dashboardPort, dashboardUser, dashboardPassword, maxUploadBytes, Optional.empty());
    }

    /** Settings without a read-only token or extra allowed host names. */
    public HttpSettings(int port, String bind, Optional<String> apiToken, int dashboardPort, Optional<String> dashboardUser,
                        Optional<String> dashboardPassword, long maxUploadBytes, Optional<String> dashboardPublicUrl) {
        this(port, bind, apiToken, dashboardPort, dashboardUser, dashboardPassword, maxUploadBytes, dashboardPublicUrl,
                Optional.empty(), List.of());
    }

    /**
     * @return the JobRunr dashboard's base URL for links in DLQ entries: {@code CAIRN_DASHBOARD_URL} when set,
     *         else this host's dashboard port; empty when the dashboard is off
     */
    public Optional<String> dashboardUrl() {
        if (dashboardPublicUrl.isPresent()) return dashboardPublicUrl;
        if (dashboardPort == 0) return Optional.empty();
        String host = bind.equals("0.0.0.0") || bind.equals("::") ? "127.0.0.1" : bind.contains(":") ? "[" + bind + "]" : bind;
        return Optional.of("http://" + host + ":" + dashboardPort);
    }

    static HttpSettings fromEnv(EnvReader env) {
        int port = env.integer("CAIRN_HTTP_PORT", DEFAULT_PORT, 0, 65535);
        String bind = env.string("CAIRN_HTTP_BIND").orElse(DEFAULT_BIND);
        Optional<String> token = env.string("CAIRN_API_TOKEN");
        int dashboardPort = env.integer("CAIRN_DASHBOARD_PORT", DEFAULT_DASHBOARD_PORT, 0, 65535);
        Optional<String> user = env.string("CAIRN_DASHBOARD_USER");
        Optional<String> password = env.string("CAIRN_DASHBOARD_PASSWORD");
        if (user.isPresent() != password.isPresent()) {
            throw new ConfigException(user.isPresent() ? "CAIRN_DASHBOARD_PASSWORD" : "CAIRN_DASHBOARD_USER",
                    "must be set together with " + (user.isPresent() ? "CAIRN_DASHBOARD_USER" : "CAIRN_DASHBOARD_PASSWORD"));
        }
        long maxUpload = env.integer("CAIRN_MAX_UPLOAD_MB", DEFAULT_MAX_UPLOAD_MB, 1, 100_000) * 1024L * 1024L;
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new ConfigException("CAIRN_HTTP_BIND", "is not an address this machine can bind: '" + bind + "'");
        }
        if (!address.isLoopbackAddress() && token.isEmpty()) {
            throw new ConfigException("CAIRN_HTTP_BIND", "is '" + bind + "', which is not a loopback address: "
                    + "set CAIRN_API_TOKEN too, the worker refuses to expose its API without a token");
        }
        if (!address.isLoopbackAddress() && dashboardPort > 0 && user.isEmpty()) {
            throw new ConfigException("CAIRN_DASHBOARD_USER", "must be set, with CAIRN_DASHBOARD_PASSWORD, when CAIRN_HTTP_BIND ('" + bind
                    + "') is not a loopback address: the JobRunr dashboard can delete and requeue jobs (or turn it off with CAIRN_DASHBOARD_PORT=0)");
        }
        Optional<String> publicUrl = env.string("CAIRN_DASHBOARD_URL").map(String::trim).map(u -> u.replaceAll("/+$", ""));
        if (publicUrl.isPresent() && !publicUrl.get().matches("https?://[^\\s/]+(/\\S*)?")) {
            throw new ConfigException("CAIRN_DASHBOARD_URL", "must be an http(s) URL such as https://jobs.example.com, got '" + publicUrl.get() + "'");
        }
        Optional<String> readToken = env.string("CAIRN_API_READ_TOKEN");
        if (readToken.isPresent() && token.isEmpty()) {
            throw new ConfigException("CAIRN_API_READ_TOKEN", "needs CAIRN_API_TOKEN too: without it every call is open and a read-only token guards nothing");
        }
        if (readToken.isPresent() && readToken.equals(token)) {
            throw new ConfigException("CAIRN_API_READ_TOKEN", "must differ from CAIRN_API_TOKEN, or whoever holds the read-only token can change state");
        }
        List<String> allowedHosts = allowedHosts(env.string("CAIRN_HTTP_ALLOWED_HOSTS").orElse(""));
        return new HttpSettings(port, bind, token, dashboardPort, user, password, maxUpload, publicUrl, readToken, allowedHosts);
    }

    private static List<String> allowedHosts(String raw) {
        List<String> hosts = Arrays.stream(raw.split(",")).map(h -> h.trim().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty())
                .map(h -> h.endsWith(".") ? h.substring(0, h.length() - 1) : h).toList();
        for (String host : hosts) {
            if (!HOST_PATTERN.matcher(host).matches()) {
                throw new ConfigException("CAIRN_HTTP_ALLOWED_HOSTS", "must be host names separated by commas, without scheme or port "
                        + "(e.g. cairn.example.com,*.internal.example,10.0.0.7,[fd00::7]), got '" + host + "'");
            }
        }
        return hosts;
    }
}
