package dev.signet.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.Reason;
import dev.signet.signing.PushClaims;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.quarkus.funqy.knative.events.CloudEventBuilder;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The push events the signer consumes, read without Quarkus: every unusable one is an {@link InvalidEventException}. */
class PushEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DIGEST = "sha256:954b378c375d852eb3c63ab88978f640b4348b01c1b3456a024a81536dafbbf4";

    private static JsonNode cdEvent(String purl) throws Exception {
        return JSON.readTree("{\"subject\":{\"id\":\"" + purl + "\"}}");
    }

    @Test
    void fromCdEvent_purlWithTagAndEscapedDigest_isThePush() throws Exception {
        var push = PushEvents.fromCdEvent(cdEvent("pkg:oci/app@" + DIGEST.replace(":", "%3A") + "?repository_url=ghcr.io%2Forg%2Fapp&tag=v1"), "e");

        assertThat(push.subject()).isEqualTo("ghcr.io/org/app@" + DIGEST);
        assertThat(push.tag()).hasValueSatisfying(tag -> assertThat(tag.name()).isEqualTo("v1"));
    }

    @Test
    void fromCdEvent_percentWithoutTwoHexDigits_isAnInvalidEvent() throws Exception {
        // found by fuzzing (events.cdevents): URLDecoder's IllegalArgumentException escaped the function
        JsonNode badDigest = cdEvent("pkg:oci/app@sha256%3a954b%%afbbf4?repository_url=docker.io/library/nginx");
        JsonNode badQualifier = cdEvent("pkg:oci/app@" + DIGEST + "?repository_url=docker.io/library/nginx%tag=1.25");

        assertThatThrownBy(() -> PushEvents.fromCdEvent(badDigest, "e1"))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INPUT_INVALID))
                .hasMessageStartingWith("read event e1: purl \"pkg:oci/app@sha256%3a954b%%afbbf4")
                .hasMessageEndingWith("has a '%' not followed by two hex digits");
        assertThatThrownBy(() -> PushEvents.fromCdEvent(badQualifier, "e2"))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageEndingWith("has a '%' not followed by two hex digits");
    }

    @Test
    void fromHarborAndFromSignet_badDigest_nameTheEventOnce() throws Exception {
        // found by fuzzing (events.harbor, events.pushed): the digest failure was wrapped twice, "read event h: read event h: ..."
        JsonNode harbor = JSON.readTree("{\"resources\":[{\"digest\":\"sha256:AB\",\"tag\":\"v1\",\"resource_url\":\"hub.example.com/p/app:v1\"}]}");
        ImagePushedData pushed = new ImagePushedData("registry.example.com", "team/app", null, "sha256:AB", null, null, null, null);

        assertThatThrownBy(() -> PushEvents.fromHarbor(harbor, "h"))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("read event h: parse digest \"sha256:AB\": digest hex must be lowercase");
        assertThatThrownBy(() -> PushEvents.fromSignet(pushed, "p"))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("read event p: parse digest \"sha256:AB\": digest hex must be lowercase");
    }

    @Test
    void invalidEvent_idsAndPurlsWithControlCharacters_areQuoted() throws Exception {
        // found by fuzzing (events.*): the producer's event id (the message subject) and the purl were echoed as sent;
        // a structured-mode CloudEvent may carry any JSON string as its id
        JsonNode npm = cdEvent("pkg:npm/x\\u0016@1");

        assertThatThrownBy(() -> PushEvents.fromCdEvent(npm, "c1"))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("read event c1: subject.id \"pkg:npm/x\\u0016@1\" is not an OCI purl (pkg:oci/...)");
        assertThatThrownBy(() -> PushEvents.fromCdEvent(npm, "0b5e\u2028id" + "x".repeat(300)))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.subject()).startsWith("\"0b5e\\u2028idxxx").endsWith("...\""))
                .hasMessageStartingWith("read event \"0b5e\\u2028idxxx");
    }

    /** A binary-mode event whose data Funqy cannot bind, as its data() then throws. */
    private static CloudEvent<ImagePushedData> unreadable(String contentType, RuntimeException failure) {
        return new CloudEvent<>() {
            public String id() {
                return "e1";
            }

            public String specVersion() {
                return "1.0";
            }

            public String source() {
                return "/test";
            }

            public String type() {
                return EventTypes.IMAGE_PUSHED;
            }

            public String subject() {
                return null;
            }

            public OffsetDateTime time() {
                return null;
            }

            public Map<String, String> extensions() {
                return Map.of();
            }

            public String dataSchema() {
                return null;
            }

            public String dataContentType() {
                return contentType;
            }

            public ImagePushedData data() {
                throw failure;
            }
        };
    }

    @Test
    void data_unbindableJsonOrUnreadableContentType_isAnInvalidEvent() {
        // found by fuzzing (http.cloudevents): Funqy binds data lazily, and its exceptions made the functions answer 500
        var badJson = unreadable("application/json", new UncheckedIOException(
                new JsonParseException(null, "Unexpected character ('\\n' (code 10))")));
        var text = unreadable("text/plain", new RuntimeException("Don't know how to get event data (dataContentType: 'text/plain')"));

        assertThatThrownBy(() -> PushEvents.data(badJson))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INPUT_INVALID))
                .hasMessage("read event e1: data of content type \"application/json\" cannot be read: \"Unexpected character ('\\\\n' (code 10))\"");
        assertThatThrownBy(() -> PushEvents.data(text))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("read event e1: data of content type \"text/plain\" cannot be read: \"Don't know how");
    }

    @Test
    void fromSignet_upstreamActorAndTime_areThePushClaims() {
        ImagePushedData data = new ImagePushedData("registry.example.com", "team/app", "v1", DIGEST, null, "2026-12-02T16:04:05.5+01:00",
                "ci-robot", new ImagePushedData.Upstream("distribution", "c2e9-7a1d"));

        PushClaims claims = PushEvents.fromSignet(data, "p").claims();

        assertThat(claims).isEqualTo(new PushClaims(Optional.of("distribution"), Optional.of("c2e9-7a1d"), Optional.of("ci-robot"),
                Optional.of(Instant.parse("2026-12-02T15:04:05.5Z"))));
    }

    @Test
    void fromSignet_timeThatIsNotRfc3339_isLeftOutAndThePushKept() {
        ImagePushedData data = new ImagePushedData("registry.example.com", "team/app", null, DIGEST, null, "yesterday", "x".repeat(300), null);

        var push = PushEvents.fromSignet(data, "p");

        assertThat(push.subject()).isEqualTo("registry.example.com/team/app@" + DIGEST);
        assertThat(push.claims().pushedAt()).isEmpty();
        assertThat(push.claims().source()).isEmpty();
        assertThat(push.claims().pusher()).hasValueSatisfying(pusher -> assertThat(pusher).hasSize(PushClaims.MAX_LENGTH));
    }

    @Test
    void harborClaims_operatorExtensionTimeAndId_areThePushClaims() {
        CloudEvent<String> event = CloudEventBuilder.create().id("66e18103").type(EventTypes.HARBOR_ARTIFACT_PUSHED).source("/projects/2")
                .time(OffsetDateTime.parse("2023-04-03T06:04:46Z")).extensions(Map.of("operator", "robot$ci")).build("{}");

        assertThat(PushEvents.harborClaims(event)).isEqualTo(new PushClaims(Optional.of("harbor"), Optional.of("66e18103"),
                Optional.of("robot$ci"), Optional.of(Instant.parse("2023-04-03T06:04:46Z"))));
    }

    @Test
    void harborClaims_timeThatIsNotRfc3339_isLeftOut() {
        // found by HttpFuzzIT (http.cloudevents): Funqy parses ce-time only when asked, and the DateTimeParseException
        // made the signer answer 500 for a push it could sign
        CloudEvent<ImagePushedData> event = unreadable("application/json", new IllegalStateException("data is not read"));
        CloudEvent<ImagePushedData> badTime = new CloudEventWithTime(event, "2026-13-45T99:99:99Z");

        assertThat(PushEvents.harborClaims(badTime).pushedAt()).isEmpty();
        assertThat(PushEvents.harborClaims(badTime).notificationId()).contains("e1");
    }

    /** A binary-mode event whose {@code ce-time} header holds {@code text}, parsed when asked as Funqy does. */
    private record CloudEventWithTime(CloudEvent<ImagePushedData> event, String text) implements CloudEvent<ImagePushedData> {
        public String id() {
            return event.id();
        }

        public String specVersion() {
            return event.specVersion();
        }

        public String source() {
            return event.source();
        }

        public String type() {
            return EventTypes.HARBOR_ARTIFACT_PUSHED;
        }

        public String subject() {
            return null;
        }

        public OffsetDateTime time() {
            return OffsetDateTime.parse(text);
        }

        public Map<String, String> extensions() {
            return Map.of();
        }

        public String dataSchema() {
            return null;
        }

        public String dataContentType() {
            return event.dataContentType();
        }

        public ImagePushedData data() {
            return event.data();
        }
    }

    @Test
    void fromCdEvent_contextIdAndTimestamp_areThePushClaimsWithoutAPusher() throws Exception {
        JsonNode data = JSON.readTree("{\"context\":{\"id\":\"271069a8\",\"timestamp\":\"2023-03-20T14:27:05.315384Z\"},"
                + "\"subject\":{\"id\":\"pkg:oci/app@" + DIGEST + "?repository_url=ghcr.io/org/app\"}}");

        assertThat(PushEvents.fromCdEvent(data, "c").claims()).isEqualTo(new PushClaims(Optional.of("cdevents"), Optional.of("271069a8"),
                Optional.empty(), Optional.of(Instant.parse("2023-03-20T14:27:05.315384Z"))));
    }
}
