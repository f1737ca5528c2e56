package dev.signet.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvelopeJsonTest {

    @Test
    void parseObject_foldsKeyCaseAndReadsEveryKind() {
        Map<String, Object> value = EnvelopeJson.parseObject(" {\"KDF\":{\"N\":32768,\"neg\":-1},\"list\":[true,false,null,\"a\\u0041\\n\"]} ");

        assertThat(value).containsOnlyKeys("kdf", "list");
        assertThat(value.get("kdf")).isEqualTo(Map.of("n", 32768L, "neg", -1L));
        assertThat(value.get("list")).isEqualTo(Arrays.asList(true, false, null, "aA\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{", "{\"a\":}", "{\"a\":1.5}", "{\"a\":1e3}", "{\"a\":\"x", "{\"a\":1} x",
            "{\"a\":99999999999999999999}", "{\"a\":[[[[[[[[[[1]]]]]]]]]]}", "{a:1}", "{\"a\":\"\\q\"}", "{\"a\":tru}"})
    void parseObject_malformedOrHostile_isRefused(String json) {
        assertThatThrownBy(() -> EnvelopeJson.parseObject(json)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseObject_badEscapes_areNamedWithoutTheirRawCharacters() {
        // found by fuzzing (keys.encrypted): "\\<control>" and "\\u" with a control in its digits put the raw character
        // into the key error, and parseInt took "\\u+123" as an escape
        assertThatThrownBy(() -> EnvelopeJson.parseObject("{\"a\":\"\\\u001d\"}")).hasMessage("bad escape \"\\\\\\u001d\"");
        assertThatThrownBy(() -> EnvelopeJson.parseObject("{\"a\":\"\\u00\n1\"}")).hasMessage("bad \\u escape at offset 8");
        assertThatThrownBy(() -> EnvelopeJson.parseObject("{\"a\":\"\\u+123\"}")).hasMessage("bad \\u escape at offset 8");
    }

    @Test
    void parseObject_oversizedInput_isRefusedBeforeParsing() {
        String huge = "{\"a\":\"" + "x".repeat(70 * 1024) + "\"}";

        assertThatThrownBy(() -> EnvelopeJson.parseObject(huge)).hasMessageContaining("larger than");
    }
}
