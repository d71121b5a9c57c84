package dev.cairn.cli;

import dev.cairn.api.client.CairnClient;
import dev.cairn.api.client.RateLimitWait;
import dev.cairn.config.ConfigException;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Where the client commands find the worker: {@code CAIRN_URL}, and the token sent on every call:
 * {@code CAIRN_API_TOKEN}, else the read-only {@code CAIRN_API_READ_TOKEN} (enough for {@code status},
 * {@code breakers}, {@code dlq list/show/stats/export}).
 *
 * @param url   the worker's base URL
 * @param token the token, {@code null} when neither is set
 */
record ClientSettings(URI url, String token) {

    static ClientSettings fromEnv(Function<String, String> env) {
        String raw = env.apply("CAIRN_URL");
        URI url = raw == null || raw.isBlank() ? CairnClient.DEFAULT_URL : parse(raw.trim());
        String token = env.apply("CAIRN_API_TOKEN");
        if (token == null || token.isBlank()) token = env.apply("CAIRN_API_READ_TOKEN");
        return new ClientSettings(url, token == null || token.isBlank() ? null : token.trim());
    }

    /**
     * @param maxWait  how long one call may wait out the worker's rate limits
     * @param listener told of each such wait
     * @return a client of the worker
     */
    CairnClient client(Duration maxWait, Consumer<RateLimitWait> listener) {
        return CairnClient.builder(url).apiToken(token).maxRateLimitWait(maxWait).onRateLimitWait(listener).build();
    }

    private static URI parse(String raw) {
        URI url;
        try {
            url = new URI(raw);
        } catch (URISyntaxException e) {
            throw bad(raw);
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null || url.getPort() > 65535
                || url.getRawQuery() != null || url.getRawFragment() != null) {
            throw bad(raw);
        }
        return url;
    }

    private static ConfigException bad(String raw) {
        return new ConfigException("CAIRN_URL", "must be the worker's http:// or https:// address, e.g. http://127.0.0.1:8080, got '" + raw + "'");
    }
}
