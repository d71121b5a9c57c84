package dev.cairn.redis;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script run with {@code EVALSHA} (one round trip), falling back to {@code EVAL} once when the
 * server does not have it cached (after a restart or {@code SCRIPT FLUSH}).
 */
public final class LuaScript {

    private final String name;
    private final String source;
    private final String sha1;

    private LuaScript(String name, String source) {
        this.name = name;
        this.source = source;
        this.sha1 = sha1(source);
    }

    /**
     * @param owner    a class next to whose package the script lives as a resource
     * @param resource the resource name, e.g. {@code checkpoint-begin.lua}
     * @return the script
     */
    public static LuaScript fromResource(Class<?> owner, String resource) {
        return new LuaScript(resource, read(owner, resource));
    }

    /**
     * A script made of a shared library and a body, e.g. helper functions several scripts use.
     *
     * @param owner    a class next to whose package the scripts live as resources
     * @param library  the resource prepended, e.g. {@code dlq-lib.lua}
     * @param resource the script's body
     * @return the script
     */
    public static LuaScript fromResources(Class<?> owner, String library, String resource) {
        return new LuaScript(resource, read(owner, library) + "\n" + read(owner, resource));
    }

    private static String read(Class<?> owner, String resource) {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing script resource " + resource + " next to " + owner.getName());
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the script.
     *
     * @param redis the client
     * @param keys  KEYS
     * @param args  ARGV
     * @return the script's reply (strings, longs, lists)
     */
    public Object run(UnifiedJedis redis, List<String> keys, List<String> args) {
        try {
            return redis.evalsha(sha1, keys, args);
        } catch (JedisDataException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith("NOSCRIPT")) throw e;
            return redis.eval(source, keys, args);
        }
    }

    /** @return the SHA-1 that {@code EVALSHA} names the script by */
    public String sha1() {
        return sha1;
    }

    /** @return the script's file name */
    public String name() {
        return name;
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
