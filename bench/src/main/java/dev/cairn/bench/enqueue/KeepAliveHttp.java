package dev.cairn.bench.enqueue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The enqueue figure's HTTP client: plain HTTP/1.1 over keep-alive sockets, a request written in one go and
 * the answer read by its {@code Content-Length} (or chunks). Why not {@code java.net.http.HttpClient}: on these
 * 2 cores, 8 threads of it took more CPU than the worker they called (a JFR profile of 2026-12-06: the client JVM
 * at ~1.1 cores, the worker at ~0.75), so the figure measured the client as much as Cairn; a producer in another
 * process or machine pays its own client. One connection per concurrent call, reused; all closed by {@link #close()}.
 */
final class KeepAliveHttp implements AutoCloseable {

    /** A status and a body. */
    record Answer(int status, String body) {
    }

    private final String host;
    private final int port;
    private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Connection> all = new ConcurrentLinkedQueue<>();

    KeepAliveHttp(URI base) {
        this.host = base.getHost();
        this.port = base.getPort();
    }

    /** @return the answer to {@code POST path} with a JSON body */
    Answer postJson(String path, String json) throws IOException {
        Connection c = idle.poll();
        if (c == null) {
            c = new Connection();
            all.add(c);
        }
        try {
            Answer answer = c.post(path, json);
            idle.add(c);
            return answer;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    @Override
    public void close() {
        all.forEach(Connection::close);
    }

    private final class Connection {
        private final Socket socket = new Socket();
        private final OutputStream out;
        private final InputStream in;

        Connection() throws IOException {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream());
        }

        Answer post(String path, String json) throws IOException {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n";
            byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
            byte[] request = new byte[headBytes.length + body.length];
            System.arraycopy(headBytes, 0, request, 0, headBytes.length);
            System.arraycopy(body, 0, request, headBytes.length, body.length);
            out.write(request);
            out.flush();
            String statusLine = line();
            int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
            int length = -1;
            boolean chunked = false;
            for (String h = line(); !h.isEmpty(); h = line()) {
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) length = Integer.parseInt(h.substring(15).trim());
                if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) chunked = true;
            }
            return new Answer(status, chunked ? chunks() : new String(in.readNBytes(Math.max(0, length)), StandardCharsets.UTF_8));
        }

        private String chunks() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0; size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                body.write(in.readNBytes(size));
                line();
            }
            line();
            return body.toString(StandardCharsets.UTF_8);
        }

        private String line() throws IOException {
            StringBuilder s = new StringBuilder();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) throw new IOException("the worker closed the connection");
                if (b != '\r') s.append((char) b);
            }
            return s.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
