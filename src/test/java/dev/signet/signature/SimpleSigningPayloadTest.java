package dev.signet.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.reference.Digest;
import dev.signet.testing.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SimpleSigningPayloadTest {

    static Stream<Arguments> cosignPayloads() {
        return Stream.of(
                Arguments.of("signatures/testimage/blobs/sha256-d8ee807d96efe7441b132967ad94eaffbc0172a763e69f2cd8df8f583f0ba0d4.json"),
                Arguments.of("signatures/testimage/blobs/sha256-7248e52a7da336ff63192f2c0a8f12562b0d5368e9cde6ab292cbb4604074f28.json"),
                Arguments.of("signatures/testimage/blobs/sha256-897d9e862b4599b723442f36ed7b4cfd1628bb7656643c56855988cac161d065.json"),
                Arguments.of("signatures/key-rekor/payload.json"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cosignPayloads")
    void toBytes_reproducesCosignsPayloadByteForByte(String vector) {
        byte[] cosign = Vectors.bytes(vector);
        SimpleSigningPayload parsed = SimpleSigningPayload.parse(cosign, vector);

        assertThat(SimpleSigningPayload.of(parsed.dockerReference(), parsed.digest()).toBytes()).isEqualTo(cosign);
    }

    @Test
    void toBytes_annotations_areSortedAndEscapedAsGoDoes() {
        Digest digest = Digest.parse("sha256:" + "a".repeat(64));
        SimpleSigningPayload payload = new SimpleSigningPayload("registry.local/app", digest,
                Map.of("z", "last", "a", "<tag> & \"quote\"\n", "m", "ünïcode\u2028"));

        String json = new String(payload.toBytes(), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"critical\":{\"identity\":{\"docker-reference\":\"registry.local/app\"},"
                + "\"image\":{\"docker-manifest-digest\":\"sha256:" + "a".repeat(64) + "\"},"
                + "\"type\":\"cosign container image signature\"},"
                + "\"optional\":{\"a\":\"\\u003ctag\\u003e \\u0026 \\\"quote\\\"\\n\",\"m\":\"ünïcode\\u2028\",\"z\":\"last\"}}");
        assertThat(SimpleSigningPayload.parse(payload.toBytes(), "p")).isEqualTo(payload);
    }

    @Test
    void parse_capitalisedKeys_areAcceptedAsGoDecodingAcceptsThem() {
        String json = "{\"Critical\":{\"Identity\":{\"Docker-Reference\":\"r/app\"},\"IMAGE\":{\"Docker-manifest-digest\":\"sha256:"
                + "b".repeat(64) + "\"},\"Type\":\"cosign container image signature\"},\"Optional\":{\"k\":\"v\"},\"extra\":1}";

        SimpleSigningPayload payload = SimpleSigningPayload.parse(json.getBytes(StandardCharsets.UTF_8), "p");

        assertThat(payload.dockerReference()).isEqualTo("r/app");
        assertThat(payload.digest().hex()).isEqualTo("b".repeat(64));
        assertThat(payload.optional()).containsExactly(Map.entry("k", "v"));
    }

    @Test
    void parse_optionalNullAbsentOrNonString_isLenient() {
        String base = "{\"critical\":{\"identity\":{\"docker-reference\":\"r\"},\"image\":{\"docker-manifest-digest\":\"sha256:"
                + "c".repeat(64) + "\"},\"type\":\"cosign container image signature\"}";

        assertThat(SimpleSigningPayload.parse((base + ",\"optional\":null}").getBytes(StandardCharsets.UTF_8), "p").optional()).isNull();
        assertThat(SimpleSigningPayload.parse((base + "}").getBytes(StandardCharsets.UTF_8), "p").optional()).isNull();
        assertThat(SimpleSigningPayload.parse((base + ",\"optional\":{\"n\":1,\"b\":true,\"s\":\"x\"}}").getBytes(StandardCharsets.UTF_8), "p").optional())
                .containsExactly(Map.entry("s", "x"));
    }

    private static final String CRITICAL = "{\"identity\":{\"docker-reference\":\"r\"},\"image\":{\"docker-manifest-digest\":\"sha256:"
            + "c".repeat(64) + "\"},\"type\":\"cosign container image signature\"}";

    private static SimpleSigningPayload parse(String json) {
        return SimpleSigningPayload.parse(json.getBytes(StandardCharsets.UTF_8), "p");
    }

    @Test
    void hasAnnotations_nonStringValue_neverEqualsTheStringAnnotation() {
        // cosign compares interface{} values: float64(1) != "1", true != "true", as Kyverno's check does
        SimpleSigningPayload payload = parse("{\"critical\":" + CRITICAL + ",\"optional\":{\"n\":1,\"b\":true,\"o\":{\"x\":\"y\"},\"env\":\"prod\"}}");

        assertThat(payload.hasAnnotations(Map.of("n", "1"))).isFalse();
        assertThat(payload.hasAnnotations(Map.of("b", "true"))).isFalse();
        assertThat(payload.hasAnnotations(Map.of("o", "{\"x\":\"y\"}"))).isFalse();
        assertThat(payload.hasAnnotations(Map.of("env", "prod"))).isTrue();
        assertThat(parse("{\"critical\":" + CRITICAL + ",\"optional\":{\"n\":\"1\"}}").hasAnnotations(Map.of("n", "1"))).isTrue();
    }

    @Test
    void parse_sameFieldInTwoCases_lastMemberWinsAsInGo() {
        String digestA = "sha256:" + "a".repeat(64);
        String digestB = "sha256:" + "b".repeat(64);
        String exactFirst = "{\"critical\":{\"identity\":{\"docker-reference\":\"r\"},\"image\":{\"docker-manifest-digest\":\"" + digestA
                + "\",\"Docker-Manifest-Digest\":\"" + digestB + "\"},\"type\":\"cosign container image signature\"}}";
        String exactLast = "{\"critical\":{\"identity\":{\"docker-reference\":\"r\"},\"image\":{\"DOCKER-MANIFEST-DIGEST\":\"" + digestB
                + "\",\"docker-manifest-digest\":\"" + digestA + "\"},\"type\":\"cosign container image signature\"}}";

        assertThat(parse(exactFirst).digest().toString()).isEqualTo(digestB);
        assertThat(parse(exactLast).digest().toString()).isEqualTo(digestA);
    }

    @Test
    void parse_criticalTwice_isMergedAsGoFillsOneStructTwice() {
        String digestB = "sha256:" + "b".repeat(64);
        String json = "{\"critical\":" + CRITICAL + ",\"Critical\":{\"image\":{\"docker-manifest-digest\":\"" + digestB + "\"}},"
                + "\"optional\":{\"a\":\"1\"},\"OPTIONAL\":{\"b\":\"2\",\"a\":3}}";

        SimpleSigningPayload payload = parse(json);

        assertThat(payload.digest().toString()).isEqualTo(digestB);
        assertThat(payload.dockerReference()).isEqualTo("r");
        assertThat(payload.optional()).containsExactly(Map.entry("b", "2"));
    }

    @Test
    void parse_unicodeFolding_isGosNotJavas() {
        // Go's EqualFold folds the Kelvin sign to k and the long s to s, but not the dotted capital I to i
        String kelvinAndLongS = "{\"critical\":" + CRITICAL + ",\"optional\":null}";
        assertThat(parse(kelvinAndLongS.replace("\"docker-reference\"", "\"doc\u212aer-reference\"")).dockerReference()).isEqualTo("r");
        assertThat(parse(kelvinAndLongS.replace("\"docker-manifest-digest\"", "\"docker-manife\u017ft-digest\"")).digest().hex())
                .isEqualTo("c".repeat(64));
        assertThatThrownBy(() -> parse(kelvinAndLongS.replace("\"identity\"", "\"\u0130dentity\"")))
                .hasMessageContaining("docker-reference or critical.image.docker-manifest-digest is missing");
    }

    @Test
    void parse_nullForAStringOrStruct_keepsWhatWasThere_otherTypesAreRefused() {
        String json = "{\"critical\":" + CRITICAL + ",\"critical\":{\"type\":null,\"identity\":null}}";
        assertThat(parse(json).dockerReference()).isEqualTo("r");
        assertThatThrownBy(() -> parse("{\"critical\":" + CRITICAL + ",\"critical\":{\"type\":7}}"))
                .hasMessage("parse payload p: critical.type is not a string");
        assertThatThrownBy(() -> parse("{\"critical\":" + CRITICAL + "} {}")).hasMessage("parse payload p: data after the JSON object");
    }

    static Stream<Arguments> badPayloads() {
        String digest = "sha256:" + "d".repeat(64);
        return Stream.of(
                Arguments.of("not json", "nope", "not JSON"),
                Arguments.of("other type", "{\"critical\":{\"identity\":{\"docker-reference\":\"r\"},\"image\":{\"docker-manifest-digest\":\""
                        + digest + "\"},\"type\":\"atomic container signature\"}}", "critical.type is \"atomic container signature\""),
                Arguments.of("no digest", "{\"critical\":{\"identity\":{\"docker-reference\":\"r\"},\"type\":\"cosign container image signature\"}}",
                        "docker-manifest-digest is missing"),
                Arguments.of("bad digest", "{\"critical\":{\"identity\":{\"docker-reference\":\"r\"},\"image\":{\"docker-manifest-digest\":\"sha256:XYZ\"},"
                        + "\"type\":\"cosign container image signature\"}}", "\"sha256:XYZ\" is not a digest"),
                Arguments.of("optional array", "{\"critical\":{\"identity\":{\"docker-reference\":\"r\"},\"image\":{\"docker-manifest-digest\":\""
                        + digest + "\"},\"type\":\"cosign container image signature\"},\"optional\":[]}", "optional is neither null nor an object"),
                Arguments.of("oversized", "{\"x\":\"" + "y".repeat(70_000) + "\"}", "exceeds 65536"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPayloads")
    void parse_badPayload_saysWhy(String name, String json, String cause) {
        assertThatThrownBy(() -> SimpleSigningPayload.parse(json.getBytes(StandardCharsets.UTF_8), "sha256:pl"))
                .isInstanceOf(SignatureFormatException.class)
                .hasMessageStartingWith("parse payload sha256:pl: ")
                .hasMessageContaining(cause);
    }

    @Test
    void parse_controlCharactersInTypeOrDigest_areEscapedInTheMessage() {
        // found by fuzzing (signature.payload, signature.cosign): the values went into the message as written
        String type = "{\"critical\":{\"type\":\"cosign\\nforged line\"}}";
        String digest = "{\"critical\":{\"identity\":{\"docker-reference\":\"r\"},\"image\":{\"docker-manifest-digest\":\"sha256:\\u0000"
                + "a".repeat(300) + "\"},\"type\":\"cosign container image signature\"}}";

        assertThatThrownBy(() -> SimpleSigningPayload.parse(type.getBytes(StandardCharsets.UTF_8), "p"))
                .isInstanceOf(SignatureFormatException.class)
                .hasMessage("parse payload p: critical.type is \"cosign\\u000aforged line\", not \"cosign container image signature\"");
        assertThatThrownBy(() -> SimpleSigningPayload.parse(digest.getBytes(StandardCharsets.UTF_8), "p"))
                .isInstanceOf(SignatureFormatException.class)
                .hasMessageStartingWith("parse payload p: docker-manifest-digest \"sha256:\\u0000aaa")
                .hasMessageEndingWith("...\" is not a digest");
    }

    @Test
    void hasAnnotations_requiresEveryPairWithItsValue() {
        SimpleSigningPayload payload = new SimpleSigningPayload("r", Digest.parse("sha256:" + "e".repeat(64)), Map.of("env", "prod", "team", "a"));

        assertThat(payload.hasAnnotations(Map.of())).isTrue();
        assertThat(payload.hasAnnotations(Map.of("env", "prod"))).isTrue();
        assertThat(payload.hasAnnotations(Map.of("env", "dev"))).isFalse();
        assertThat(SimpleSigningPayload.of("r", payload.digest()).hasAnnotations(Map.of("env", "prod"))).isFalse();
    }
}
