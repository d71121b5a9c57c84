package dev.cairn.testing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The outage helper itself: it forwards, a cut drops open connections and refuses new ones, a restore forwards again. */
class TcpProxyTest {

    private ServerSocket echo;
    private TcpProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::echoLoop);
        proxy = TcpProxy.start("127.0.0.1", echo.getLocalPort());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void shouldForwardBothWays() throws IOException {
        try (Socket client = connect()) {
            assertThat(roundTrip(client, "hello")).isEqualTo("hello");
        }
        assertThat(proxy.forwardedConnections()).isEqualTo(1);
    }

    @Test
    void shouldDropOpenConnectionsAndRefuseNewOnesWhileCut() throws IOException {
        try (Socket open = connect()) {
            assertThat(roundTrip(open, "before")).isEqualTo("before");
            proxy.cut();
            assertThatThrownBy(() -> roundTrip(open, "during")).isInstanceOf(IOException.class);
        }
        try (Socket refused = connect()) {
            assertThatThrownBy(() -> roundTrip(refused, "during")).isInstanceOf(IOException.class);
        }
        assertThat(proxy.refusedConnections()).isEqualTo(1);
    }

    @Test
    void shouldForwardAgainOnceRestored() throws IOException {
        proxy.cut();
        proxy.restore();
        try (Socket client = connect()) {
            assertThat(roundTrip(client, "after")).isEqualTo("after");
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        socket.setSoTimeout(5_000);
        return socket;
    }

    /** Sends a line and reads the echo; a dropped connection reads an end of stream, reported as an IOException. */
    private static String roundTrip(Socket socket, String text) throws IOException {
        socket.getOutputStream().write((text + "\n").getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) throw new IOException("the connection was closed");
            line.append((char) c);
        }
        return line.toString();
    }

    private void echoLoop() {
        while (!echo.isClosed()) {
            try {
                Socket s = echo.accept();
                Thread.ofVirtual().start(() -> {
                    try (s) {
                        s.getInputStream().transferTo(s.getOutputStream());
                    } catch (IOException ignored) {
                        // why: the proxy dropped it
                    }
                });
            } catch (IOException closed) {
                return;
            }
        }
    }
}
