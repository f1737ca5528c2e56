package dev.signet.registry.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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

    @Test
    void readResponse_declaredLengthWithinTheLimit_isReadWhole() throws IOException {
        Response response = Responses.answer(Responses.get("http://registry.test/v2/"), 200, Map.of("Content-Length", "5"), "hello");

        assertThat(BoundedBody.read(response, 5)).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readResponse_bodyLongerThanDeclared_isRefused_andOverTheLimit_stillStopsAtIt() {
        Response lying = Responses.answer(Responses.get("http://registry.test/v2/"), 200, Map.of("Content-Length", "3"), "hello");
        Response undeclared = Responses.answer(Responses.get("http://registry.test/v2/"), 200, Map.of(), "hello");
        Response overLimit = Responses.answer(Responses.get("http://registry.test/v2/"), 200, Map.of("Content-Length", "5"), "hello");

        assertThatThrownBy(() -> BoundedBody.read(lying, 100)).hasMessage("the body is longer than the 3 bytes its Content-Length declared");
        assertThatThrownBy(() -> BoundedBody.read(undeclared, 4)).isInstanceOf(BoundedBody.TooLargeException.class);
        assertThatThrownBy(() -> BoundedBody.read(overLimit, 4)).isInstanceOf(BoundedBody.TooLargeException.class);
    }

    @Test
    void readResponse_bodyShorterThanDeclared_isReturnedShort_forTheCallerToJudge() throws IOException {
        Response shortBody = Responses.answer(Responses.get("http://registry.test/v2/"), 200, Map.of("Content-Length", "10"), "hello");

        assertThat(BoundedBody.read(shortBody, 100)).hasSize(5);
    }
}
