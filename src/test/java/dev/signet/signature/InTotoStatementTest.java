package dev.signet.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.json.Json;
import dev.signet.reference.Digest;
import dev.signet.testing.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Statements read as {@code cosign verify-attestation} reads them: Go's encoding/json into in-toto-golang's struct. */
class InTotoStatementTest {
    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);

    private static InTotoStatement parse(String json) {
        return InTotoStatement.parse(json.getBytes(StandardCharsets.UTF_8), "st");
    }

    @Test
    void parse_fieldInAnotherCaseAfterTheExactOne_winsAsInGo() {
        InTotoStatement statement = parse("{\"_type\":\"" + InTotoStatement.V01 + "\",\"predicateType\":\"https://slsa.dev/provenance/v0.2\","
                + "\"PredicateType\":\"https://cosign.sigstore.dev/attestation/vuln/v1\",\"subject\":[{\"digest\":{\"sha256\":\"" + A + "\"}}],"
                + "\"Subject\":[{\"digest\":{\"sha256\":\"" + B + "\"}}],\"predicate\":{}}");

        assertThat(statement.predicateType()).isEqualTo("https://cosign.sigstore.dev/attestation/vuln/v1");
        // Go decodes the second array into the first one's element: its digest set gains nothing new here, sha256 is replaced
        assertThat(statement.names(Digest.parse("sha256:" + B))).isTrue();
        assertThat(statement.names(Digest.parse("sha256:" + A))).isFalse();
    }

    @Test
    void parse_secondSubjectArray_fillsTheElementsAlreadyThere() {
        InTotoStatement statement = parse("{\"_TYPE\":\"" + InTotoStatement.V01 + "\",\"predicateType\":\"p\","
                + "\"subject\":[{\"name\":\"app\",\"digest\":{\"sha256\":\"" + A + "\"}}],\"subject\":[{\"Digest\":{\"sha512\":\"" + "c".repeat(128) + "\"}}]}");

        assertThat(statement.subjects()).singleElement().satisfies(subject -> {
            assertThat(subject.name()).isEqualTo("app");
            assertThat(subject.digests()).extracting(Digest::toString).contains("sha256:" + A);
        });
    }

    @Test
    void parse_nonStringDigest_isRefusedAsGoRefusesIt() {
        assertThatThrownBy(() -> parse("{\"_type\":\"" + InTotoStatement.V01 + "\",\"predicateType\":\"p\",\"subject\":[{\"digest\":{\"sha256\":1}}]}"))
                .isInstanceOf(SignatureFormatException.class)
                .hasMessage("parse statement st: subject.digest.sha256 is not a string");
    }

    @Test
    void parse_statementsCosignWrote_areReadAsBefore() throws Exception {
        for (String file : List.of("kyverno-cosign1/codereview-1.json", "kyverno-cosign1/custom.json")) {
            byte[] payload = DsseEnvelope.parse(Vectors.bytes("attestations/" + file), file).payload();
            JsonNode tree = Json.mapper().readTree(payload);

            InTotoStatement statement = InTotoStatement.parse(payload, file);

            assertThat(statement.predicateType()).as(file).isEqualTo(tree.path("predicateType").asText());
            assertThat(statement.predicate()).as(file).isEqualTo(tree.path("predicate"));
            assertThat(statement.subjects()).as(file).hasSize(tree.path("subject").size());
            assertThat(statement.names(Digest.parse("sha256:" + tree.at("/subject/0/digest/sha256").asText()))).as(file).isTrue();
        }
    }
}
