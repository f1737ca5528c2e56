package dev.signet.verification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.json.Json;
import dev.signet.keys.PemKeys;
import dev.signet.oci.Descriptor;
import dev.signet.oci.Digests;
import dev.signet.oci.MediaTypes;
import dev.signet.reference.Digest;
import dev.signet.signature.AttestationLayers;
import dev.signet.signature.CosignAnnotations;
import dev.signet.signature.DsseEnvelope;
import dev.signet.signature.SignatureLayout;
import dev.signet.signature.SigstoreBundle;
import dev.signet.sigstore.IdentityMatcher;
import dev.signet.sigstore.TextMatch;
import dev.signet.sigstore.TrustedRoot;
import dev.signet.testing.Vectors;
import dev.signet.testing.sigstore.TestSigstore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The frozen mock-Sigstore run ({@code vectors/keyless/mock/}, npm {@code @sigstore/mock} + {@code @sigstore/sign},
 * accepted by {@code @sigstore/verify}) read as attestations: its two DSSE bundles hold an in-toto statement about
 * {@code subject.bin}'s digest, logged as {@code dsse} 0.0.1 (with an RFC 3161 timestamp) and as {@code intoto} 0.0.2.
 * Each verifies as a keyless attestation of its predicate type (cosign's sign predicate, the only one the run has)
 * as a bundle, and, re-packed the way cosign v2 stores an {@code .att} layer (the same envelope, certificate and SET,
 * nothing re-signed), as a legacy layer; another identity or the public-good root is refused.
 */
class MockKeylessAttestationVectorsTest {
    private static final Digest SUBJECT = Digest.parse("sha256:c04be4648dbb74200e06e05fc7a293c979cd29e2cd07e1afd0664863530dc547");
    private static final String TYPE = "https://sigstore.dev/cosign/sign/v1";

    private static TrustedRoot mockRoot() {
        return TrustedRoot.parse(Vectors.bytes("keyless/mock/trusted_root.json"), "mock");
    }

    private static List<KeylessTrust> trust(TrustedRoot root, String subject) {
        return List.of(new KeylessTrust("mock", root, List.of(new IdentityMatcher(TextMatch.exact(subject), TextMatch.exact(TestSigstore.DEFAULT_ISSUER))),
                true, true));
    }

    private static AttestationCheck asBundle(String file, List<KeylessTrust> trusts) {
        SigstoreBundle bundle = SigstoreBundle.parse(Vectors.bytes("keyless/mock/" + file), file);
        return AttestationVerifier.check(SignatureLayout.BUNDLE, file, bundle.digest(), bundle.envelope(), SUBJECT, List.of(), TYPE,
                Optional.of(() -> KeylessEnvelopes.bundle(bundle, trusts, Instant.now(), file)));
    }

    /** The bundle as cosign v2's {@code .att} layer: the envelope as the blob, the certificate and the SET as annotations. */
    private static AttestationCheck asLegacyLayer(String file, List<KeylessTrust> trusts) throws Exception {
        JsonNode bundle = Json.mapper().readTree(Vectors.bytes("keyless/mock/" + file));
        JsonNode dsse = bundle.path("dsseEnvelope");
        ObjectNode envelope = Json.mapper().createObjectNode();
        envelope.put("payloadType", dsse.path("payloadType").asText());
        envelope.put("payload", dsse.path("payload").asText());
        envelope.putArray("signatures").addObject().put("keyid", "").put("sig", dsse.path("signatures").get(0).path("sig").asText());
        byte[] blob = envelope.toString().getBytes(StandardCharsets.UTF_8);
        JsonNode entry = bundle.path("verificationMaterial").path("tlogEntries").get(0);
        ObjectNode rekor = Json.mapper().createObjectNode();
        rekor.put("SignedEntryTimestamp", entry.path("inclusionPromise").path("signedEntryTimestamp").asText());
        ObjectNode payload = rekor.putObject("Payload");
        payload.put("body", entry.path("canonicalizedBody").asText());
        payload.put("integratedTime", entry.path("integratedTime").asLong());
        payload.put("logIndex", entry.path("logIndex").asLong());
        payload.put("logID", HexFormat.of().formatHex(Base64.getDecoder().decode(entry.path("logId").path("keyId").asText())));
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(CosignAnnotations.SIGNATURE, "");
        annotations.put(AttestationLayers.PREDICATE_TYPE, TYPE);
        annotations.put(CosignAnnotations.CERTIFICATE, PemKeys.encode("CERTIFICATE",
                Base64.getDecoder().decode(bundle.path("verificationMaterial").path("certificate").path("rawBytes").asText())));
        annotations.put(CosignAnnotations.BUNDLE, rekor.toString());
        Descriptor layer = Descriptor.of(MediaTypes.DSSE_ENVELOPE, blob).withAnnotations(annotations);
        DsseEnvelope parsed = DsseEnvelope.parse(blob, file);
        return AttestationVerifier.check(SignatureLayout.LEGACY, file + "#layer-0", Digests.sha256(blob), parsed, SUBJECT, List.of(), TYPE,
                Optional.of(() -> KeylessEnvelopes.layer(layer, parsed, trusts, Instant.now(), file)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dsse-intoto.sigstore.json", "dsse-intoto-rekor-intoto.sigstore.json"})
    void mockBundle_verifiesAsAKeylessAttestation_inBothLayouts(String file) throws Exception {
        for (AttestationCheck check : List.of(asBundle(file, trust(mockRoot(), TestSigstore.DEFAULT_SAN)),
                asLegacyLayer(file, trust(mockRoot(), TestSigstore.DEFAULT_SAN)))) {
            assertThat(check.status()).as(check.location() + ": " + check.detail()).isEqualTo(AttestationCheck.Status.VERIFIED);
            assertThat(check.evidence()).get().isInstanceOf(Evidence.Keyless.class);
            assertThat(check.statement().orElseThrow().names(SUBJECT)).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dsse-intoto.sigstore.json", "dsse-intoto-rekor-intoto.sigstore.json"})
    void mockBundle_anotherIdentityOrThePublicGoodRoot_isRefused(String file) throws Exception {
        String other = "https://github.com/evil/app/.github/workflows/release.yml@refs/heads/main";
        for (AttestationCheck check : List.of(asBundle(file, trust(mockRoot(), other)), asLegacyLayer(file, trust(mockRoot(), other)))) {
            assertThat(check.status()).isEqualTo(AttestationCheck.Status.NO_MATCHING_KEY);
            assertThat(check.detail()).contains("identity: subject");
        }
        for (AttestationCheck check : List.of(asBundle(file, trust(TrustedRoot.production(), TestSigstore.DEFAULT_SAN)),
                asLegacyLayer(file, trust(TrustedRoot.production(), TestSigstore.DEFAULT_SAN)))) {
            assertThat(check.status()).isEqualTo(AttestationCheck.Status.NO_MATCHING_KEY);
            assertThat(check.statement()).isEmpty();
        }
    }
}
