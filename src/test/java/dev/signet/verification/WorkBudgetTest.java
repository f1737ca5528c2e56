package dev.signet.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.json.Json;
import dev.signet.keys.SigningKey;
import dev.signet.oci.Descriptor;
import dev.signet.oci.ImageManifest;
import dev.signet.oci.MediaTypes;
import dev.signet.oci.RawManifest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.signature.BundleFormat;
import dev.signet.signature.BundleManifest;
import dev.signet.signature.CosignSignature;
import dev.signet.signature.SignatureLayout;
import dev.signet.signature.SignatureManifest;
import dev.signet.signature.SignatureTags;
import dev.signet.signature.SimpleSigningPayload;
import dev.signet.signature.PredicateTypes;
import dev.signet.signing.AttestationRequest;
import dev.signet.signing.AttestationSigner;
import dev.signet.signing.ImageSigner;
import dev.signet.signing.SigningRequest;
import dev.signet.testing.FakeRegistryClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * One work budget per image verification, across the {@code .sig} layers and the bundles: a registry that stores many
 * signatures, each under its own limit, gets the budget's worth read and the rest judged MALFORMED unread, while the
 * valid signature read before them still verifies.
 */
class WorkBudgetTest {
    private final FakeRegistryClient registry = new FakeRegistryClient();
    private final ImageVerifier verifier = new ImageVerifier(registry);
    private final Repository repository = Repository.parse("registry.local/team/app");
    private final SigningKey key = SigningKey.generate("ci");
    private final SigningKey stranger = SigningKey.generate("stranger");
    private final RawManifest image = registry.pushRandomImage(repository, "v1");

    private VerificationResult verify(SignatureLayout... layouts) {
        registry.resetCalls();
        return verifier.verify(VerificationRequest.of(ImageReference.of(repository, image.digest()), List.of(key.verificationKey()))
                .withLayouts(Set.of(layouts)));
    }

    private static List<SignatureCheck> malformed(VerificationResult result) {
        return result.checks().stream().filter(check -> check.status() == SignatureCheck.Status.MALFORMED).toList();
    }

    /** A {@code .sig} whose first layer {@code key} signed, followed by {@code others} layers a stranger signed. */
    private void storeSigWithLayers(int others) {
        List<Descriptor> layers = new ArrayList<>();
        List<CosignSignature> signatures = new ArrayList<>();
        signatures.add(CosignSignature.sign(SimpleSigningPayload.of(repository.cosignName(), image.digest()), key));
        for (int i = 0; i < others; i++) {
            signatures.add(CosignSignature.sign(SimpleSigningPayload.of(repository.cosignName(), image.digest()), stranger));
        }
        for (CosignSignature signature : signatures) {
            registry.pushBlob(repository, signature.payload());
            layers.add(signature.layer());
        }
        registry.push(repository, SignatureTags.signature(image.digest()), SignatureManifest.buildFromLayers(layers).manifest());
    }

    /** A referrer of the image whose bundle blob is {@code size} bytes that are not a bundle. */
    private void pushJunkReferrer(int size, int seed) {
        byte[] blob = new byte[size];
        Arrays.fill(blob, (byte) ('a' + seed));
        registry.pushBlob(repository, blob);
        registry.pushBlob(repository, BundleManifest.EMPTY_CONFIG);
        Descriptor config = Descriptor.of(MediaTypes.OCI_EMPTY, BundleManifest.EMPTY_CONFIG_DIGEST, BundleManifest.EMPTY_CONFIG.length);
        Descriptor subject = Descriptor.of(image.mediaType(), image.digest(), image.bytes().length);
        ImageManifest manifest = new ImageManifest(2, MediaTypes.OCI_MANIFEST, BundleFormat.BUNDLE_V03, config,
                List.of(Descriptor.of(BundleFormat.BUNDLE_V03, blob)), Map.of(), subject);
        registry.push(repository, null, RawManifest.of(Json.write(manifest), MediaTypes.OCI_MANIFEST));
    }

    @Test
    void verify_sigWithMoreLayersThanTheBudget_readsTheBudgetsWorthAndStillVerifies() {
        storeSigWithLayers(99);

        VerificationResult result = verify(SignatureLayout.LEGACY);

        assertThat(result.outcome()).isEqualTo(VerificationResult.Outcome.VERIFIED);
        assertThat(registry.calls("getBlob")).isEqualTo((int) WorkBudget.MAX_SIGNATURES);
        assertThat(malformed(result)).hasSize(100 - (int) WorkBudget.MAX_SIGNATURES)
                .allSatisfy(check -> assertThat(check.detail()).contains("more signatures than the 64 this verification may read"));
    }

    @Test
    void verify_bundlesPastTheByteBudget_areMalformedUnreadAndTheSigStillVerifies() {
        new ImageSigner(registry, Clock.systemUTC()).sign(SigningRequest.of(ImageReference.of(repository, image.digest()), key)
                .withLayouts(Set.of(SignatureLayout.LEGACY)));
        for (int i = 0; i < 10; i++) {
            pushJunkReferrer(1_000_000, i);
        }

        VerificationResult result = verify(SignatureLayout.BUNDLE, SignatureLayout.LEGACY);

        assertThat(result.outcome()).isEqualTo(VerificationResult.Outcome.VERIFIED);
        assertThat(result.verified()).singleElement().extracting(SignatureCheck::layout).isEqualTo(SignatureLayout.LEGACY);
        // half of 8 MiB for the bundles: four blobs of a million bytes, then none; one more blob for the .sig layer
        assertThat(registry.calls("getBlob")).isEqualTo(5);
        assertThat(malformed(result)).hasSize(10)
                .filteredOn(check -> check.detail().contains("more bytes than the 4194304 this verification may read")).hasSize(6);
    }

    @Test
    void verify_bundlesPastTheRequestBudget_areMalformedUnread() {
        for (int i = 0; i < 70; i++) {
            pushJunkReferrer(10, i);
        }

        VerificationResult result = verify(SignatureLayout.BUNDLE);

        // one referrers lookup and two requests per bundle: 63 bundles fit in 128 requests
        assertThat(registry.calls("referrers") + registry.calls("getManifest") + registry.calls("getBlob"))
                .isLessThanOrEqualTo((int) WorkBudget.MAX_REQUESTS);
        assertThat(registry.calls("getBlob")).isEqualTo(63);
        assertThat(malformed(result)).hasSize(70)
                .filteredOn(check -> check.detail().contains("registry requests than the 128")).hasSize(1);
    }

    @Test
    void verify_referrersPagedPastTheBudget_readsItsPagesAndTheBundleOnThemVerifies() {
        new ImageSigner(registry, Clock.systemUTC()).sign(SigningRequest.of(ImageReference.of(repository, image.digest()), key)
                .withLayouts(Set.of(SignatureLayout.BUNDLE)));
        for (int i = 0; i < 30; i++) {
            pushJunkReferrer(10, i);
        }
        registry.pageReferrers(2);

        VerificationResult result = verify(SignatureLayout.BUNDLE);

        assertThat(result.outcome()).isEqualTo(VerificationResult.Outcome.VERIFIED);
        // four pages of two: the signature and seven junk referrers read, the other 23 listed on pages never asked for
        assertThat(registry.calls("referrers")).isEqualTo(WorkBudget.MAX_REFERRER_PAGES);
        assertThat(registry.calls("getBlob")).isEqualTo(2 * WorkBudget.MAX_REFERRER_PAGES);
        assertThat(malformed(result)).filteredOn(check -> check.detail().contains("the list goes on past the 4 pages this verification may read"))
                .singleElement().satisfies(check -> assertThat(check.location()).isEqualTo("referrers of " + repository + "@" + image.digest()));
    }

    @Test
    void fetch_deadlinePassingWhileTheSigManifestIsRead_makesNoFurtherRequest() {
        storeSigWithLayers(9);
        registry.beforeCall("findManifest", reference -> sleep(Duration.ofMillis(300)));
        SignatureFetcher fetcher = new SignatureFetcher(registry, Runnable::run);
        registry.resetCalls();

        assertThatThrownBy(() -> fetcher.fetch(repository, image.digest(), Optional.empty(), Set.of(SignatureLayout.LEGACY),
                Deadline.after(Duration.ofMillis(100))))
                .isInstanceOfSatisfying(DeadlineExceededException.class, e -> assertThat(e.isTransient()).isTrue())
                .hasMessage("verify signatures of " + repository + "@" + image.digest() + ": the deadline passed before the registry answered every"
                        + " request; the remaining requests were not made; retry, or look at the registry's latency");
        // without the deadline, the ten layers would still be read after the caller stopped waiting
        assertThat(registry.calls("findManifest")).isEqualTo(1);
        assertThat(registry.calls("getBlob")).isZero();
    }

    @Test
    void verifyAttestations_attWithMoreLayersThanTheBudget_readsItsHalfAndStillVerifies() {
        AttestationSigner signer = new AttestationSigner(registry, Clock.systemUTC());
        for (int i = 0; i < 40; i++) {
            // a predicate per layer: the signer keeps one layer per key and identical predicate
            byte[] predicate = ("{\"build\":" + i + "}").getBytes(StandardCharsets.UTF_8);
            signer.attest(new AttestationRequest(ImageReference.of(repository, image.digest()), i == 0 ? key : stranger, "custom", predicate,
                    SignatureLayout.LEGACY, false));
        }
        registry.resetCalls();

        AttestationResult result = new AttestationVerifier(registry)
                .verify(ImageReference.of(repository, image.digest()), List.of(key.verificationKey()), PredicateTypes.CUSTOM);

        assertThat(result.outcome()).isEqualTo(AttestationResult.Outcome.VERIFIED);
        long half = WorkBudget.MAX_SIGNATURES / 2;
        assertThat(registry.calls("getBlob")).isEqualTo((int) half);
        assertThat(result.checks()).filteredOn(check -> check.status() == AttestationCheck.Status.MALFORMED).hasSize(40 - (int) half)
                .allSatisfy(check -> assertThat(check.detail()).contains("more signatures than the 32 this verification may read"));
    }

    @Test
    void verifyAttestations_deadlinePassed_makesNoRequestPastIt() {
        new AttestationSigner(registry, Clock.systemUTC()).attest(new AttestationRequest(ImageReference.of(repository, image.digest()), key,
                "custom", "{}".getBytes(StandardCharsets.UTF_8), SignatureLayout.LEGACY, false));
        registry.resetCalls();
        Deadline passed = new Deadline(System.nanoTime() - 1);

        assertThatThrownBy(() -> new AttestationVerifier(registry).verify(ImageReference.of(repository, image.digest()),
                List.of(key.verificationKey()), PredicateTypes.CUSTOM, passed))
                .isInstanceOf(DeadlineExceededException.class);
        assertThat(registry.calls("referrers") + registry.calls("findManifest") + registry.calls("getBlob")).isZero();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
