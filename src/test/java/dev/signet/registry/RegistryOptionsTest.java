package dev.signet.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.reference.Registry;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RegistryOptionsTest {

    @Test
    void allowsPlainHttp_onlyLoopbackAndListedRegistries() {
        RegistryOptions options = RegistryOptions.defaults().withInsecureRegistries(Set.of(Registry.parse("Registry.Local:5000")));

        assertThat(options.allowsPlainHttp(Registry.parse("localhost:5000"))).isTrue();
        assertThat(options.allowsPlainHttp(Registry.parse("127.0.0.1"))).isTrue();
        assertThat(options.allowsPlainHttp(Registry.parse("registry.local:5000"))).isTrue();
        assertThat(options.allowsPlainHttp(Registry.parse("registry.local"))).isFalse();
        assertThat(options.allowsPlainHttp(Registry.parse("10.0.0.5:5000"))).isFalse();
        assertThat(options.allowsPlainHttp(Registry.DOCKER_HUB)).isFalse();
    }

    @Test
    void defaults_areTheDocumentedOnes() {
        RegistryOptions options = RegistryOptions.defaults();

        assertThat(options.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.retry().maxRetries()).isEqualTo(3);
        assertThat(options.insecureRegistries()).isEmpty();
    }

    @Test
    void new_invalidValues_areRejected() {
        assertThatThrownBy(() -> RegistryOptions.defaults().withRequestTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RegistryOptions.defaults().withUserAgent("signet\r\nX-Injected: 1"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
