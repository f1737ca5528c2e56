package dev.signet.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.json.Json;
import dev.signet.policy.AdmissionSubject;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The AdmissionReview request's user info travels to the verifier for Kyverno's {@code subjects} (issue 13, item 1). */
class AdmissionRequestedTest {
    private static final String REQUEST = """
            {"uid": "u-1", "kind": {"group": "", "version": "v1", "kind": "Pod"}, "namespace": "shop", "operation": "CREATE",
             "userInfo": {"username": "system:serviceaccount:kube-system:replicaset-controller", "uid": "9f",
                          "groups": ["system:serviceaccounts", "system:authenticated"], "extra": {"authentication.kubernetes.io/credential-id": ["JTI=x"]}},
             "object": {"apiVersion": "v1", "kind": "Pod", "metadata": {"generateName": "web-7d9f-", "labels": {"app": "web"}}}}
            """;

    private static JsonNode json(String text) throws IOException {
        return Json.mapper().readTree(text);
    }

    @Test
    void parse_userInfo_keepsOnlyUsernameAndGroupsAndSurvivesTheEventHop() throws IOException {
        AdmissionRequested request = AdmissionRequested.parse(json(REQUEST), "test");
        AdmissionRequested forwarded = AdmissionRequested.parse(json(new String(Json.write(request))), "event");

        assertThat(request.userInfo().has("extra")).isFalse();
        assertThat(request.userInfo().has("uid")).isFalse();
        assertThat(AdmissionSubject.UserInfo.of(forwarded.userInfo())).contains(new AdmissionSubject.UserInfo(
                "system:serviceaccount:kube-system:replicaset-controller", List.of("system:serviceaccounts", "system:authenticated")));
        assertThat(AdmissionSubject.ObjectMeta.of(forwarded.object()).orElseThrow().name()).isEqualTo("web-7d9f-");
    }

    @Test
    void parse_noUserInfo_isUnknownNotEmpty() throws IOException {
        AdmissionRequested request = AdmissionRequested.parse(json("{\"uid\": \"u-2\", \"kind\": \"Pod\"}"), "test");

        assertThat(request.userInfo()).isNull();
        assertThat(AdmissionSubject.UserInfo.of(request.userInfo())).isEmpty();
    }

    @Test
    void parse_userInfoNotAnObject_isRefused() {
        assertThatThrownBy(() -> AdmissionRequested.parse(json("{\"uid\": \"u-3\", \"kind\": \"Pod\", \"userInfo\": \"root\"}"), "test"))
                .isInstanceOf(InvalidAdmissionException.class).hasMessageContaining("request.userInfo is not an object");
    }
}
