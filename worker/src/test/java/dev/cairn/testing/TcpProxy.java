package dev.cairn.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on a free loopback port that forwards every connection to one target, and can make that
 * target unreachable for real: {@link #cut()} drops every open connection and refuses new ones (each is
 * reset as soon as it is accepted, as a host that is down answers), {@link #restore()} forwards again.
 * Put it between a worker and a server the test must not stop (the shared PostgreSQL).
 */
public final class TcpProxy implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MS = 5_000;

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger forwarded = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile boolean cut;

    private TcpProxy(ServerSocket listener, InetSocketAddress target) {
        this.listener = listener;
        this.target = target;
    }

    /**
     * @param host the target's host
     * @param port the target's port
     * @return a running proxy to {@code host:port}
     */
    public static TcpProxy start(String host, int port) {
        try {
            ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            TcpProxy proxy = new TcpProxy(listener, new InetSocketAddress(host, port));
            Thread.ofPlatform().daemon().name("tcp-proxy-" + listener.getLocalPort()).start(proxy::acceptLoop);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the loopback port clients connect to */
    public int port() {
        return listener.getLocalPort();
    }

    /** Drops every open connection now and resets every new one until {@link #restore()}. */
    public void cut() {
        cut = true;
        open.forEach(TcpProxy::reset);
        open.clear();
    }

    /** Forwards new connections again (the dropped ones stay dropped, as after a real outage). */
    public void restore() {
        cut = false;
    }

    /** @return connections forwarded to the target so far */
    public int forwardedConnections() {
        return forwarded.get();
    }

    /** @return connections reset because the proxy was cut */
    public int refusedConnections() {
        return refused.get();
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // why: nothing left to do with a listener that will not close
        }
        open.forEach(TcpProxy::reset);
        open.clear();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException closed) {
                return;
            }
            if (cut) {
                refused.incrementAndGet();
                reset(client);
            } else {
                Thread.ofVirtual().start(() -> forward(client));
            }
        }
    }

    private void forward(Socket client) {
        Socket upstream = new Socket();
        try {
            upstream.connect(target, CONNECT_TIMEOUT_MS);
        } catch (IOException e) {
            reset(client);
            return;
        }
        open.add(client);
        open.add(upstream);
        if (cut) {
            // why: cut() ran while this connection was being set up and did not see it
            refused.incrementAndGet();
            drop(client, upstream);
            return;
        }
        forwarded.incrementAndGet();
        Thread.ofVirtual().start(() -> pump(client, upstream));
        Thread.ofVirtual().start(() -> pump(upstream, client));
    }

    /** Copies one direction until either side closes, then closes both: the protocols proxied here never half-close. */
    private void pump(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[16 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException closed) {
            // why: one side went away (or cut() reset it); the other is closed below
        } finally {
            drop(from, to);
        }
    }

    private void drop(Socket a, Socket b) {
        open.remove(a);
        open.remove(b);
        reset(a);
        reset(b);
    }

    /** Closes with an RST rather than a FIN, so the peer fails at once instead of reading an orderly end. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // why: already closed
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // why: already closed
        }
    }
}
