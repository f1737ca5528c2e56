package dev.signet.kube;

import dev.signet.http.TokenReviewer;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * Asks the API server whose a bearer token is ({@code POST /apis/authentication.k8s.io/v1/tokenreviews}, RBAC
 * {@code create tokenreviews}, the {@code system:auth-delegator} grant). The review names the audience, so a token
 * issued for another audience is not authenticated; the API server's answer is trusted as it is.
 */
public final class KubeTokenReviewer implements TokenReviewer {
    private final KubernetesClient client;

    public KubeTokenReviewer(KubernetesClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public Review review(String token, String audience) throws IOException {
        TokenReview request = new TokenReviewBuilder()
                .withNewSpec().withToken(token).withAudiences(List.of(audience)).endSpec()
                .build();
        TokenReview answer;
        try {
            answer = client.authentication().v1().tokenReviews().create(request);
        } catch (KubernetesClientException e) {
            // the message of a refused review (403: RBAC) names the service account, never the token
            throw new IOException("TokenReview answered " + (e.getCode() == 0 ? "nothing" : String.valueOf(e.getCode()))
                    + (e.getCode() == 403 ? " (the ServiceAccount needs create on tokenreviews.authentication.k8s.io)" : ""), e);
        }
        TokenReviewStatus status = answer == null ? null : answer.getStatus();
        if (status == null || !Boolean.TRUE.equals(status.getAuthenticated()) || status.getUser() == null) {
            return Review.refused(status == null ? "no status in the TokenReview answer" : status.getError());
        }
        // the API server intersects the requested audiences with the token's; an answer without ours is a refusal
        if (status.getAudiences() != null && !status.getAudiences().isEmpty() && !status.getAudiences().contains(audience)) {
            return Review.refused("the token is not for audience " + audience);
        }
        return Review.accepted(Objects.requireNonNullElse(status.getUser().getUsername(), ""));
    }
}
