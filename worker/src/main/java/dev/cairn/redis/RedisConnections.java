package dev.cairn.redis;

import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.executors.CommandExecutor;
import redis.clients.jedis.exceptions.JedisException;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Builds Redis clients from the URL forms {@link RedisUrl} parses:
 * <ul>
 *   <li>{@code redis://[user:password@]host:port[/db]}, {@code rediss://…} for TLS: one server</li>
 *   <li>{@code redis-cluster://[user:password@]host1:port1,host2:port2[/]}, {@code rediss-cluster://…}:
 *       a Redis Cluster, reached through any of its seed nodes</li>
 *   <li>{@code redis-sentinel://[user:password@]host1:26379,host2:26379/masterName[?db=N]},
 *       {@code rediss-sentinel://…}: the master the sentinels name, followed across failovers</li>
 * </ul>
 * Cairn's keys and scripts work unchanged on each: every multi-key script's keys share one hash tag
 * (see {@link RedisKeys}), so each script touches one Cluster slot, and the pub/sub channels use
 * classic PUBLISH/SUBSCRIBE, which a Cluster broadcasts to every node.
 */
public final class RedisConnections {

    /** Connect and read timeout: a Redis that does not answer within this is treated as down. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    /** Pool size (per node on a Cluster): one connection per busy worker thread plus the HTTP API. */
    public static final int DEFAULT_MAX_CONNECTIONS = 64;

    /** How often idle pooled connections are tested (PING), so dead ones are dropped before a call meets them. */
    public static final Duration IDLE_TEST_EVERY = Duration.ofSeconds(5);

    private RedisConnections() {
    }

    /**
     * A pooled, thread-safe client for any URL form: a {@link RedisClient}, a {@link RedisClusterClient}
     * (which routes each command and script by its first key's slot) or a {@link RedisSentinelClient}.
     * A Cluster or Sentinel client asks its seeds or sentinels for the topology at once, so it fails here
     * (a {@link JedisConnectionException} naming the redacted URL) when none of them answers.
     *
     * @param url any form {@link RedisUrl} accepts
     * @return the client; close it when done
     * @throws IllegalArgumentException when the URL is not one of those forms
     */
    public static UnifiedJedis open(URI url) {
        return open(url, null);
    }

    /**
     * {@link #open(URI)} with every command of the client run through a circuit breaker (the worker's client).
     *
     * @param url     any form {@link RedisUrl} accepts
     * @param breaker the breaker; {@code null} for none
     * @return the client; close it when done
     */
    public static UnifiedJedis open(URI url, RedisCircuitBreaker breaker) {
        RedisUrl parsed = RedisUrl.parse(url);
        try {
            return switch (parsed.mode()) {
                case STANDALONE -> standalone(parsed, breaker);
                case CLUSTER -> new RedisClusterClient.Builder() {
                    @Override
                    protected CommandExecutor createDefaultCommandExecutor() {
                        return wrapped(breaker, super.createDefaultCommandExecutor());
                    }
                }.nodes(new LinkedHashSet<>(parsed.nodes())).clientConfig(clientConfig(parsed).build()).poolConfig(pool()).build();
                case SENTINEL -> new RedisSentinelClient.Builder() {
                    @Override
                    protected CommandExecutor createDefaultCommandExecutor() {
                        return wrapped(breaker, super.createDefaultCommandExecutor());
                    }
                }.masterName(parsed.masterName().orElseThrow())
                        .sentinels(new LinkedHashSet<>(parsed.nodes()))
                        .sentinelClientConfig(sentinelConfig(parsed).build())
                        .clientConfig(clientConfig(parsed).build()).poolConfig(pool()).build();
            };
        } catch (JedisException e) {
            // why: Jedis' own message ("Could not initialize cluster slots cache.") names neither the URL nor the mode
            String what = switch (parsed.mode()) {
                case STANDALONE -> "Redis";
                case CLUSTER -> "Redis Cluster";
                case SENTINEL -> "Redis master through Sentinel";
            };
            throw new JedisConnectionException("cannot reach the " + what + " at " + parsed + " (" + e.getMessage() + ")", e);
        }
    }

    private static CommandExecutor wrapped(RedisCircuitBreaker breaker, CommandExecutor executor) {
        return breaker == null ? executor : breaker.wrap(executor);
    }

    /**
     * A pooled, thread-safe client of one Redis server (tests and benchmarks that need a
     * {@link RedisClient}); the worker itself uses {@link #open(URI)}.
     *
     * @param url {@code redis://[user:password@]host:port[/db]} or {@code rediss://…} for TLS
     * @return the client; it connects on first use
     * @throws IllegalArgumentException for a Cluster or Sentinel URL, or one that does not parse
     */
    public static RedisClient connect(URI url) {
        RedisUrl parsed = RedisUrl.parse(url);
        if (parsed.mode() != RedisUrl.Mode.STANDALONE) {
            throw new IllegalArgumentException("connect() takes a redis:// or rediss:// URL; use open() for " + parsed.mode() + ": " + parsed);
        }
        return standalone(parsed, null);
    }

    private static RedisClient standalone(RedisUrl url, RedisCircuitBreaker breaker) {
        // why: the builder makes the client's executor from its connection provider; wrapping it keeps both Jedis' own
        return new RedisClient.Builder() {
            @Override
            protected CommandExecutor createDefaultCommandExecutor() {
                return wrapped(breaker, super.createDefaultCommandExecutor());
            }
        }.hostAndPort(url.nodes().get(0)).clientConfig(clientConfig(url).build()).poolConfig(pool()).build();
    }

    /**
     * A connection of its own, outside any pool: for a subscription, which must never go back to a pool
     * that would hand it to an ordinary command while messages still arrive on it. On a Cluster it goes
     * to the first seed node that answers (a Cluster delivers every PUBLISH to every node); under Sentinel
     * to the master the first answering sentinel names (PUBLISH is also replicated, so a subscription
     * left on a demoted master keeps hearing until it drops and is reopened here).
     *
     * @param url any form {@link RedisUrl} accepts
     * @return the connection; close it when done
     * @throws JedisException when no seed node or sentinel answers ({@link RedisSubscriber} retries)
     */
    public static Jedis dedicated(URI url) {
        RedisUrl parsed = RedisUrl.parse(url);
        return switch (parsed.mode()) {
            case STANDALONE -> new Jedis(parsed.nodes().get(0), subscriberConfig(parsed));
            case CLUSTER -> firstAnswering(parsed.nodes(), subscriberConfig(parsed));
            case SENTINEL -> new Jedis(currentMaster(parsed), subscriberConfig(parsed));
        };
    }

    private static Jedis firstAnswering(List<HostAndPort> nodes, DefaultJedisClientConfig config) {
        JedisException last = null;
        for (HostAndPort node : nodes) {
            Jedis jedis = null;
            try {
                jedis = new Jedis(node, config);
                jedis.connect();
                return jedis;
            } catch (JedisException e) {
                if (jedis != null) jedis.close();
                last = e;
            }
        }
        throw new JedisConnectionException("no seed node of the Redis Cluster answered", last);
    }

    private static HostAndPort currentMaster(RedisUrl url) {
        String master = url.masterName().orElseThrow();
        JedisException last = null;
        for (HostAndPort sentinel : url.nodes()) {
            try (Jedis jedis = new Jedis(sentinel, sentinelConfig(url).build())) {
                List<String> address = jedis.sentinelGetMasterAddrByName(master);
                if (address != null && address.size() == 2) return new HostAndPort(address.get(0), Integer.parseInt(address.get(1)));
                last = new JedisException("sentinel " + sentinel + " does not know a master named '" + master + "'");
            } catch (JedisException e) {
                last = e;
            }
        }
        throw new JedisConnectionException("no sentinel named the master '" + master + "'", last);
    }

    private static DefaultJedisClientConfig subscriberConfig(RedisUrl url) {
        // why: a plain Jedis speaks RESP2; say so, or Jedis warns about protocol negotiation on every connect
        return clientConfig(url).autoNegotiateProtocol(false).build();
    }

    private static GenericObjectPoolConfig<Connection> pool() {
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(DEFAULT_MAX_CONNECTIONS);
        pool.setMaxIdle(DEFAULT_MAX_CONNECTIONS);
        pool.setMinIdle(2);
        pool.setMaxWait(DEFAULT_TIMEOUT);
        pool.setTestWhileIdle(true);
        // why: without evictor runs "test while idle" never tests; after a Redis restart every idle connection
        // is dead, and each would fail the call that borrows it. Every 5 s all idle ones get a PING.
        pool.setTimeBetweenEvictionRuns(IDLE_TEST_EVERY);
        pool.setNumTestsPerEvictionRun(-1);
        return pool;
    }

    /** The data nodes' settings: credentials and database from the URL. */
    private static DefaultJedisClientConfig.Builder clientConfig(RedisUrl url) {
        DefaultJedisClientConfig.Builder config = baseConfig(url.tls()).database(url.database());
        url.user().ifPresent(config::user);
        url.password().ifPresent(config::password);
        return config;
    }

    /** The sentinels' settings: no credentials (the URL's are the master's), TLS as the scheme says. */
    private static DefaultJedisClientConfig.Builder sentinelConfig(RedisUrl url) {
        // why: sentinels are always spoken to by a plain Jedis (RESP2), here and inside the Sentinel client
        return baseConfig(url.tls()).autoNegotiateProtocol(false);
    }

    private static DefaultJedisClientConfig.Builder baseConfig(boolean tls) {
        return DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) DEFAULT_TIMEOUT.toMillis())
                .socketTimeoutMillis((int) DEFAULT_TIMEOUT.toMillis())
                .clientName("cairn-worker")
                .ssl(tls);
    }

    /**
     * @param url a Redis URL of any form, even one that does not parse
     * @return the URL with any password replaced by {@code ***}, for logs
     */
    public static String redact(URI url) {
        return RedisUrl.redact(url.toString());
    }
}
