package dev.cairn.config;

import dev.cairn.config.internal.EnvReader;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * The worker's HTTP API and the JobRunr dashboard.
 *
 * @param port              {@code CAIRN_HTTP_PORT}
 * @param bind              {@code CAIRN_HTTP_BIND}: the address the API and the JobRunr dashboard listen on
 * @param apiToken          {@code CAIRN_API_TOKEN}: Bearer token for mutating {@code /api/**} calls
 * @param dashboardPort     {@code CAIRN_DASHBOARD_PORT}: the JobRunr dashboard; 0 turns it off
 * @param dashboardUser     {@code CAIRN_DASHBOARD_USER}: basic auth for the dashboard (with the password)
 * @param dashboardPassword {@code CAIRN_DASHBOARD_PASSWORD}
 * @param maxUploadBytes    {@code CAIRN_MAX_UPLOAD_MB} in bytes: largest accepted {@code POST /api/files}, and largest
 *                          PDF the {@code pdf-processing} pipeline reads ({@code PdfLimits.from(CairnConfig)})
 * @param dashboardPublicUrl {@code CAIRN_DASHBOARD_URL}: the dashboard's address as people reach it (behind a
 *                          proxy, a published container port), for the links in DLQ entries
 */
public record HttpSettings(int port, String bind, Optional<String> apiToken, int dashboardPort,
                           Optional<String> dashboardUser, Optional<String> dashboardPassword, long maxUploadBytes,
                           Optional<String> dashboardPublicUrl) {

    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_DASHBOARD_PORT = 8000;
    public static final int DEFAULT_MAX_UPLOAD_MB = 200;

    /** Settings without a public dashboard address (links then point at this host's dashboard port). */
    public HttpSettings(int port, String bind, Optional<String> apiToken, int dashboardPort,
                        Optional<String> dashboardUser, Optional<String> dashboardPassword, long maxUploadBytes) {
        this(port, bind, apiToken, dashboardPort, dashboardUser, dashboardPassword, maxUploadBytes, Optional.empty());
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
        return new HttpSettings(port, bind, token, dashboardPort, user, password, maxUpload, publicUrl);
    }
}
