package dev.signet.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.http.SenderCheck.Outcome;
import dev.signet.testing.MutableClock;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SenderCheckTest {
    private static final String AUDIENCE = "signet-signer";
    private static final List<String> ALLOWED = List.of("system:serviceaccount:signet-system:*", "system:serviceaccount:ci:pipeline");

    /** A cluster that knows three tokens, each for one audience and identity; it counts its reviews. */
    private static final class Cluster implements TokenReviewer {
        final Map<String, String> users = Map.of(
                "trigger-token", "system:serviceaccount:signet-system:signet-signer-image-pushed-oidc-eventing.knative.dev-trigger",
                "pipeline-token", "system:serviceaccount:ci:pipeline",
                "stranger-token", "system:serviceaccount:default:default");
        final List<String> asked = new ArrayList<>();
        boolean down;

        @Override
        public Review review(String token, String audience) throws IOException {
            asked.add(token);
            if (down) {
                throw new IOException("connect to 10.96.0.1:443 timed out");
            }
            String user = users.get(token);
            if (user == null || !audience.equals(AUDIENCE)) {
                return Review.refused("[invalid bearer token, token audiences [\"other\"] is invalid for the target audiences]");
            }
            return Review.accepted(user);
        }
    }

    private final Cluster cluster = new Cluster();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T12:00:00Z"));
    private final SenderCheck check = SenderCheck.required(AUDIENCE, ALLOWED, cluster, clock);

    @Test
    void open_acceptsAnything() {
        assertThat(SenderCheck.open().check(null)).isInstanceOf(Outcome.Accepted.class);
        assertThat(SenderCheck.open().required()).isFalse();
    }

    @Test
    void noToken_is401_andNamesTheFix() {
        for (String header : new String[] {null, "", "Basic dXNlcjpwYXNz", "Bearer ", "Bearer two words"}) {
            Outcome outcome = check.check(header);
            assertThat(outcome).as(String.valueOf(header)).isEqualTo(new Outcome.Refused(401,
                    "authenticate event sender: the request carries no bearer token; turn on Knative Eventing's sender identity "
                            + "(config-features authentication-oidc: enabled) and give the Trigger subscriber.audience signet-signer"));
        }
        assertThat(cluster.asked).isEmpty();
    }

    @Test
    void oversizedToken_isNotSentToTheCluster() {
        assertThat(check.check("Bearer " + "a".repeat(SenderCheck.MAX_TOKEN_CHARS + 1))).isInstanceOf(Outcome.Refused.class);
        assertThat(cluster.asked).isEmpty();
    }

    @Test
    void triggerInSignetsNamespace_isAccepted_byPrefix() {
        assertThat(check.check("Bearer trigger-token")).isEqualTo(new Outcome.Accepted(
                "system:serviceaccount:signet-system:signet-signer-image-pushed-oidc-eventing.knative.dev-trigger"));
        assertThat(check.check("bearer pipeline-token")).isEqualTo(new Outcome.Accepted("system:serviceaccount:ci:pipeline"));
    }

    @Test
    void authenticatedStranger_is403_namingWhoIsAllowed() {
        assertThat(check.check("Bearer stranger-token")).isEqualTo(new Outcome.Refused(403,
                "authenticate event sender system:serviceaccount:default:default: not an allowed sender; allowed: "
                        + "system:serviceaccount:signet-system:*, system:serviceaccount:ci:pipeline (signet.events.senders.allowed)"));
    }

    @Test
    void prefixIsNotASubstring_namespaceNamesDoNotBleed() {
        // "signet-system-evil" starts with "signet-system" but not with "signet-system:"
        SenderCheck strict = SenderCheck.required(AUDIENCE, List.of("system:serviceaccount:signet-system:*"),
                (token, audience) -> TokenReviewer.Review.accepted("system:serviceaccount:signet-system-evil:x"), Clock.systemUTC());
        assertThat(strict.check("Bearer t")).isInstanceOf(Outcome.Refused.class);
    }

    @Test
    void unknownToken_is401_withTheClustersReason() {
        Outcome outcome = check.check("Bearer forged");
        assertThat(outcome).isInstanceOf(Outcome.Refused.class);
        assertThat(((Outcome.Refused) outcome).status()).isEqualTo(401);
        assertThat(((Outcome.Refused) outcome).message()).startsWith(
                "authenticate event sender: the cluster did not accept the token for audience signet-signer: [invalid bearer token");
    }

    @Test
    void answersAreRemembered_perToken_forAMinute() {
        check.check("Bearer trigger-token");
        check.check("Bearer trigger-token");
        check.check("Bearer stranger-token");
        check.check("Bearer stranger-token");
        assertThat(cluster.asked).containsExactly("trigger-token", "stranger-token");
        clock.advance(SenderCheck.REMEMBER.plusSeconds(1));
        check.check("Bearer trigger-token");
        assertThat(cluster.asked).containsExactly("trigger-token", "stranger-token", "trigger-token");
    }

    @Test
    void clusterUnreachable_is503_andNotRemembered() {
        cluster.down = true;
        Outcome outcome = check.check("Bearer trigger-token");
        assertThat(outcome).isEqualTo(new Outcome.Refused(503,
                "authenticate event sender: could not ask the cluster (TokenReview): connect to 10.96.0.1:443 timed out; the sender should retry"));
        cluster.down = false;
        assertThat(check.check("Bearer trigger-token")).isInstanceOf(Outcome.Accepted.class);
        assertThat(cluster.asked).hasSize(2);
    }

    @Test
    void noAllowedSender_refusesEveryEvent_withoutAskingTheCluster() {
        SenderCheck adapter = SenderCheck.required("signet", List.of(" "), cluster, Clock.systemUTC());
        Outcome outcome = adapter.check("Bearer trigger-token");
        assertThat(outcome).isInstanceOf(Outcome.Refused.class);
        assertThat(((Outcome.Refused) outcome).status()).isEqualTo(403);
        assertThat(((Outcome.Refused) outcome).message()).contains("accepts no CloudEvents");
        assertThat(cluster.asked).isEmpty();
    }

    @Test
    void tokensAreNeverInMessagesOrToString() {
        String secret = "eyJhbGciOiJSUzI1NiJ9.secret-part.sig";
        Outcome outcome = check.check("Bearer " + secret);
        assertThat(outcome.toString()).doesNotContain("secret-part");
        assertThat(check.toString()).doesNotContain("secret-part");
    }
}
