package dev.signet.registry.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class BoundedBodyTest {

    @Test
    void read_atTheLimit_returnsEverything() throws IOException {
        assertThat(BoundedBody.read(new ByteArrayInputStream(new byte[100]), 100)).hasSize(100);
        assertThat(BoundedBody.read(new ByteArrayInputStream(new byte[0]), 0)).isEmpty();
    }

    @Test
    void read_oneByteOver_failsWithTheLimit() {
        assertThatThrownBy(() -> BoundedBody.read(new ByteArrayInputStream(new byte[100_001]), 100_000))
                .isInstanceOfSatisfying(BoundedBody.TooLargeException.class, e -> assertThat(e.limit()).isEqualTo(100_000))
                .hasMessage("body is larger than the limit of 100000 bytes");
    }

    @Test
    void readPrefix_longBody_stopsQuietly() throws IOException {
        assertThat(BoundedBody.readPrefix(new ByteArrayInputStream(new byte[70_000]), 65_536)).hasSize(65_536);
    }
}
