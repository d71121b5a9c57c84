package dev.cairn.redis;

import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Builds Redis clients from {@code redis://} / {@code rediss://} URLs. */
public final class RedisConnections {

    /** Connect and read timeout: a Redis that does not answer within this is treated as down. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    /** Pool size: one connection per busy worker thread plus the HTTP API. */
    public static final int DEFAULT_MAX_CONNECTIONS = 64;

    private RedisConnections() {
    }

    /**
     * @param url {@code redis://[user:password@]host:port[/db]} or {@code rediss://…} for TLS
     * @return a pooled, thread-safe client
     */
    public static RedisClient connect(URI url) {
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(DEFAULT_MAX_CONNECTIONS);
        pool.setMaxIdle(DEFAULT_MAX_CONNECTIONS);
        pool.setMinIdle(2);
        pool.setMaxWait(DEFAULT_TIMEOUT);
        pool.setTestWhileIdle(true);
        return RedisClient.builder().hostAndPort(hostAndPort(url)).clientConfig(clientConfig(url)).poolConfig(pool).build();
    }

    /**
     * A connection of its own, outside any pool: for a subscription, which must never go back to a pool
     * that would hand it to an ordinary command while messages still arrive on it.
     *
     * @param url as for {@link #connect(URI)}
     * @return an unconnected client; it connects on first use; close it when done
     */
    public static Jedis dedicated(URI url) {
        // why: a plain Jedis speaks RESP2; say so, or Jedis warns about protocol negotiation on every connect
        return new Jedis(hostAndPort(url), DefaultJedisClientConfig.builder().from(clientConfig(url)).autoNegotiateProtocol(false).build());
    }

    private static HostAndPort hostAndPort(URI url) {
        return new HostAndPort(url.getHost(), url.getPort() > 0 ? url.getPort() : 6379);
    }

    private static DefaultJedisClientConfig clientConfig(URI url) {
        String scheme = url.getScheme();
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) DEFAULT_TIMEOUT.toMillis())
                .socketTimeoutMillis((int) DEFAULT_TIMEOUT.toMillis())
                .clientName("cairn-worker")
                .ssl("rediss".equalsIgnoreCase(scheme));
        String userInfo = url.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            String user = colon < 0 ? null : decode(userInfo.substring(0, colon));
            String password = decode(colon < 0 ? userInfo : userInfo.substring(colon + 1));
            if (user != null && !user.isEmpty()) config.user(user);
            if (!password.isEmpty()) config.password(password);
        }
        String path = url.getPath();
        if (path != null && path.length() > 1) {
            try {
                config.database(Integer.parseInt(path.substring(1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("CAIRN_REDIS_URL has a database path that is not a number: " + path);
            }
        }
        return config.build();
    }

    /** @return the URL with any password replaced by {@code ***}, for logs */
    public static String redact(URI url) {
        String userInfo = url.getRawUserInfo();
        if (userInfo == null) return url.toString();
        int colon = userInfo.indexOf(':');
        String safe = colon < 0 ? "***" : userInfo.substring(0, colon) + ":***";
        return url.toString().replace(userInfo + "@", safe + "@");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
