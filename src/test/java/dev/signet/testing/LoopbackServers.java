package dev.signet.testing;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/** Creates the JDK's HTTP(S) server on a free loopback port, for the test servers in this package. */
final class LoopbackServers {
    static {
        // the JDK server writes headers and body separately; without TCP_NODELAY each answer waits out the client's
        // delayed ACK (about 40 ms), which turns a 100-request test into seconds
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private LoopbackServers() {
    }

    /** A started-later server on 127.0.0.1, HTTPS when {@code tls} is given, with a thread per exchange. */
    static HttpServer create(TestCertificate tls) throws IOException {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        HttpServer server;
        if (tls == null) {
            server = HttpServer.create(loopback, 0);
        } else {
            HttpsServer https = HttpsServer.create(loopback, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
            server = https;
        }
        server.setExecutor(Executors.newCachedThreadPool());
        return server;
    }
}
