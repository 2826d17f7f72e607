package dev.gma.testing;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.Executor;

/** The JDK's HTTP server on a free loopback port, for the fakes of GitHub and Google APIs in tests. */
public final class LoopbackHttpServer {

    private LoopbackHttpServer() {}

    /** Started, every path to {@code handler}, on {@code executor}'s threads. */
    public static HttpServer start(HttpHandler handler, Executor executor) throws IOException {
        // Without TCP_NODELAY the server's separate header and body writes meet the client's
        // delayed ACK: ~40 ms per call, which would dominate any test making many calls.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", handler);
        server.setExecutor(executor);
        server.start();
        return server;
    }

    public static URI baseUri(HttpServer server) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }
}
