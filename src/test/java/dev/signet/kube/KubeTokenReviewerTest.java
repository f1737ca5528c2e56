package dev.signet.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.http.TokenReviewer.Review;
import dev.signet.testing.TokenReviewServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The TokenReview round trip against fabric8's mock API server, answering as the API server does. */
class KubeTokenReviewerTest {
    private static final String TRIGGER = "system:serviceaccount:signet-system:signet-signer-image-pushed-oidc-eventing.knative.dev-trigger";

    private final TokenReviewServer server = new TokenReviewServer()
            .issue("trigger-token", TRIGGER, "signet-signer")
            .issue("verifier-token", "system:serviceaccount:signet-system:signet-admission", "signet-verifier");
    private final KubernetesClient client = server.client();
    private final KubeTokenReviewer reviewer = new KubeTokenReviewer(client);

    @AfterEach
    void close() {
        client.close();
        server.close();
    }

    @Test
    void tokenForTheAudience_isAuthenticatedAsItsServiceAccount() throws IOException {
        assertThat(reviewer.review("trigger-token", "signet-signer")).isEqualTo(Review.accepted(TRIGGER));
    }

    @Test
    void tokenForAnotherAudience_isNotAuthenticated() throws IOException {
        Review review = reviewer.review("verifier-token", "signet-signer");
        assertThat(review.authenticated()).isFalse();
        assertThat(review.username()).isEmpty();
        assertThat(review.error()).contains("token audiences [\"signet-verifier\"] is invalid");
    }

    @Test
    void unknownToken_isNotAuthenticated() throws IOException {
        assertThat(reviewer.review("forged", "signet-signer").authenticated()).isFalse();
    }

    @Test
    void missingRbac_isNoAnswer_namingTheGrant() {
        server.forbid();
        assertThatThrownBy(() -> reviewer.review("trigger-token", "signet-signer"))
                .isInstanceOf(IOException.class)
                .hasMessage("TokenReview answered 403 (the ServiceAccount needs create on tokenreviews.authentication.k8s.io)");
    }
}
