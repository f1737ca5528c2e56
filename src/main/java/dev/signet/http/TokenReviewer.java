package dev.signet.http;

import java.io.IOException;

/**
 * Port: asks the cluster whose a bearer token is, for one audience (Kubernetes' TokenReview API, as
 * kube-rbac-proxy and Knative's own receivers do). The Kubernetes implementation is {@code kube.KubeTokenReviewer}.
 */
@FunctionalInterface
public interface TokenReviewer {

    /**
     * @param token the bearer token, never logged
     * @param audience the audience the token must have been issued for
     * @throws IOException when the cluster could not be asked (API server unreachable, RBAC missing): no answer, as
     *     opposed to "not authenticated"
     */
    Review review(String token, String audience) throws IOException;

    /**
     * @param authenticated whether the cluster accepted the token for the audience
     * @param username the identity, e.g. {@code system:serviceaccount:NS:NAME}; empty when not authenticated
     * @param error the cluster's reason for refusing, empty when authenticated or none given
     */
    record Review(boolean authenticated, String username, String error) {
        public static Review accepted(String username) {
            return new Review(true, username, "");
        }

        public static Review refused(String error) {
            return new Review(false, "", error == null ? "" : error);
        }
    }
}
