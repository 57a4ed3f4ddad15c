package org.hotline.bench;

import io.vertx.core.json.JsonObject;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over one kept-alive socket, written and read on the calling thread: a latency probe that adds next to
 * nothing of its own (no selector thread, no executor hand-off), so what it times is the server.
 */
final class LeanHttp {

    private final String host;
    private final int port;
    private final String token;
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    LeanHttp(String host, int port, String token) {
        this.host = host;
        this.port = port;
        this.token = token;
    }

    void get(String path) {
        exchange("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + token + "\r\n\r\n",
                null);
    }

    void post(String path, JsonObject body) {
        byte[] bytes = body.encode().getBytes(StandardCharsets.UTF_8);
        exchange("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n", bytes);
    }

    private void exchange(String head, byte[] body) {
        try {
            if (socket == null) {
                socket = new Socket(host, port);
                socket.setTcpNoDelay(true);
                out = socket.getOutputStream();
                in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            }
            byte[] h = head.getBytes(StandardCharsets.US_ASCII);
            if (body == null) {
                out.write(h);
            } else {
                byte[] all = new byte[h.length + body.length];
                System.arraycopy(h, 0, all, 0, h.length);
                System.arraycopy(body, 0, all, h.length, body.length);
                out.write(all);
            }
            out.flush();
            read();
        } catch (IOException e) {
            socket = null;
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one response: the status line and headers, then Content-Length bytes of body. */
    private void read() throws IOException {
        String status = line();
        if (!status.startsWith("HTTP/1.1 200")) {
            throw new IllegalStateException("answered " + status);
        }
        int length = -1;
        String l;
        while (!(l = line()).isEmpty()) {
            int colon = l.indexOf(':');
            if (colon > 0 && l.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                length = Integer.parseInt(l.substring(colon + 1).trim());
            }
        }
        if (length < 0) {
            throw new IllegalStateException("no Content-Length");
        }
        in.skipNBytes(length);
    }

    private String line() throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        if (c == -1) {
            throw new IOException("connection closed");
        }
        return b.toString();
    }
}
