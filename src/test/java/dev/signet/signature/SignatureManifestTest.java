package dev.signet.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.json.Json;
import dev.signet.oci.Descriptor;
import dev.signet.oci.ImageManifest;
import dev.signet.oci.MediaTypes;
import dev.signet.oci.RawManifest;
import dev.signet.reference.Digest;
import dev.signet.testing.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignatureManifestTest {
    private static final String ALICE_SIG = "signatures/testimage/manifests/sha256-071bf7a986f1ca9cb2a1f0bc8392822a7777f90d58f2d2c6f271913e08de7c81.sig.json";
    private static final String THREE_SIG = "signatures/testimage/manifests/sha256-bfec161fecb0a887df7cb85e4da327c65986ccda7060cf3cd92171c6c90d7533.sig.json";

    private static List<CosignSignature> fromVector(String path) {
        RawManifest raw = RawManifest.of(Vectors.bytes(path), MediaTypes.OCI_MANIFEST);
        List<CosignSignature> signatures = new ArrayList<>();
        for (Descriptor layer : SignatureManifest.signatureLayers(raw, path)) {
            byte[] blob = Vectors.bytes("signatures/testimage/blobs/" + layer.digest().toString().replace(':', '-') + ".json");
            signatures.add(CosignSignature.of(blob, layer.annotations(), path));
        }
        return signatures;
    }

    @Test
    void build_fromCosignsLayers_reproducesCosignsConfigDigestAndManifestShape() throws Exception {
        SignatureManifest.Built built = SignatureManifest.build(fromVector(ALICE_SIG));

        assertThat(built.config()).hasSize(233);
        ImageManifest ours = built.manifest().asImageManifest();
        assertThat(ours.config().digest()).isEqualTo(Digest.parse("sha256:a0b0cbfeefd8a1d546d9759f06eee4e013259575abb768b8f593e553da2ece4a"));
        // cosign's manifest (pretty-printed in the vector) and ours are the same JSON document
        JsonNode cosign = Json.mapper().readTree(Vectors.bytes(ALICE_SIG));
        assertThat(Json.mapper().readTree(built.manifest().bytes())).isEqualTo(cosign);
    }

    @Test
    void build_threeSigners_keepsLayerOrderAndOneDiffIdEach() throws Exception {
        SignatureManifest.Built built = SignatureManifest.build(fromVector(THREE_SIG));

        JsonNode cosign = Json.mapper().readTree(Vectors.bytes(THREE_SIG));
        JsonNode ours = Json.mapper().readTree(built.manifest().bytes());
        assertThat(ours.get("layers")).isEqualTo(cosign.get("layers"));
        assertThat(ours.get("config")).isEqualTo(cosign.get("config"));
        assertThat(Json.mapper().readTree(built.config()).at("/rootfs/diff_ids")).hasSize(3);
    }

    @Test
    void build_writesCompactJsonInGgcrFieldOrder() {
        String json = new String(SignatureManifest.build(fromVector(ALICE_SIG)).manifest().bytes());

        assertThat(json).startsWith("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":")
                .contains("\"layers\":[{\"mediaType\":\"application/vnd.dev.cosign.simplesigning.v1+json\",\"size\":266,\"digest\":\"sha256:d8ee")
                .doesNotContain(" ").doesNotContain("\n");
    }

    @Test
    void signatureLayers_skipsLayersOfOtherTypes() {
        Descriptor config = Descriptor.of(MediaTypes.OCI_CONFIG, new byte[] {'{', '}'});
        Descriptor foreign = Descriptor.of("application/octet-stream", new byte[] {1});
        Descriptor signature = Descriptor.of(MediaTypes.COSIGN_SIMPLE_SIGNING, new byte[] {2}).withAnnotations(Map.of(CosignAnnotations.SIGNATURE, "AA=="));
        RawManifest raw = RawManifest.of(Json.write(ImageManifest.of(config, List.of(foreign, signature))), MediaTypes.OCI_MANIFEST);

        assertThat(SignatureManifest.signatureLayers(raw, "x")).containsExactly(signature);
    }

    @Test
    void signatureLayers_tooManyLayers_isRefusedBeforeAnyFetch() {
        Descriptor config = Descriptor.of(MediaTypes.OCI_CONFIG, new byte[] {'{', '}'});
        List<Descriptor> layers = new ArrayList<>();
        for (int i = 0; i <= SignatureManifest.MAX_LAYERS; i++) {
            layers.add(Descriptor.of(MediaTypes.COSIGN_SIMPLE_SIGNING, new byte[] {(byte) i, (byte) (i >> 8)}));
        }
        RawManifest raw = RawManifest.of(Json.write(ImageManifest.of(config, layers)), MediaTypes.OCI_MANIFEST);

        assertThatThrownBy(() -> SignatureManifest.signatureLayers(raw, "app:sha256-x.sig"))
                .isInstanceOf(SignatureFormatException.class)
                .hasMessage("read signatures app:sha256-x.sig: signature manifest has 1001 layers, more than 1000");
    }

    @Test
    void signatureLayers_notAManifest_isAClearError() {
        RawManifest placeholder = RawManifest.of(Vectors.bytes("signatures/testimage/manifests/co-unsigned.json"), MediaTypes.OCI_MANIFEST);

        assertThatThrownBy(() -> SignatureManifest.signatureLayers(placeholder, "co-unsigned"))
                .hasMessageStartingWith("parse ImageManifest sha256:");
    }
}
