package dev.signet.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.Reason;
import dev.signet.SignetException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Parsed views of raw manifests: whatever a registry sends is a manifest, an index or an {@link InvalidManifestException}. */
class RawManifestTest {

    @Test
    void asImageManifest_jsonNull_isInvalidNotNull() {
        // found by fuzzing (signature.manifest): "null" parsed to a null manifest, and callers failed with a NullPointerException
        RawManifest raw = RawManifest.of("null".getBytes(StandardCharsets.UTF_8), MediaTypes.OCI_MANIFEST);

        assertThatThrownBy(raw::asImageManifest)
                .isInstanceOf(InvalidManifestException.class)
                .hasMessage("parse ImageManifest " + raw.digest() + ": document is JSON null, not an object")
                .extracting(e -> ((SignetException) e).reason()).isEqualTo(Reason.MANIFEST_INVALID);
        assertThatThrownBy(raw::asImageIndex)
                .isInstanceOf(InvalidManifestException.class)
                .hasMessageEndingWith(": document is JSON null, not an object");
    }

    @Test
    void asImageManifest_controlCharactersInAValue_areNotEchoedIntoTheMessage() {
        // found by fuzzing (oci.manifest): Jackson quotes the offending value, and a raw line break forges a log line
        RawManifest raw = RawManifest.of("{\"schemaVersion\":\"2\\n\\u0007\\u0085\\u2028x\"}".getBytes(StandardCharsets.UTF_8),
                MediaTypes.OCI_MANIFEST);

        assertThatThrownBy(raw::asImageManifest)
                .isInstanceOf(InvalidManifestException.class)
                .hasMessageContaining("from String \"2????x\"")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContainPattern("[\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029]"));
    }
}
