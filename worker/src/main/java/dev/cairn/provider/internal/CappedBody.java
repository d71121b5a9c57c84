package dev.cairn.provider.internal;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A response body read up to a cap. Past the cap the download is cancelled and the body is marked
 * truncated, so a misbehaving server cannot make the worker buffer an unbounded reply.
 */
final class CappedBody implements HttpResponse.BodySubscriber<CappedBody.Bytes> {

    /**
     * @param data      the bytes read, at most the cap
     * @param truncated whether the server sent more than the cap
     */
    record Bytes(byte[] data, boolean truncated) {
        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    private final int cap;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final CompletableFuture<Bytes> result = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;

    private CappedBody(int cap) {
        this.cap = cap;
    }

    /**
     * @param cap    the most bytes to keep
     * @param latest receives the body subscriber of the response, so a caller that gives up can {@link #abort()} it
     * @return a handler giving every response a fresh capped body
     */
    static HttpResponse.BodyHandler<Bytes> handler(int cap, AtomicReference<CappedBody> latest) {
        return info -> {
            CappedBody body = new CappedBody(cap);
            latest.set(body);
            return body;
        };
    }

    /**
     * Stops reading: cancels the download, which makes the client close the connection. For a caller
     * that stopped waiting, so a server stalling mid-body does not keep the connection forever.
     */
    void abort() {
        Flow.Subscription s = subscription;
        if (s != null) s.cancel();
        result.cancel(false);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) return;
        for (ByteBuffer buffer : items) {
            int room = cap - out.size();
            int n = Math.min(room, buffer.remaining());
            byte[] chunk = new byte[n];
            buffer.get(chunk);
            out.writeBytes(chunk);
            if (buffer.hasRemaining()) {
                subscription.cancel();
                result.complete(new Bytes(out.toByteArray(), true));
                return;
            }
        }
    }

    @Override
    public void onError(Throwable error) {
        result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        result.complete(new Bytes(out.toByteArray(), false));
    }

    @Override
    public CompletionStage<Bytes> getBody() {
        return result;
    }
}
