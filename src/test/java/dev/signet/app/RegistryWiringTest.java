package dev.signet.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.registry.RegistryOptions;
import dev.signet.registry.transport.JdkTransport;
import dev.signet.registry.transport.SocketTransport;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which HTTP client carries registry requests: the configured one, unless the JVM is set up for an HTTP(S) proxy. */
class RegistryWiringTest {
    private static final RegistryOptions OPTIONS = RegistryOptions.defaults();

    @Test
    void wire_byDefault_isTheSocketClient_andJdkWhenConfigured() {
        assertThat(RegistryWiring.wire(RegistryConfig.Wire.SOCKET, OPTIONS, name -> null)).isInstanceOf(SocketTransport.class);
        assertThat(RegistryWiring.wire(RegistryConfig.Wire.JDK, OPTIONS, name -> null)).isInstanceOf(JdkTransport.class);
    }

    @Test
    void wire_jvmConfiguredWithAnHttpProxy_isTheJdkClient_whichAloneHonoursIt() {
        for (Map<String, String> properties : new Map[] {Map.of("https.proxyHost", "proxy.corp"), Map.of("http.proxyHost", "proxy.corp"),
                Map.of("java.net.useSystemProxies", "true")}) {
            assertThat(RegistryWiring.wire(RegistryConfig.Wire.SOCKET, OPTIONS, properties::get)).as("%s", properties).isInstanceOf(JdkTransport.class);
        }
        assertThat(RegistryWiring.wire(RegistryConfig.Wire.SOCKET, OPTIONS, Map.of("https.proxyHost", " ", "java.net.useSystemProxies", "false")::get))
                .isInstanceOf(SocketTransport.class);
        // java.net.Socket, under the socket client, honours a SOCKS proxy; the JDK's HTTP client does not
        assertThat(RegistryWiring.wire(RegistryConfig.Wire.SOCKET, OPTIONS, Map.of("socksProxyHost", "socks.corp")::get))
                .isInstanceOf(SocketTransport.class);
    }
}
