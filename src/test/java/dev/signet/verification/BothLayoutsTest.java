package dev.signet.verification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.json.Json;
import dev.signet.keys.SigningKey;
import dev.signet.oci.Descriptor;
import dev.signet.oci.ImageIndex;
import dev.signet.oci.ImageManifest;
import dev.signet.oci.MediaTypes;
import dev.signet.oci.RawManifest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.signature.BundleFormat;
import dev.signet.signature.BundleManifest;
import dev.signet.signature.CosignSignature;
import dev.signet.signature.PredicateTypes;
import dev.signet.signature.SignatureLayout;
import dev.signet.signature.SignatureManifest;
import dev.signet.signature.SignatureTags;
import dev.signet.signature.SigstoreBundle;
import dev.signet.signature.SimpleSigningPayload;
import dev.signet.signing.AttestationRequest;
import dev.signet.signing.AttestationSigner;
import dev.signet.signing.ImageSigner;
import dev.signet.signing.SigningRequest;
import dev.signet.testing.FakeRegistryClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An image with signatures in both cosign layouts: each found signature is judged on its own, so a broken {@code .sig}
 * (which anyone with push access can write) never hides a valid bundle, and a broken referrer never hides a valid
 * {@code .sig}.
 */
class BothLayoutsTest {
    private final FakeRegistryClient registry = new FakeRegistryClient();
    private final ImageVerifier verifier = new ImageVerifier(registry);
    private final Repository repository = Repository.parse("registry.local/team/app");
    private final SigningKey key = SigningKey.generate("ci");
    private final RawManifest image = registry.pushRandomImage(repository, "v1");

    private VerificationResult verify() {
        return verifier.verify(VerificationRequest.of(ImageReference.of(repository, image.digest()), List.of(key.verificationKey()))
                .withLayouts(Set.of(SignatureLayout.BUNDLE, SignatureLayout.LEGACY)));
    }

    private void sign(SignatureLayout layout) {
        new ImageSigner(registry, Clock.systemUTC()).sign(SigningRequest.of(ImageReference.of(repository, image.digest()), key)
                .withLayouts(Set.of(layout)));
    }

    private void storeUnderSignatureTag(RawManifest manifest) {
        registry.push(repository, SignatureTags.signature(image.digest()), manifest);
    }

    private static void assertVerifiedBy(VerificationResult result, SignatureLayout layout) {
        assertThat(result.outcome()).isEqualTo(VerificationResult.Outcome.VERIFIED);
        assertThat(result.verified()).singleElement().extracting(SignatureCheck::layout).isEqualTo(layout);
        assertThat(result.checks()).filteredOn(check -> check.layout() != layout)
                .singleElement().extracting(SignatureCheck::status).isEqualTo(SignatureCheck.Status.MALFORMED);
    }

    @Test
    void verify_validBundleBesideSigTagHoldingAnIndex_verifiesTheBundle() {
        sign(SignatureLayout.BUNDLE);
        storeUnderSignatureTag(RawManifest.of(Json.write(ImageIndex.of(List.of(image.descriptor()))), MediaTypes.OCI_INDEX));

        assertVerifiedBy(verify(), SignatureLayout.BUNDLE);
    }

    @Test
    void verify_validBundleBesideSigWithTooManyLayers_verifiesTheBundle() {
        sign(SignatureLayout.BUNDLE);
        CosignSignature legacy = CosignSignature.sign(SimpleSigningPayload.of(repository.cosignName(), image.digest()), key);
        storeUnderSignatureTag(SignatureManifest.buildFromLayers(Collections.nCopies(1001, legacy.layer())).manifest());

        assertVerifiedBy(verify(), SignatureLayout.BUNDLE);
    }

    @Test
    void verify_validBundleBesideSigThatIsNotJson_verifiesTheBundle() {
        sign(SignatureLayout.BUNDLE);
        storeUnderSignatureTag(RawManifest.of("not a manifest".getBytes(StandardCharsets.UTF_8), MediaTypes.OCI_MANIFEST));

        assertVerifiedBy(verify(), SignatureLayout.BUNDLE);
    }

    @Test
    void verify_validSigBesideReferrerWhoseBundleIsNotJson_verifiesTheSig() {
        sign(SignatureLayout.LEGACY);
        pushReferrer("{\"mediaType\":".getBytes(StandardCharsets.UTF_8));

        assertVerifiedBy(verify(), SignatureLayout.LEGACY);
    }

    @Test
    void verify_validSigBesideReferrerWhoseBundleBlobIsMissing_verifiesTheSig() {
        sign(SignatureLayout.LEGACY);
        byte[] bundle = "{}".getBytes(StandardCharsets.UTF_8);
        registry.push(repository, null, referrer(Descriptor.of(BundleFormat.BUNDLE_V03, bundle)));

        assertVerifiedBy(verify(), SignatureLayout.LEGACY);
    }

    @Test
    void verify_validSigBesideBundleWithGarbledEnvelope_verifiesTheSig() {
        sign(SignatureLayout.LEGACY);
        pushReferrer(("{\"mediaType\":\"" + BundleFormat.BUNDLE_V03 + "\",\"dsseEnvelope\":{\"payload\":{\"x\":1},"
                + "\"payloadType\":[],\"signatures\":[{\"sig\":\"%%%\"}]}}").getBytes(StandardCharsets.UTF_8));

        assertVerifiedBy(verify(), SignatureLayout.LEGACY);
    }

    @Test
    void verify_validSigBesideBundleSignedOverAnotherPayloadType_verifiesTheSig() {
        sign(SignatureLayout.LEGACY);
        // a bundle the same key signed, but whose envelope is not in-toto: verified, then unreadable
        byte[] statement = "{}".getBytes(StandardCharsets.UTF_8);
        byte[] bundle = SigstoreBundle.signStatement(statement, key).bytes();
        String altered = new String(bundle, StandardCharsets.UTF_8).replace(BundleFormat.IN_TOTO_PAYLOAD_TYPE, "text/plain");
        pushReferrer(altered.getBytes(StandardCharsets.UTF_8));

        VerificationResult result = verify();

        assertThat(result.outcome()).isEqualTo(VerificationResult.Outcome.VERIFIED);
        assertThat(result.verified()).singleElement().extracting(SignatureCheck::layout).isEqualTo(SignatureLayout.LEGACY);
    }

    @Test
    void verifyAttestations_validBundleBesideAttTagHoldingAnIndex_verifiesTheBundle() {
        new AttestationSigner(registry, Clock.systemUTC()).attest(new AttestationRequest(ImageReference.of(repository, image.digest()), key,
                "custom", "{\"build\":\"ok\"}".getBytes(StandardCharsets.UTF_8), SignatureLayout.BUNDLE, false));
        registry.push(repository, SignatureTags.attestation(image.digest()),
                RawManifest.of(Json.write(ImageIndex.of(List.of(image.descriptor()))), MediaTypes.OCI_INDEX));

        AttestationResult result = new AttestationVerifier(registry)
                .verify(ImageReference.of(repository, image.digest()), List.of(key.verificationKey()), PredicateTypes.CUSTOM);

        assertThat(result.outcome()).isEqualTo(AttestationResult.Outcome.VERIFIED);
        assertThat(result.checks()).extracting(AttestationCheck::status)
                .containsExactlyInAnyOrder(AttestationCheck.Status.VERIFIED, AttestationCheck.Status.MALFORMED);
    }

    private void pushReferrer(byte[] bundle) {
        registry.pushBlob(repository, bundle);
        registry.push(repository, null, referrer(Descriptor.of(BundleFormat.BUNDLE_V03, bundle)));
    }

    /** A referrer manifest of {@code image} holding {@code layer}, shaped as cosign's bundle referrers are. */
    private RawManifest referrer(Descriptor layer) {
        registry.pushBlob(repository, BundleManifest.EMPTY_CONFIG);
        Descriptor config = Descriptor.of(MediaTypes.OCI_EMPTY, BundleManifest.EMPTY_CONFIG_DIGEST, BundleManifest.EMPTY_CONFIG.length);
        Descriptor subject = Descriptor.of(image.mediaType(), image.digest(), image.bytes().length);
        ImageManifest manifest = new ImageManifest(2, MediaTypes.OCI_MANIFEST, BundleFormat.BUNDLE_V03, config, List.of(layer),
                Map.of(), subject);
        return RawManifest.of(Json.write(manifest), MediaTypes.OCI_MANIFEST);
    }
}
