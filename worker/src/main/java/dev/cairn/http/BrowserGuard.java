package dev.cairn.http;

import dev.cairn.config.HttpSettings;
import dev.cairn.http.internal.ErrorCodes;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What keeps a web page the user happens to open from driving the worker through their browser, for the API
 * and the JobRunr dashboard alike:
 * <ul>
 *   <li>a {@code Host} the worker does not answer to is refused (421), so DNS rebinding cannot read or drive
 *       it ({@link HostNames});</li>
 *   <li>a call that changes state is refused (403) when the browser says it comes from another site:
 *       {@code Sec-Fetch-Site} other than {@code same-origin}/{@code none}, or an {@code Origin} that is not
 *       the address the request was sent to. Browsers send {@code Origin} on every cross-origin POST, form
 *       or {@code fetch(..., {mode: "no-cors"})}; the CLI and {@code CairnClient} send neither header.</li>
 * </ul>
 * The content types a browser may send cross-site without asking first are refused by the API itself.
 */
public final class BrowserGuard {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> OWN_SITE = Set.of("same-origin", "none");

    /**
     * Why a request was refused, as the response should say it.
     *
     * @param status  421 or 403
     * @param error   the {@code error} code
     * @param message a sentence for a human
     */
    public record Refusal(int status, String error, String message) {
    }

    private final HostNames hosts;

    private BrowserGuard(HostNames hosts) {
        this.hosts = hosts;
    }

    /** @param settings the bind address and {@code CAIRN_HTTP_ALLOWED_HOSTS} @return the guard of those servers */
    public static BrowserGuard of(HttpSettings settings) {
        return new BrowserGuard(new HostNames(settings.bind(), settings.allowedHosts()));
    }

    /** @param method an HTTP method @return whether it only reads (GET, HEAD, OPTIONS) */
    public static boolean isSafe(String method) {
        return SAFE_METHODS.contains(method.toUpperCase(Locale.ROOT));
    }

    /**
     * @param hostHeader the request's {@code Host}, {@code null} when it has none (HTTP/1.0: not a browser)
     * @return a 421 when the worker does not answer to that name
     */
    public Optional<Refusal> checkHost(String hostHeader) {
        if (hostHeader == null || hosts.allows(hostHeader)) return Optional.empty();
        return Optional.of(new Refusal(421, ErrorCodes.MISDIRECTED_REQUEST, "this worker does not answer to the host name '"
                + HostNames.name(hostHeader).orElse(hostHeader) + "'; add it to CAIRN_HTTP_ALLOWED_HOSTS if it is yours "
                + "(the bind address, localhost and loopback addresses are always accepted)"));
    }

    /**
     * @param method       the request's method; only calls that change state are checked
     * @param hostHeader   its {@code Host}
     * @param origin       its {@code Origin}, or {@code null}
     * @param secFetchSite its {@code Sec-Fetch-Site}, or {@code null}
     * @return a 403 when a browser sent it from another site
     */
    public Optional<Refusal> checkCrossSite(String method, String hostHeader, String origin, String secFetchSite) {
        if (isSafe(method)) return Optional.empty();
        if (secFetchSite != null && !OWN_SITE.contains(secFetchSite.trim().toLowerCase(Locale.ROOT))) {
            return refuse("the browser says this call comes from another site (Sec-Fetch-Site: " + secFetchSite.trim() + ")");
        }
        if (origin != null && !sameOrigin(origin.trim(), hostHeader)) {
            return refuse("the browser says this call comes from the page '" + origin.trim() + "', not from this worker");
        }
        return Optional.empty();
    }

    private static Optional<Refusal> refuse(String why) {
        return Optional.of(new Refusal(403, ErrorCodes.CROSS_SITE_REQUEST, why + "; a page in a browser may not change the worker's "
                + "state: use the cairn CLI, CairnClient or curl"));
    }

    /**
     * Whether {@code origin} names the address the request went to. The scheme is not compared: behind a proxy
     * that ends TLS the worker sees http while the page was https.
     */
    private static boolean sameOrigin(String origin, String hostHeader) {
        if (hostHeader == null || origin.equalsIgnoreCase("null")) return false;
        URI uri;
        try {
            uri = new URI(origin);
        } catch (URISyntaxException e) {
            return false;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) return false;
        int defaultPort = scheme.equals("https") ? 443 : 80;
        int originPort = uri.getPort() < 0 ? defaultPort : uri.getPort();
        int hostPort = HostNames.port(hostHeader);
        return HostNames.name(uri.getHost()).equals(HostNames.name(hostHeader)) && originPort == (hostPort == -1 ? defaultPort : hostPort);
    }
}
