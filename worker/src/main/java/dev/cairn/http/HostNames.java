package dev.cairn.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The host names the worker's HTTP servers answer to. A browser tricked by DNS rebinding sends the attacker's
 * name in {@code Host} while talking to our socket, so a name we do not know is refused: only the bind
 * address, loopback ({@code localhost}, {@code *.localhost}, {@code 127.0.0.0/8}, {@code ::1}) and the names
 * of {@code CAIRN_HTTP_ALLOWED_HOSTS} pass. Bound to every interface ({@code 0.0.0.0}, {@code ::}), the worker
 * cannot know its own addresses, so every IP literal passes too: no page can rebind an IP literal, since
 * rebinding needs a DNS name the attacker controls.
 */
final class HostNames {

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]*:[0-9a-f:.]*");

    private final String bind;
    private final boolean anyIpLiteral;
    private final List<String> allowed;
    private final boolean anyName;

    /**
     * @param bind    {@code CAIRN_HTTP_BIND}
     * @param allowed {@code CAIRN_HTTP_ALLOWED_HOSTS}, lower case, validated by the config
     */
    HostNames(String bind, List<String> allowed) {
        String address = literal(bind.toLowerCase(Locale.ROOT)).orElse(bind.toLowerCase(Locale.ROOT));
        this.anyIpLiteral = address.equals("0.0.0.0") || address.equals("::");
        this.bind = address;
        this.allowed = allowed.stream().map(h -> literal(h).orElse(h)).toList();
        this.anyName = allowed.contains("*");
    }

    /**
     * @param hostHeader the request's {@code Host} header, e.g. {@code 127.0.0.1:8080} or {@code [::1]:8080}
     * @return whether the worker answers to that name
     */
    boolean allows(String hostHeader) {
        if (anyName) return true;
        Optional<String> name = name(hostHeader);
        if (name.isEmpty()) return false;
        String host = name.get();
        Optional<String> ip = literal(host);
        if (ip.isPresent()) {
            return anyIpLiteral || ip.get().equals(bind) || isLoopback(ip.get()) || allowed.contains(ip.get());
        }
        if (host.equals("localhost") || host.endsWith(".localhost") || host.equals(bind)) return true;
        for (String pattern : allowed) {
            if (pattern.equals(host) || pattern.startsWith("*.") && host.endsWith(pattern.substring(1))) return true;
        }
        return false;
    }

    /** @return the host of a {@code Host} header or an origin's authority, lower case, without port, brackets or final dot */
    static Optional<String> name(String authority) {
        if (authority == null) return Optional.empty();
        String host = authority.trim().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            if (end < 0) return Optional.empty();
            host = host.substring(1, end);
        } else {
            int colon = host.indexOf(':');
            if (colon >= 0) host = host.substring(0, colon);
        }
        if (host.endsWith(".")) host = host.substring(0, host.length() - 1);
        return host.isEmpty() ? Optional.empty() : Optional.of(host);
    }

    /** @return the port of a {@code Host} header, or -1 when it names none */
    static int port(String authority) {
        String text = authority.trim();
        int end = text.startsWith("[") ? text.indexOf(']') : -1;
        int colon = text.indexOf(':', Math.max(end, 0));
        if (colon < 0) return -1;
        try {
            return Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            return -2; // why: not -1, so a garbled port never equals a missing one
        }
    }

    /**
     * @param host a host without brackets
     * @return its canonical text when it is an IP literal ({@code ::1} for {@code 0:0:0:0:0:0:0:1}); empty for a name
     */
    private static Optional<String> literal(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (IPV4.matcher(bare).matches()) return Optional.of(bare);
        if (!IPV6.matcher(bare).matches()) return Optional.empty();
        try {
            // why: safe to hand to InetAddress only now: text with a colon is parsed as a literal, never looked up in DNS
            InetAddress address = InetAddress.getByName(bare);
            String text = address.getHostAddress();
            return Optional.of(text.equals("0:0:0:0:0:0:0:0") ? "::" : text.equals("0:0:0:0:0:0:0:1") ? "::1" : text);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static boolean isLoopback(String ip) {
        return ip.startsWith("127.") || ip.equals("::1");
    }
}
