package dev.gma.github;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An archive host that misbehaves in ways WireMock cannot: it announces a {@code Content-Length},
 * sends only the first {@code sent} bytes of the body and then either hangs up (a truncated
 * archive) or stalls until closed (a download that stops moving). Loopback, free port; every
 * connection is served on its own daemon thread and every wait is bounded.
 */
public final class RawArchiveServer implements AutoCloseable {

    private final ServerSocket server;
    private final Thread acceptor;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicInteger requests = new AtomicInteger();

    private RawArchiveServer(byte[] body, int sent, boolean stall) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread serving = new Thread(() -> serve(socket, body, sent, stall), "raw-archive-connection");
                    serving.setDaemon(true);
                    serving.start();
                } catch (IOException e) {
                    return; // closed
                }
            }
        }, "raw-archive-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Announces all of {@code body}, sends {@code sent} bytes of it, then closes the connection. */
    public static RawArchiveServer truncating(byte[] body, int sent) throws IOException {
        return new RawArchiveServer(body, sent, false);
    }

    /** Announces all of {@code body}, sends {@code sent} bytes of it, then sends nothing more until closed. */
    public static RawArchiveServer stalling(byte[] body, int sent) throws IOException {
        return new RawArchiveServer(body, sent, true);
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + path);
    }

    public int requests() {
        return requests.get();
    }

    private void serve(Socket socket, byte[] body, int sent, boolean stall) {
        try (socket) {
            skipRequestHead(socket.getInputStream());
            requests.incrementAndGet();
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, sent);
            out.flush();
            if (stall) {
                closed.await(30, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            // the client went away: nothing to serve
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads up to the blank line that ends the request head (at most 64 KiB). */
    private static void skipRequestHead(InputStream in) throws IOException {
        int matched = 0;
        for (int i = 0; i < 65_536 && matched < 4; i++) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("request ended before its head");
            }
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    @Override
    public void close() {
        closed.countDown();
        try {
            server.close();
            acceptor.join(5_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
