package dev.signet.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.events.ingest.DistributionParser;
import dev.signet.events.ingest.WebhookDelivery;
import dev.signet.json.Json;
import dev.signet.keys.KeyProvider;
import dev.signet.keys.SigningKey;
import dev.signet.oci.RawManifest;
import dev.signet.reference.ImagePattern;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.signature.PushPredicate;
import dev.signet.signature.SignatureLayout;
import dev.signet.signing.AttestationSigner;
import dev.signet.signing.ImageSigner;
import dev.signet.signing.PushOutcome;
import dev.signet.signing.PushSigner;
import dev.signet.signing.PushedImage;
import dev.signet.signing.SigningRule;
import dev.signet.testing.FakeRegistryClient;
import dev.signet.testing.OneKey;
import dev.signet.verification.AttestationResult;
import dev.signet.verification.AttestationVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A registry's notification, as distribution documents it, all the way to a verified push attestation: what the
 * ingest parses is what the signer signs, with the pusher, time and event id exactly as the registry wrote them.
 */
class PushAttestationFromNotificationTest {
    /** The digest {@code push-tags.json} names; replaced by a real image's so the fake registry holds it. */
    private static final String FIXTURE_DIGEST = "sha256:fea8895f450959fa676bcc1df0611ea93823a735a01205fd8622846041d0c7cf";

    private final FakeRegistryClient registry = new FakeRegistryClient();
    private final Repository repository = Repository.parse("registry.example.com:5000/team/app");
    private final SigningKey key = SigningKey.generate("ci");
    private final KeyProvider keys = new OneKey(key);

    private static byte[] fixture(String path, RawManifest image) throws IOException {
        try (InputStream in = PushAttestationFromNotificationTest.class.getResourceAsStream("/events/ingest/" + path)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.replace(FIXTURE_DIGEST, image.digest().toString()).getBytes(StandardCharsets.UTF_8);
        }
    }

    @Test
    void distributionPushByTheCiBot_isAttestedWithTheRegistrysActorTimeAndEventId() throws Exception {
        RawManifest image = registry.pushRandomImage(repository, "1.0");
        List<ImagePushedData> notified = new DistributionParser(new ObjectMapper())
                .parse(WebhookDelivery.of(fixture("distribution/push-tags.json", image)));
        PushedImage push = PushEvents.fromSignet(notified.get(0), "e1");
        PushSigner signer = new PushSigner(List.of(new SigningRule(List.of(ImagePattern.parse("registry.example.com:5000/team/*")), "ci", true)),
                EnumSet.of(SignatureLayout.BUNDLE), keys, registry, new ImageSigner(registry, Clock.systemUTC()),
                new AttestationSigner(registry, Clock.systemUTC()));

        PushOutcome outcome = signer.handle(push);

        assertThat(outcome.kind()).isEqualTo(PushOutcome.Kind.SIGNED);
        AttestationResult result = new AttestationVerifier(registry).verify(ImageReference.of(repository, image.digest()),
                List.of(key.verificationKey()), PushPredicate.TYPE);
        assertThat(result.verified()).singleElement().satisfies(check -> assertThat(check.statement().orElseThrow().predicate())
                .isEqualTo(Json.mapper().createObjectNode()
                        .put("digest", image.digest().toString())
                        .put("notificationId", "8b7c0f4e-2b1a-4c55-9f8e-5a1b2c3d4e01")
                        .put("pushedAt", "2024-05-14T09:12:33.125466871Z")
                        .put("pusher", "ci-bot")
                        .put("registry", "registry.example.com:5000")
                        .put("repository", "team/app")
                        .put("source", "distribution")
                        .put("tag", "1.0")));
    }
}
