package dev.signet.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.events.InvalidAdmissionException;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The adapter's bounded body read: every byte up to the limit, in whatever pieces the connection delivers them. */
class AdmissionBodyTest {
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 700, 4095, 4096, 4097, 100_000, AdmissionResource.MAX_BODY})
    void read_returnsEveryByte_upToTheLimit(int size) {
        byte[] body = new byte[size];
        new SplittableRandom(size).nextBytes(body);

        assertThat(AdmissionResource.read(new Trickle(new ByteArrayInputStream(body)))).isEqualTo(body);
    }

    @ParameterizedTest
    @ValueSource(ints = {AdmissionResource.MAX_BODY + 1, AdmissionResource.MAX_BODY + 5000})
    void read_overTheLimit_isRefused(int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) '{');

        assertThatThrownBy(() -> AdmissionResource.read(new ByteArrayInputStream(body)))
                .isInstanceOf(InvalidAdmissionException.class)
                .hasMessageContaining("larger than " + AdmissionResource.MAX_BODY + " bytes");
    }

    /** Hands out at most 1,000 bytes per read, as a connection delivers a body in packets. */
    private static final class Trickle extends FilterInputStream {
        Trickle(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return super.read(buffer, offset, Math.min(length, 1000));
        }
    }
}
