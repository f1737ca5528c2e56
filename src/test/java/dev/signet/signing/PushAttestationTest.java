package dev.signet.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Reason;
import dev.signet.json.Json;
import dev.signet.keys.KeyProvider;
import dev.signet.keys.SigningKey;
import dev.signet.oci.RawManifest;
import dev.signet.reference.ImagePattern;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import dev.signet.registry.RegistryAuthException;
import dev.signet.registry.RegistryUnavailableException;
import dev.signet.signature.BundleFormat;
import dev.signet.signature.PushPredicate;
import dev.signet.signature.SignatureLayout;
import dev.signet.signature.SignatureTags;
import dev.signet.testing.FakeRegistryClient;
import dev.signet.testing.OneKey;
import dev.signet.verification.AttestationCheck;
import dev.signet.verification.AttestationResult;
import dev.signet.verification.AttestationVerifier;
import dev.signet.verification.ImageVerifier;
import dev.signet.verification.SignatureCheck;
import dev.signet.verification.VerificationRequest;
import dev.signet.verification.VerificationResult;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Sign-on-push with {@code attestPush}: the registry's claims about the push, signed beside the signature. */
class PushAttestationTest {
    private final FakeRegistryClient registry = new FakeRegistryClient();
    private final Repository repository = Repository.parse("registry.local/team/app");
    private final SigningKey key = SigningKey.generate("ci");
    private final KeyProvider keys = new OneKey(key);
    private final PushClaims claims = new PushClaims(Optional.of("distribution"), Optional.of("5f0f2d6a-7e4b-4c2e-9d1a-0c3f6b1e8a21"),
            Optional.of("ci-robot"), Optional.of(Instant.parse("2026-12-02T15:04:05.123Z")));

    private PushSigner signer(boolean attestPush, Set<SignatureLayout> layouts) {
        return new PushSigner(List.of(new SigningRule(List.of(ImagePattern.parse("registry.local/*")), "ci", attestPush)), layouts, keys,
                registry, new ImageSigner(registry, Clock.systemUTC()), new AttestationSigner(registry, Clock.systemUTC()));
    }

    private PushedImage pushed(RawManifest image, String tag) {
        return new PushedImage(ImageReference.of(repository, image.digest()), Optional.of(Tag.parse(tag)), Optional.of(image.mediaType()), claims);
    }

    private AttestationResult attestations(RawManifest image) {
        return new AttestationVerifier(registry).verify(ImageReference.of(repository, image.digest()), List.of(key.verificationKey()), PushPredicate.TYPE);
    }

    private VerificationResult signatures(RawManifest image, Set<SignatureLayout> layouts) {
        return new ImageVerifier(registry).verify(VerificationRequest.of(ImageReference.of(repository, image.digest()),
                List.of(key.verificationKey())).withLayouts(layouts));
    }

    @Test
    void handle_ruleAttestsPush_storesASignatureAndAPushAttestationOfTheRegistrysClaims() {
        RawManifest image = registry.pushRandomImage(repository, "v1");

        PushOutcome outcome = signer(true, EnumSet.of(SignatureLayout.LEGACY)).handle(pushed(image, "v1"));

        assertThat(outcome.kind()).isEqualTo(PushOutcome.Kind.SIGNED);
        assertThat(signatures(image, EnumSet.of(SignatureLayout.LEGACY)).outcome()).isEqualTo(VerificationResult.Outcome.VERIFIED);
        AttestationResult result = attestations(image);
        assertThat(result.outcome()).isEqualTo(AttestationResult.Outcome.VERIFIED);
        AttestationCheck check = result.verified().get(0);
        assertThat(check.location()).startsWith(repository + ":" + SignatureTags.attestation(image.digest()));
        assertThat(check.statement().orElseThrow().predicate()).isEqualTo(Json.mapper().createObjectNode()
                .put("digest", image.digest().toString())
                .put("notificationId", "5f0f2d6a-7e4b-4c2e-9d1a-0c3f6b1e8a21")
                .put("pushedAt", "2026-12-02T15:04:05.123Z")
                .put("pusher", "ci-robot")
                .put("registry", "registry.local")
                .put("repository", "team/app")
                .put("source", "distribution")
                .put("tag", "v1"));
        assertThat(outcome.attestations()).singleElement().satisfies(stored -> {
            assertThat(stored.layout()).isEqualTo(SignatureLayout.LEGACY);
            assertThat(stored.created()).isTrue();
        });
    }

    @Test
    void handle_bothLayouts_attestsInEachLayoutTheSignatureUses() {
        RawManifest image = registry.pushRandomImage(repository, "v1");

        PushOutcome outcome = signer(true, EnumSet.allOf(SignatureLayout.class)).handle(pushed(image, "v1"));

        assertThat(outcome.attestations()).extracting(StoredSignature::layout).containsExactly(SignatureLayout.LEGACY, SignatureLayout.BUNDLE);
        assertThat(attestations(image).verified()).extracting(AttestationCheck::layout)
                .containsExactlyInAnyOrder(SignatureLayout.LEGACY, SignatureLayout.BUNDLE);
    }

    @Test
    void handle_redeliveredNotification_storesNoSecondSignatureOrAttestation() {
        RawManifest image = registry.pushRandomImage(repository, "v1");
        PushSigner signer = signer(true, EnumSet.allOf(SignatureLayout.class));
        signer.handle(pushed(image, "v1"));

        PushOutcome again = signer.handle(pushed(image, "v1"));

        assertThat(again.kind()).isEqualTo(PushOutcome.Kind.ALREADY_SIGNED);
        assertThat(again.attestations()).hasSize(2).noneMatch(StoredSignature::created);
        assertThat(attestations(image).verified()).hasSize(2);
        // the attestation's bundle is a referrer too, which Signet never counts as a signature
        assertThat(signatures(image, EnumSet.allOf(SignatureLayout.class)).checks()).filteredOn(check -> check.status() == SignatureCheck.Status.VERIFIED)
                .hasSize(2);
    }

    @Test
    void handle_sameDigestPushedUnderAnotherTag_isASecondClaim() {
        RawManifest image = registry.pushRandomImage(repository, "v1");
        PushSigner signer = signer(true, EnumSet.of(SignatureLayout.LEGACY));
        signer.handle(pushed(image, "v1"));

        PushOutcome retag = signer.handle(pushed(image, "stable"));

        assertThat(retag.attestations()).singleElement().satisfies(stored -> assertThat(stored.created()).isTrue());
        assertThat(attestations(image).verified()).extracting(check -> check.statement().orElseThrow().predicate().path("tag").asText())
                .containsExactly("v1", "stable");
    }

    @Test
    void handle_ruleWithoutAttestPush_attestsNothing() {
        RawManifest image = registry.pushRandomImage(repository, "v1");
        SigningRule byDefault = new SigningRule(List.of(ImagePattern.parse("registry.local/*")), "ci");
        PushSigner signer = new PushSigner(List.of(byDefault), EnumSet.allOf(SignatureLayout.class), keys, registry,
                new ImageSigner(registry, Clock.systemUTC()));

        PushOutcome outcome = signer.handle(pushed(image, "v1"));

        assertThat(byDefault.attestPush()).isFalse();
        assertThat(outcome.kind()).isEqualTo(PushOutcome.Kind.SIGNED);
        assertThat(outcome.attestations()).isEmpty();
        assertThat(attestations(image).verified()).isEmpty();
        assertThat(registry.findManifest(ImageReference.of(repository, Tag.parse(SignatureTags.attestation(image.digest()))))).isEmpty();
        assertThat(registry.referrers(repository, image.digest(), BundleFormat.BUNDLE_V03).manifests()).as("the signature's bundle only").hasSize(1);
    }

    @Test
    void handle_pushWithoutClaims_attestsWhatIsKnown() {
        RawManifest image = registry.pushRandomImage(repository, null);

        signer(true, EnumSet.of(SignatureLayout.LEGACY)).handle(new PushedImage(ImageReference.of(repository, image.digest()),
                Optional.empty(), Optional.empty()));

        JsonNode predicate = attestations(image).verified().get(0).statement().orElseThrow().predicate();
        assertThat(predicate).isEqualTo(Json.mapper().createObjectNode()
                .put("digest", image.digest().toString())
                .put("registry", "registry.local")
                .put("repository", "team/app"));
    }

    @Test
    void handle_transientFaultWhileAttesting_keepsTheSignatureAndAttestsOnRedelivery() {
        RawManifest image = registry.pushRandomImage(repository, "v1");
        PushSigner signer = signer(true, EnumSet.of(SignatureLayout.LEGACY));
        ImageReference attTag = ImageReference.of(repository, Tag.parse(SignatureTags.attestation(image.digest())));
        boolean[] down = {true};
        registry.beforeCall("findManifest", reference -> {
            if (down[0] && reference.equals(attTag)) {
                throw new RegistryUnavailableException(Reason.REGISTRY_UNAVAILABLE, "fetch manifest", reference.toString(), "test outage",
                        null, 503, List.of(), null);
            }
        });

        assertThatThrownBy(() -> signer.handle(pushed(image, "v1"))).isInstanceOf(RegistryUnavailableException.class);
        assertThat(signatures(image, EnumSet.of(SignatureLayout.LEGACY)).outcome()).isEqualTo(VerificationResult.Outcome.VERIFIED);
        down[0] = false;
        PushOutcome redelivered = signer.handle(pushed(image, "v1"));

        assertThat(redelivered.kind()).as("the signature was stored before the fault").isEqualTo(PushOutcome.Kind.ALREADY_SIGNED);
        assertThat(attestations(image).verified()).hasSize(1);
        assertThat(signatures(image, EnumSet.of(SignatureLayout.LEGACY)).checks()).hasSize(1);
    }

    @Test
    void handle_permanentFaultWhileAttesting_reportsAFailureAndKeepsTheSignature() {
        RawManifest image = registry.pushRandomImage(repository, "v1");
        ImageReference attTag = ImageReference.of(repository, Tag.parse(SignatureTags.attestation(image.digest())));
        registry.beforeCall("putManifest", reference -> {
            if (reference.equals(attTag)) {
                throw new RegistryAuthException(Reason.REGISTRY_DENIED, "push manifest", reference.toString(), "registry answered 403 DENIED",
                        "check that the signer may push to " + repository, 403, List.of());
            }
        });

        PushOutcome outcome = signer(true, EnumSet.of(SignatureLayout.LEGACY)).handle(pushed(image, "v1"));

        assertThat(outcome.kind()).isEqualTo(PushOutcome.Kind.FAILED);
        assertThat(outcome.reason()).isEqualTo("push-attestation-failed");
        assertThat(outcome.message()).startsWith("push manifest " + attTag + ": registry answered 403 DENIED")
                .endsWith("; the signature of " + repository + "@" + image.digest() + " is stored, only its push attestation is missing");
        assertThat(outcome.result()).isPresent();
        assertThat(signatures(image, EnumSet.of(SignatureLayout.LEGACY)).outcome()).isEqualTo(VerificationResult.Outcome.VERIFIED);
        assertThat(attestations(image).outcome()).isEqualTo(AttestationResult.Outcome.NO_ATTESTATIONS);
    }
}
