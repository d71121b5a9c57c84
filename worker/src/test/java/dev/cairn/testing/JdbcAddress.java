package dev.cairn.testing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The host and port of a {@code jdbc:postgresql://host[:port]/…} URL, and the same URL pointed elsewhere
 * (at a {@link TcpProxy}), with its database, user and parameters unchanged.
 *
 * @param host the server's host
 * @param port its port (5432 when the URL names none)
 */
public record JdbcAddress(String host, int port) {

    private static final Pattern URL = Pattern.compile("^(jdbc:postgresql://)([^/:?]+)(?::(\\d+))?(.*)$");

    /** @return the address {@code jdbcUrl} connects to */
    public static JdbcAddress of(String jdbcUrl) {
        Matcher m = matcher(jdbcUrl);
        return new JdbcAddress(m.group(2), m.group(3) == null ? 5432 : Integer.parseInt(m.group(3)));
    }

    /** @return {@code jdbcUrl} connecting to {@code host:port} instead */
    public static String redirect(String jdbcUrl, String host, int port) {
        Matcher m = matcher(jdbcUrl);
        return m.group(1) + host + ":" + port + m.group(4);
    }

    private static Matcher matcher(String jdbcUrl) {
        Matcher m = URL.matcher(jdbcUrl);
        if (!m.matches()) throw new IllegalArgumentException("not a single-host jdbc:postgresql:// URL: " + jdbcUrl);
        return m;
    }
}
