package dev.signet.registry.transport;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * The wire a process uses unless told otherwise: {@link SocketTransport}, or {@link JdkTransport} when the JVM is
 * configured with an HTTP(S) proxy ({@code -Dhttps.proxyHost}, {@code -Dhttp.proxyHost},
 * {@code -Djava.net.useSystemProxies=true}), which only the JDK's client sends requests through. A SOCKS proxy
 * ({@code -DsocksProxyHost}) is the other way round: {@link java.net.Socket} honours it and the JDK's HTTP client does
 * not, so the socket client stays.
 */
public final class Wires {
    private static final List<String> HTTP_PROXY_PROPERTIES = List.of("https.proxyHost", "http.proxyHost");

    private Wires() {
    }

    /** The wire for this JVM's proxy settings. */
    public static Transport standard(Duration timeout) {
        return httpProxyConfigured(System::getProperty) ? JdkTransport.create(timeout) : SocketTransport.create(timeout);
    }

    /** Whether {@code properties} (the JVM's system properties) name an HTTP(S) proxy. */
    public static boolean httpProxyConfigured(Function<String, String> properties) {
        return HTTP_PROXY_PROPERTIES.stream().anyMatch(name -> properties.apply(name) != null && !properties.apply(name).isBlank())
                || "true".equalsIgnoreCase(properties.apply("java.net.useSystemProxies"));
    }
}
