package dev.cairn.redis;

import redis.clients.jedis.HostAndPort;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A parsed {@code CAIRN_REDIS_URL}: one Redis, a Redis Cluster or a Sentinel-watched master.
 * <ul>
 *   <li>{@code redis://[user:password@]host[:port][/db]}, {@code rediss://…} for TLS: one server</li>
 *   <li>{@code redis-cluster://[user:password@]host1[:port1],host2[:port2][/]}, {@code rediss-cluster://…}
 *       for TLS: the seed nodes of a Redis Cluster (any few of its nodes; the rest are discovered)</li>
 *   <li>{@code redis-sentinel://[user:password@]host1[:port1],host2[:port2]/masterName[?db=N]},
 *       {@code rediss-sentinel://…} for TLS: the sentinels (default port 26379) that know where the master
 *       named {@code masterName} is; the credentials and the database are the master's, the sentinels are
 *       asked without credentials</li>
 * </ul>
 * The authority is parsed here rather than by {@link URI}, which gives up on a comma-separated host list
 * (it still checks the characters, so a host list cannot hold bracketed IPv6 literals: name those nodes).
 * Errors never contain the password. {@link #toString()} is redacted.
 */
public final class RedisUrl {

    /** How Cairn reaches Redis. */
    public enum Mode { STANDALONE, CLUSTER, SENTINEL }

    static final int DEFAULT_PORT = 6379;
    static final int DEFAULT_SENTINEL_PORT = 26379;
    private static final String SCHEMES = "redis://, rediss://, redis-cluster://, rediss-cluster://, redis-sentinel:// or rediss-sentinel://";

    private final URI uri;
    private final Mode mode;
    private final boolean tls;
    private final List<HostAndPort> nodes;
    private final String user;
    private final String password;
    private final int database;
    private final String masterName;

    private RedisUrl(URI uri, Mode mode, boolean tls, List<HostAndPort> nodes, String user, String password, int database, String masterName) {
        this.uri = uri;
        this.mode = mode;
        this.tls = tls;
        this.nodes = List.copyOf(nodes);
        this.user = user;
        this.password = password;
        this.database = database;
        this.masterName = masterName;
    }

    /**
     * @param url the URL as configured
     * @return the parsed URL
     * @throws IllegalArgumentException saying what is wrong (never echoing the password)
     */
    public static RedisUrl parse(String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a valid URL (" + e.getReason() + ")");
        }
        return parse(uri);
    }

    /**
     * @param uri the URL as configured
     * @return the parsed URL
     * @throws IllegalArgumentException saying what is wrong (never echoing the password)
     */
    public static RedisUrl parse(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        Mode mode = switch (scheme) {
            case "redis", "rediss" -> Mode.STANDALONE;
            case "redis-cluster", "rediss-cluster" -> Mode.CLUSTER;
            case "redis-sentinel", "rediss-sentinel" -> Mode.SENTINEL;
            default -> throw new IllegalArgumentException("must start with " + SCHEMES + ", got scheme '" + scheme + "'");
        };
        boolean tls = scheme.startsWith("rediss");
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty()) throw new IllegalArgumentException("has no host: expected " + scheme + "://host:port");
        int at = authority.lastIndexOf('@');
        String user = null;
        String password = null;
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            int colon = userInfo.indexOf(':');
            user = colon < 0 ? null : emptyToNull(decode(userInfo.substring(0, colon)));
            password = emptyToNull(decode(colon < 0 ? userInfo : userInfo.substring(colon + 1)));
        }
        List<HostAndPort> nodes = nodes(authority.substring(at + 1), mode == Mode.SENTINEL ? DEFAULT_SENTINEL_PORT : DEFAULT_PORT, scheme);
        if (mode == Mode.STANDALONE && nodes.size() > 1) {
            throw new IllegalArgumentException("lists " + nodes.size() + " hosts: use redis-cluster:// for a Redis Cluster or redis-sentinel:// for Sentinel");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String query = uri.getRawQuery();
        int database = 0;
        String masterName = null;
        switch (mode) {
            case STANDALONE -> database = database(path.length() > 1 ? path.substring(1) : "0", "a database path");
            case CLUSTER -> {
                if (!path.isEmpty() && !path.equals("/") && !path.equals("/0")) {
                    throw new IllegalArgumentException("has a database path, but a Redis Cluster has only database 0: expected " + scheme + "://host1:port1,host2:port2");
                }
                if (query != null) throw new IllegalArgumentException("takes no parameters in " + scheme + "://, got '?" + query + "'");
            }
            case SENTINEL -> {
                masterName = path.length() > 1 ? decode(path.substring(1)) : "";
                if (masterName.isEmpty() || masterName.contains("/")) {
                    throw new IllegalArgumentException("must name the master after the sentinels: " + scheme + "://host1:26379,host2:26379/mymaster[?db=N]");
                }
                database = sentinelDatabase(query, scheme);
            }
        }
        return new RedisUrl(uri, mode, tls, nodes, user, password, database, masterName);
    }

    private static List<HostAndPort> nodes(String hosts, int defaultPort, String scheme) {
        List<HostAndPort> nodes = new ArrayList<>();
        for (String node : hosts.split(",", -1)) {
            String host = node.trim();
            int port = defaultPort;
            int colon = host.lastIndexOf(':');
            // why: an IPv6 literal is bracketed, [::1]:6379; its own colons are not a port
            if (colon >= 0 && colon > host.lastIndexOf(']')) {
                String portText = host.substring(colon + 1);
                host = host.substring(0, colon);
                try {
                    port = Integer.parseInt(portText);
                } catch (NumberFormatException e) {
                    port = -1;
                }
                // why: not echoed; in a URL missing its '@' the "port" is the password
                if (port < 1 || port > 65535) throw new IllegalArgumentException("has a port that is not a number 1-65535");
            }
            if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
            if (host.isEmpty()) throw new IllegalArgumentException("has an empty host: expected " + scheme + "://host:port" + (scheme.contains("-") ? ",host:port" : ""));
            nodes.add(new HostAndPort(host, port));
        }
        return nodes;
    }

    private static int sentinelDatabase(String query, String scheme) {
        if (query == null || query.isEmpty()) return 0;
        int database = 0;
        for (String parameter : query.split("&")) {
            if (parameter.startsWith("db=")) {
                database = database(parameter.substring(3), "a db parameter");
            } else {
                String name = parameter.contains("=") ? parameter.substring(0, parameter.indexOf('=')) : parameter;
                throw new IllegalArgumentException("has an unknown parameter '" + name + "': " + scheme + ":// takes only ?db=N");
            }
        }
        return database;
    }

    private static int database(String text, String what) {
        try {
            int db = Integer.parseInt(text);
            if (db >= 0) return db;
        } catch (NumberFormatException e) {
            // why: reported below with the other bad values
        }
        throw new IllegalArgumentException("has " + what + " that is not a database number: '" + text + "'");
    }

    /**
     * Replaces the password in a Redis URL of any form by {@code ***}, for logs and messages.
     *
     * @param url any URL, even one that does not parse
     * @return the URL without its password
     */
    public static String redact(String url) {
        int start = url.indexOf("://");
        if (start < 0) return url;
        start += 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) end++;
        int at = url.lastIndexOf('@', end - 1);
        if (at < start) return url;
        String userInfo = url.substring(start, at);
        int colon = userInfo.indexOf(':');
        String safe = colon < 0 ? "***" : userInfo.substring(0, colon) + ":***";
        return url.substring(0, start) + safe + url.substring(at);
    }

    /** @return the URL as configured (with its password: never log it, log {@link #toString()}) */
    public URI uri() {
        return uri;
    }

    /** @return standalone, cluster or sentinel */
    public Mode mode() {
        return mode;
    }

    /** @return whether every connection uses TLS ({@code rediss…} schemes) */
    public boolean tls() {
        return tls;
    }

    /** @return the server, the cluster's seed nodes or the sentinels, in the order given */
    public List<HostAndPort> nodes() {
        return nodes;
    }

    /** @return the ACL user, if the URL names one */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /** @return the password, if the URL has one */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** @return the database number (always 0 on a cluster) */
    public int database() {
        return database;
    }

    /** @return the master's name under Sentinel; empty otherwise */
    public Optional<String> masterName() {
        return Optional.ofNullable(masterName);
    }

    /** @return the URL without its password */
    @Override
    public String toString() {
        return redact(uri.toString());
    }

    private static String decode(String s) {
        try {
            // why: percent-decoding only; a '+' in a password is a plus, not a space as in a form
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // why: the decoder's message quotes the text, which may be the password
            throw new IllegalArgumentException("has a bad %-escape in its user, password or master name");
        }
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
