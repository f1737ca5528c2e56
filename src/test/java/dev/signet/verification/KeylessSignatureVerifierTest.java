package dev.signet.verification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.signet.json.Json;
import dev.signet.reference.Digest;
import dev.signet.signature.CosignSignature;
import dev.signet.signature.SignatureLayout;
import dev.signet.signature.SigstoreBundle;
import dev.signet.sigstore.IdentityMatcher;
import dev.signet.sigstore.TextMatch;
import dev.signet.sigstore.TrustedRoot;
import dev.signet.testing.Vectors;
import dev.signet.testing.sigstore.LeafSpec;
import dev.signet.testing.sigstore.LegacySignature;
import dev.signet.testing.sigstore.SignedBundle;
import dev.signet.testing.sigstore.TestSigstore;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 4: keyless signatures in both cosign layouts, checked over the exact stored bytes: a real cosign
 * keyless {@code .sig} layer (Connaisseur's test image, public-good root), the frozen mock-Sigstore layer, and
 * signatures from the test Sigstore stack in both layouts, with one negative per check a denial must name.
 */
class KeylessSignatureVerifierTest {
    private static final Digest MOCK_IMAGE = Digest.parse("sha256:c04be4648dbb74200e06e05fc7a293c979cd29e2cd07e1afd0664863530dc547");
    private static final Digest TESTIMAGE = Digest.parse("sha256:31dc72a13a0c34b40eb95419d2b2fd67320c856baf3b72da518023ee8d370aee");
    private static final String TESTIMAGE_SIG = "signatures/testimage/manifests/sha256-31dc72a13a0c34b40eb95419d2b2fd67320c856baf3b72da518023ee8d370aee.sig.json";

    private final KeylessSignatureVerifier verifier = new KeylessSignatureVerifier();

    private static KeylessTrust trust(TrustedRoot root, String subject, String issuer) {
        return new KeylessTrust("test", root, List.of(new IdentityMatcher(TextMatch.exact(subject), TextMatch.exact(issuer))), true, true);
    }

    private static FoundSignatures layer(Digest image, byte[] payload, Map<String, String> annotations) {
        CosignSignature signature = CosignSignature.of(payload, annotations, "test.sig");
        return new FoundSignatures(image, List.of(StoredSignature.layer("repo:test.sig#layer-0", signature.payloadDigest(), signature)));
    }

    private static FoundSignatures mockLayer(Map<String, String> changes) throws Exception {
        Map<String, String> annotations = new HashMap<>(Json.mapper().readValue(Vectors.bytes("keyless/mock/legacy-sig-annotations.json"),
                new TypeReference<Map<String, String>>() { }));
        annotations.putAll(changes);
        return layer(MOCK_IMAGE, Vectors.bytes("keyless/mock/simplesigning.payload.json"), annotations);
    }

    private static TrustedRoot mockRoot() {
        return TrustedRoot.parse(Vectors.bytes("keyless/mock/trusted_root.json"), "mock");
    }

    private SignatureCheck only(FoundSignatures found, KeylessTrust trust) {
        List<SignatureCheck> checks = verifier.check(found, List.of(trust));
        assertThat(checks).hasSize(1);
        return checks.get(0);
    }

    @Test
    void cosignKeylessLayer_fromThePublicGoodInstance_verifiesAgainstTheEmbeddedRoot() throws Exception {
        var manifest = Json.mapper().readTree(Vectors.bytes(TESTIMAGE_SIG));
        var layer = manifest.path("layers").get(0);
        Map<String, String> annotations = Json.mapper().convertValue(layer.path("annotations"), new TypeReference<Map<String, String>>() { });
        byte[] payload = Vectors.bytes("signatures/testimage/blobs/" + layer.path("digest").asText().replace(':', '-') + ".json");

        SignatureCheck check = only(layer(TESTIMAGE, payload, annotations),
                trust(TrustedRoot.production(), "philipp.belitz@securesystems.de", "https://github.com/login/oauth"));

        assertThat(check.status()).as(check.detail()).isEqualTo(SignatureCheck.Status.VERIFIED);
        assertThat(check.detail()).contains("philipp.belitz@securesystems.de", "signature, tlog, chain, sct, identity");
    }

    @Test
    void mockLayer_verifies_andEachWrongTrustNamesItsCheck() throws Exception {
        assertThat(only(mockLayer(Map.of()), trust(mockRoot(), TestSigstore.DEFAULT_SAN, TestSigstore.DEFAULT_ISSUER)).status())
                .isEqualTo(SignatureCheck.Status.VERIFIED);

        SignatureCheck otherSubject = only(mockLayer(Map.of()), trust(mockRoot(), "https://github.com/evil/repo/.github/workflows/x.yml@refs/heads/main",
                TestSigstore.DEFAULT_ISSUER));
        assertThat(otherSubject.status()).isEqualTo(SignatureCheck.Status.NO_MATCHING_KEY);
        assertThat(otherSubject.detail()).contains("identity: subject https://github.com/acme/signet-demo");

        SignatureCheck otherIssuer = only(mockLayer(Map.of()), trust(mockRoot(), TestSigstore.DEFAULT_SAN, "https://accounts.google.com"));
        assertThat(otherIssuer.detail()).contains("identity: issuer https://token.actions.githubusercontent.com does not match");

        SignatureCheck productionRoot = only(mockLayer(Map.of()), trust(TrustedRoot.production(), TestSigstore.DEFAULT_SAN, TestSigstore.DEFAULT_ISSUER));
        assertThat(productionRoot.status()).isEqualTo(SignatureCheck.Status.NO_MATCHING_KEY);
        assertThat(productionRoot.detail()).contains("transparency log: the entry's log");
    }

    @Test
    void mockLayer_withATamperedSet_isRefusedByTheLogCheck() throws Exception {
        String bundle = Vectors.text("keyless/mock/legacy-sig-annotations.json");
        var annotations = Json.mapper().readTree(bundle);
        var rekor = (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(annotations.path("dev.sigstore.cosign/bundle").asText());
        var payload = (com.fasterxml.jackson.databind.node.ObjectNode) rekor.path("Payload");
        payload.put("integratedTime", payload.path("integratedTime").asLong() + 1);

        SignatureCheck check = only(mockLayer(Map.of("dev.sigstore.cosign/bundle", rekor.toString())),
                trust(mockRoot(), TestSigstore.DEFAULT_SAN, TestSigstore.DEFAULT_ISSUER));

        assertThat(check.status()).isEqualTo(SignatureCheck.Status.NO_MATCHING_KEY);
        assertThat(check.detail()).contains("transparency log: the signed entry timestamp does not verify");
    }

    @Test
    void mockLayer_forAnotherImage_isADigestMismatch() throws Exception {
        Map<String, String> annotations = Json.mapper().readValue(Vectors.bytes("keyless/mock/legacy-sig-annotations.json"),
                new TypeReference<Map<String, String>>() { });
        FoundSignatures found = layer(Digest.parse("sha256:" + "0".repeat(64)), Vectors.bytes("keyless/mock/simplesigning.payload.json"), annotations);

        SignatureCheck check = only(found, trust(mockRoot(), TestSigstore.DEFAULT_SAN, TestSigstore.DEFAULT_ISSUER));

        assertThat(check.status()).isEqualTo(SignatureCheck.Status.DIGEST_MISMATCH);
    }

    @Test
    void testStack_legacyLayer_verifies_andACertificateWithoutItsSctFromATrustedLog_isRefused() {
        TestSigstore sigstore = TestSigstore.create();
        TrustedRoot root = TrustedRoot.parse(sigstore.trustedRootJson().getBytes(StandardCharsets.UTF_8), "test stack");
        Digest image = Digest.parse("sha256:" + "a".repeat(64));
        LegacySignature good = sigstore.signImage(sigstore.certificate(), "registry.example/acme/app", image);
        LegacySignature foreignSct = sigstore.signImage(
                sigstore.certificate(LeafSpec.uri(TestSigstore.DEFAULT_SAN, TestSigstore.DEFAULT_ISSUER).withSctFrom(sigstore.foreignCtLog())),
                "registry.example/acme/app", image);
        KeylessTrust trust = trust(root, TestSigstore.DEFAULT_SAN, TestSigstore.DEFAULT_ISSUER);

        assertThat(only(layer(image, good.payload(), good.annotations()), trust).status()).isEqualTo(SignatureCheck.Status.VERIFIED);
        SignatureCheck refused = only(layer(image, foreignSct.payload(), foreignSct.annotations()), trust);
        assertThat(refused.detail()).contains("certificate transparency: the SCT's log");
        KeylessTrust ignoreSct = new KeylessTrust("test", root, trust.identities(), true, false);
        SignatureCheck waived = only(layer(image, foreignSct.payload(), foreignSct.annotations()), ignoreSct);
        assertThat(waived.status()).isEqualTo(SignatureCheck.Status.VERIFIED);
        assertThat(waived.detail()).contains("not required: sct");
    }

    @Test
    void testStack_bundleReferrer_verifies_andAnAttestationIsNotASignature() {
        TestSigstore sigstore = TestSigstore.create();
        TrustedRoot root = TrustedRoot.parse(sigstore.trustedRootJson().getBytes(StandardCharsets.UTF_8), "test stack");
        Digest image = Digest.parse("sha256:" + "b".repeat(64));
        KeylessTrust trust = trust(root, TestSigstore.DEFAULT_SAN, TestSigstore.DEFAULT_ISSUER);

        SignatureCheck signed = only(bundle(image, sigstore.signStatement(sigstore.certificate(), statement(image, "https://sigstore.dev/cosign/sign/v1"))),
                trust);
        SignatureCheck attestation = only(bundle(image, sigstore.signStatement(sigstore.certificate(), statement(image, "https://slsa.dev/provenance/v1"))),
                trust);

        assertThat(signed.status()).as(signed.detail()).isEqualTo(SignatureCheck.Status.VERIFIED);
        assertThat(signed.layout()).isEqualTo(SignatureLayout.BUNDLE);
        assertThat(attestation.status()).isEqualTo(SignatureCheck.Status.WRONG_PREDICATE);
    }

    private static FoundSignatures bundle(Digest image, SignedBundle signed) {
        SigstoreBundle bundle = SigstoreBundle.parse(signed.json(), "referrer");
        return new FoundSignatures(image, List.of(StoredSignature.bundle("repo@" + bundle.digest(), bundle)));
    }

    private static byte[] statement(Digest image, String predicateType) {
        return ("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"registry.example/acme/app\",\"digest\":{\"sha256\":\""
                + image.hex() + "\"}}],\"predicateType\":\"" + predicateType + "\",\"predicate\":{}}").getBytes(StandardCharsets.UTF_8);
    }
}
