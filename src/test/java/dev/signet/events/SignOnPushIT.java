package dev.signet.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.keys.VerificationKey;
import dev.signet.oci.RawManifest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import dev.signet.registry.HttpRegistryClient;
import dev.signet.registry.RegistryOptions;
import dev.signet.registry.auth.CredentialProvider;
import dev.signet.signature.PushPredicate;
import dev.signet.signature.SignatureLayout;
import dev.signet.signature.SignatureManifest;
import dev.signet.signature.SignatureTags;
import dev.signet.testing.Images;
import dev.signet.testing.LocalRegistry;
import dev.signet.testing.SignetAppResource;
import dev.signet.verification.AttestationCheck;
import dev.signet.verification.AttestationVerifier;
import dev.signet.verification.ImageVerifier;
import dev.signet.verification.VerificationRequest;
import dev.signet.verification.VerificationResult;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The first half of the product end to end: a real distribution registry notifies {@code /ingest/distribution} of
 * each push, and the signature appears in the registry moments later, signed by the configured key, in-process.
 */
@QuarkusTest
@QuarkusTestResource(value = SignetAppResource.class, restrictToAnnotatedClass = false)
class SignOnPushIT {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TestHTTPResource("/ingest/distribution")
    URL ingest;

    private LocalRegistry registry;
    private final HttpRegistryClient client = new HttpRegistryClient(RegistryOptions.defaults(), CredentialProvider.anonymous());

    @BeforeEach
    void startNotifyingRegistry() throws Exception {
        registry = LocalRegistry.builder().notifications(ingest.toURI()).start();
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    private Optional<RawManifest> signatures(Repository repository, RawManifest image) {
        return client.findManifest(ImageReference.of(repository, Tag.parse(SignatureTags.signature(image.digest()))));
    }

    private static <T> T await(String what, Supplier<Optional<T>> probe) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError(what + " did not happen within " + PATIENCE);
    }

    @Test
    void push_toAMatchingRepository_isSignedAndVerifies_once() throws Exception {
        Repository repository = registry.repository("signed/app");
        RawManifest image = Images.pushRandom(client, repository, "v1");

        RawManifest sig = await("signature of " + image.digest(), () -> signatures(repository, image));
        Images.pushRandom(client, repository, "v2");
        client.putManifest(ImageReference.of(repository, Tag.parse("stable")), image);
        RawManifest laterImage = Images.pushRandom(client, repository, "v3");
        await("signature of the later push", () -> signatures(repository, laterImage));

        VerificationResult result = new ImageVerifier(client).verify(VerificationRequest.of(ImageReference.of(repository, Tag.parse("stable")),
                List.of(SignetAppResource.key().verificationKey())).withLayouts(EnumSet.of(SignatureLayout.LEGACY)));
        assertThat(result.outcome()).isEqualTo(VerificationResult.Outcome.VERIFIED);
        RawManifest after = signatures(repository, image).orElseThrow();
        assertThat(SignatureManifest.signatureLayers(after, "sig")).as("same digest under a second tag").hasSize(1);
        assertThat(signatures(repository, sig)).as("the signature push itself is not signed").isEmpty();
        assertThat(sig.digest()).isEqualTo(after.digest());
    }

    @Test
    void push_toARepositoryWhoseRuleAttestsPushes_isSignedAndAttestedWithTheNotificationsClaims() throws Exception {
        Repository repository = registry.repository("attested/app");
        Instant before = Instant.now().minusSeconds(1); // pushedAt is the registry's clock, to the nanosecond
        RawManifest image = Images.pushRandom(client, repository, "v1");
        ImageReference byDigest = ImageReference.of(repository, image.digest());
        AttestationVerifier attestations = new AttestationVerifier(client);
        List<VerificationKey> keys = List.of(SignetAppResource.key().verificationKey());

        await("signature of " + image.digest(), () -> signatures(repository, image));
        AttestationCheck check = await("push attestation of " + image.digest(),
                () -> attestations.verify(byDigest, keys, PushPredicate.TYPE).verified().stream().findFirst());

        JsonNode predicate = check.statement().orElseThrow().predicate();
        assertThat(predicate.path("registry").asText()).isEqualTo(registry.registry().name());
        assertThat(predicate.path("repository").asText()).isEqualTo("attested/app");
        assertThat(predicate.path("tag").asText()).isEqualTo("v1");
        assertThat(predicate.path("digest").asText()).isEqualTo(image.digest().toString());
        assertThat(predicate.path("source").asText()).isEqualTo("distribution");
        assertThat(predicate.path("notificationId").asText()).as("distribution's event id").isNotBlank();
        assertThat(Instant.parse(predicate.path("pushedAt").asText())).isBetween(before, Instant.now());
        assertThat(predicate.has("pusher")).as("an anonymous push names no pusher").isFalse();
        assertThat(check.layout()).isEqualTo(SignatureLayout.LEGACY);
        assertThat(attestations.verify(byDigest, keys, PushPredicate.TYPE).checks()).as("one attestation per notification").hasSize(1);
    }

    @Test
    void push_toARepositoryNoRuleNames_isNotSigned() throws Exception {
        Repository other = registry.repository("unsigned/app");
        Repository signed = registry.repository("signed/marker");
        RawManifest unsigned = Images.pushRandom(client, other, "v1");
        RawManifest marker = Images.pushRandom(client, signed, "v1");

        // notifications are delivered in order: once the later push is signed, the earlier one has been judged
        await("signature of the marker", () -> signatures(signed, marker));

        assertThat(signatures(other, unsigned)).isEmpty();
    }
}
