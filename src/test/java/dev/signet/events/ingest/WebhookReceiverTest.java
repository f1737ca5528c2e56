package dev.signet.events.ingest;

import static dev.signet.events.ingest.WebhookFixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Reason;
import dev.signet.events.ImagePushedData;
import dev.signet.oci.MediaTypes;
import dev.signet.registry.RegistryUnavailableException;
import dev.signet.testing.MutableClock;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookReceiverTest {
    private static final String ENVELOPE_V2 = "application/vnd.docker.distribution.events.v2+json";

    private final RecordingPushSink sink = new RecordingPushSink();
    private final FakeTagResolver resolver = new FakeTagResolver()
            .tag("quay.io/dgangaia/test:latest", MediaTypes.OCI_MANIFEST, "sha256:" + "1".repeat(64))
            .unavailable("docker.io/svendowideit/testhook:latest");
    private final MutableClock clock = new MutableClock(Instant.parse("2024-05-14T09:00:00Z"));

    private WebhookReceiver receiver(IngestOptions options) {
        return new WebhookReceiver(sink, resolver, options, clock, WebhookFixtures.MAPPER);
    }

    private static IngestReply post(WebhookReceiver receiver, UpstreamKind kind, byte[] body, String... headers) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            map.put(headers[i], headers[i + 1]);
        }
        return receiver.receive(kind, map, new ByteArrayInputStream(body));
    }

    /** A body that must never be read: authentication and declared sizes are checked first. */
    private static InputStream unreadable() {
        return new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("the body was read");
            }
        };
    }

    @Test
    void receive_pushUnderTwoTags_acceptsOneAndCountsOneDuplicate() {
        IngestReply reply = post(receiver(IngestOptions.defaults()), UpstreamKind.DISTRIBUTION,
                bytes("distribution/push-tags.json"), "Content-Type", ENVELOPE_V2);

        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.body()).isEqualTo(new IngestReply.Accepted(1, 1));
        assertThat(sink.pushes()).extracting(ImagePushedData::tag).containsExactly("1.0");
        assertThat(sink.correlationIds()).singleElement().asString().isNotBlank();
    }

    @Test
    void receive_redeliveryWithinTheWindow_acceptsNothing() {
        WebhookReceiver receiver = receiver(IngestOptions.defaults());
        post(receiver, UpstreamKind.DISTRIBUTION, bytes("distribution/push-tags.json"));
        clock.advance(Duration.ofSeconds(30));

        IngestReply reply = post(receiver, UpstreamKind.DISTRIBUTION, bytes("distribution/push-tags.json"));

        assertThat(reply.body()).isEqualTo(new IngestReply.Accepted(0, 2));
        assertThat(sink.pushes()).hasSize(1);
    }

    @Test
    void receive_pullEvents_answers202WithNothingAccepted() {
        IngestReply reply = post(receiver(IngestOptions.defaults()), UpstreamKind.DISTRIBUTION, bytes("distribution/pull.json"));

        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.body()).isEqualTo(new IngestReply.Accepted(0, 0));
        assertThat(sink.correlationIds()).as("the sink is not called for nothing").isEmpty();
    }

    @Test
    void receive_malformedBody_answers400WithTheReason() {
        IngestReply reply = post(receiver(IngestOptions.defaults()), UpstreamKind.HARBOR, bytes("harbor/uppercase-digest.json"));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(((IngestReply.Rejected) reply.body()).error())
                .startsWith("parse harbor webhook payload event_data.resources[0].digest: parse digest \"sha256:8A9E")
                .contains("digest hex must be lowercase");
        assertThat(sink.pushes()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"application/vnd.docker.distribution.events.v1+json", ENVELOPE_V2,
            "application/json; charset=utf-8", "APPLICATION/VND.DOCKER.DISTRIBUTION.EVENTS.V1+JSON"})
    void receive_distributionEnvelopeTypes_areAccepted(String contentType) {
        IngestReply reply = post(receiver(IngestOptions.defaults()), UpstreamKind.DISTRIBUTION,
                bytes("distribution/push-index.json"), "Content-Type", contentType);

        assertThat(reply.status()).isEqualTo(202);
    }

    @Test
    void receive_distributionWithForeignContentType_answers415() {
        IngestReply reply = post(receiver(IngestOptions.defaults()), UpstreamKind.DISTRIBUTION,
                bytes("distribution/push-index.json"), "Content-Type", "text/plain");

        assertThat(reply.status()).isEqualTo(415);
        assertThat(((IngestReply.Rejected) reply.body()).error()).contains("\"text/plain\" is not a notification envelope");
    }

    @Test
    void receive_bodyOverTheLimit_answers413() {
        byte[] big = new byte[1025];
        Arrays.fill(big, (byte) ' ');

        IngestReply reply = post(receiver(IngestOptions.defaults().withMaxBodyBytes(1024)), UpstreamKind.QUAY, big);

        assertThat(reply.status()).isEqualTo(413);
        assertThat(((IngestReply.Rejected) reply.body()).error()).isEqualTo("read quay webhook: body is larger than the limit of 1024 bytes");
    }

    @Test
    void receive_declaredLengthOverTheLimit_answers413WithoutReading() {
        IngestReply reply = receiver(IngestOptions.defaults()).receive(UpstreamKind.HARBOR,
                Map.of("Content-Length", "1048577"), unreadable());

        assertThat(reply.status()).isEqualTo(413);
    }

    @Test
    void receive_declaredEmptyBody_answers400WithoutReading() {
        // found by fuzzing (http.ingest): over HTTP, reading the empty body of a "Content-Length: 0" POST blocked a
        // worker thread until the read timeout, and the sender never got an answer
        IngestReply reply = receiver(IngestOptions.defaults()).receive(UpstreamKind.QUAY, Map.of("Content-Length", "0"), unreadable());

        assertThat(reply.status()).isEqualTo(400);
        assertThat(((IngestReply.Rejected) reply.body()).error()).isEqualTo("parse quay notification: body is empty");
    }

    @Test
    void receive_sharedSecretMissingOrWrong_answers401WithoutReadingOrHinting() {
        WebhookReceiver receiver = receiver(IngestOptions.defaults().withSharedSecret("s3cret-value"));

        for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of("Authorization", "Bearer s3cret-valu"))) {
            IngestReply reply = receiver.receive(UpstreamKind.DISTRIBUTION, headers, unreadable());

            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.headers()).containsEntry("WWW-Authenticate", "Bearer realm=\"signet-ingest\"");
            assertThat(((IngestReply.Rejected) reply.body()).error())
                    .isEqualTo("authenticate ingest request: missing or wrong Authorization header")
                    .doesNotContain("s3cret");
        }
    }

    @Test
    void receive_authenticationRequiredButNoSecretConfigured_answers401_andSignsNothing() {
        WebhookReceiver receiver = receiver(IngestOptions.defaults().withAuthenticationRequired(true));

        for (UpstreamKind kind : UpstreamKind.values()) {
            IngestReply reply = post(receiver, kind, bytes("harbor/push-artifact.json"), "Authorization", "Bearer anything");

            assertThat(reply.status()).as(kind.id()).isEqualTo(401);
            assertThat(reply.headers()).containsEntry("WWW-Authenticate", "Bearer realm=\"signet-ingest\"");
            assertThat(((IngestReply.Rejected) reply.body()).error()).as(kind.id())
                    .isEqualTo("authenticate ingest request: this endpoint accepts authenticated senders only; the Signet log names the missing setting");
        }
        assertThat(sink.pushes()).as("nothing handed to the signer").isEmpty();
    }

    @Test
    void receive_authenticationRequired_theConfiguredSecretsStillAdmit() {
        byte[] github = bytes("github/registry-package-published.json");
        WebhookReceiver onlyGithub = receiver(IngestOptions.defaults().withAuthenticationRequired(true).withGithubSecret("gh-secret"));
        WebhookReceiver shared = receiver(IngestOptions.defaults().withAuthenticationRequired(true).withSharedSecret("s3cret-value"));

        assertThat(post(onlyGithub, UpstreamKind.GITHUB, github, "X-GitHub-Event", "registry_package",
                "X-Hub-Signature-256", GitHubSignature.sign("gh-secret", github)).status()).isEqualTo(202);
        assertThat(post(onlyGithub, UpstreamKind.HARBOR, bytes("harbor/push-artifact.json")).status())
                .as("the GitHub secret authenticates GitHub only").isEqualTo(401);
        assertThat(post(shared, UpstreamKind.HARBOR, bytes("harbor/push-artifact.json"), "Authorization", "Bearer s3cret-value").status())
                .as("Harbor's auth header carries the shared secret").isEqualTo(202);
        assertThat(sink.pushes()).hasSize(2);
    }

    @Test
    void receive_sharedSecretPresent_isAccepted() {
        IngestReply reply = post(receiver(IngestOptions.defaults().withSharedSecret("s3cret-value")), UpstreamKind.HARBOR,
                bytes("harbor/push-artifact.json"), "authorization", "Bearer s3cret-value");

        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.body()).isEqualTo(new IngestReply.Accepted(1, 0));
    }

    @Test
    void receive_githubSignedWithTheSecret_isAcceptedWithoutTheSharedSecret() {
        byte[] body = bytes("github/registry-package-published.json");
        WebhookReceiver receiver = receiver(IngestOptions.defaults().withSharedSecret("shared").withGithubSecret("gh-secret"));

        IngestReply reply = post(receiver, UpstreamKind.GITHUB, body, "X-GitHub-Event", "registry_package",
                "X-Hub-Signature-256", GitHubSignature.sign("gh-secret", body));

        assertThat(reply.status()).isEqualTo(202);
        assertThat(sink.pushes()).extracting(ImagePushedData::registry).containsExactly("ghcr.io");
    }

    @Test
    void receive_githubSignatureMissingOrWrong_answers401() {
        byte[] body = bytes("github/registry-package-published.json");
        WebhookReceiver receiver = receiver(IngestOptions.defaults().withGithubSecret("gh-secret"));

        assertThat(post(receiver, UpstreamKind.GITHUB, body).status()).isEqualTo(401);
        IngestReply wrong = post(receiver, UpstreamKind.GITHUB, body, "X-Hub-Signature-256", GitHubSignature.sign("other", body));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(((IngestReply.Rejected) wrong.body()).error()).isEqualTo("authenticate github webhook: missing or wrong X-Hub-Signature-256");
        assertThat(sink.pushes()).isEmpty();
    }

    @Test
    void receive_githubWithoutItsOwnSecret_fallsBackToTheSharedSecret() {
        WebhookReceiver receiver = receiver(IngestOptions.defaults().withSharedSecret("shared"));

        assertThat(post(receiver, UpstreamKind.GITHUB, bytes("github/registry-package-published.json")).status()).isEqualTo(401);
    }

    @Test
    void receive_tagResolutionUnavailable_answers503SoTheRegistryRedelivers() {
        IngestReply reply = post(receiver(IngestOptions.defaults()), UpstreamKind.DOCKERHUB, bytes("dockerhub/push.json"));

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.headers()).containsKey("Retry-After");
        assertThat(((IngestReply.Rejected) reply.body()).error()).startsWith("head manifest docker.io/svendowideit/testhook:latest");
    }

    @Test
    void receive_tagResolutionDenied_answers502() {
        FakeTagResolver denying = new FakeTagResolver().denied("quay.io/dgangaia/test:latest");

        IngestReply reply = new WebhookReceiver(sink, denying, IngestOptions.defaults(), clock, WebhookFixtures.MAPPER)
                .receive(UpstreamKind.QUAY, Map.of(), new ByteArrayInputStream(bytes("quay/repo-push.json")));

        assertThat(reply.status()).isEqualTo(502);
    }

    @Test
    void receive_sinkTransientlyFails_answers503AndTheRedeliveryIsNotADuplicate() {
        WebhookReceiver receiver = receiver(IngestOptions.defaults());
        sink.failWith(new RegistryUnavailableException(Reason.REGISTRY_UNAVAILABLE, "send pushes", "sink", "broker answered 503",
                null, 503, List.of(), null));

        assertThat(post(receiver, UpstreamKind.QUAY, bytes("quay/repo-push.json")).status()).isEqualTo(503);

        sink.failWith(null);
        assertThat(post(receiver, UpstreamKind.QUAY, bytes("quay/repo-push.json")).body()).isEqualTo(new IngestReply.Accepted(1, 0));
    }

    @Test
    void receive_sinkFailsUnexpectedly_answers500WithoutInternals() {
        sink.failWith(new IllegalStateException("executor shut down; secret=xyz"));

        IngestReply reply = post(receiver(IngestOptions.defaults()), UpstreamKind.QUAY, bytes("quay/repo-push.json"));

        assertThat(reply.status()).isEqualTo(500);
        assertThat(((IngestReply.Rejected) reply.body()).error()).doesNotContain("xyz");
    }

    @Test
    void receive_deeplyNestedJson_answers400() {
        // an unknown member the mapper skips: the depth limit holds even for what is never bound
        String deep = "{\"a\":".repeat(5000) + "1" + "}".repeat(5000);

        IngestReply reply = post(receiver(IngestOptions.defaults()), UpstreamKind.DISTRIBUTION, deep.getBytes(StandardCharsets.US_ASCII));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(((IngestReply.Rejected) reply.body()).error()).contains("nesting depth");
    }

    @Test
    void receive_tenThousandBlobEventsUnderTheLimit_acceptsNothingQuickly() {
        String blob = "{\"action\":\"push\",\"target\":{\"mediaType\":\"application/octet-stream\",\"digest\":\"sha256:x\"}}";
        String body = "{\"events\":[" + String.join(",", Collections.nCopies(10_000, blob)) + "]}";

        IngestReply reply = post(receiver(IngestOptions.defaults()), UpstreamKind.DISTRIBUTION, body.getBytes(StandardCharsets.US_ASCII));

        assertThat(reply.body()).isEqualTo(new IngestReply.Accepted(0, 0));
    }

    @Test
    void receive_hugeStringValueUnderTheLimit_answers400() {
        String body = "{\"docker_url\":\"quay.io/" + "a".repeat(1_000_000) + "\",\"updated_tags\":[\"latest\"]}";

        IngestReply reply = post(receiver(IngestOptions.defaults()), UpstreamKind.QUAY, body.getBytes(StandardCharsets.US_ASCII));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(((IngestReply.Rejected) reply.body()).error()).hasSizeLessThan(400);
        assertThat(resolver.asked()).isEmpty();
    }
}
