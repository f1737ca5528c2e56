package dev.signet.registry.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void backoff_doublesUpToTheCap() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(1));

        assertThat(policy.backoff(0)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.backoff(3)).isEqualTo(Duration.ofMillis(800));
        assertThat(policy.backoff(4)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.backoff(60)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void new_invalidBounds_areRejected() {
        assertThatThrownBy(() -> new RetryPolicy(-1, Duration.ZERO, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(11, Duration.ZERO, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
