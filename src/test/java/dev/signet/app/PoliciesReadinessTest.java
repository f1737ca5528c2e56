package dev.signet.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.keys.KeyProvider;
import dev.signet.policy.PolicyDocuments;
import dev.signet.policy.PolicyRepository;
import dev.signet.signature.SignatureLayout;
import dev.signet.signing.ImageSigner;
import dev.signet.signing.PushSigner;
import dev.signet.testing.FakeRegistryClient;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/** Readiness detail says, per policy, what Signet evaluates differently from the document (issue 13, item 1). */
class PoliciesReadinessTest {

    private static JsonNode document(String yaml) {
        return PolicyDocuments.read(yaml, "test.yaml").get(0);
    }

    @Test
    void call_policyWithAClauseSignetCannotEvaluate_namesTheFieldInTheDetail() {
        PolicyRepository repository = new PolicyRepository();
        repository.put("p", document("""
                apiVersion: kyverno.io/v1
                kind: ClusterPolicy
                metadata: {name: verify}
                spec:
                  validationFailureAction: Enforce
                  rules:
                  - name: signed
                    match: {any: [{resources: {kinds: [Pod]}}]}
                    exclude: {any: [{clusterRoles: [cluster-admin]}]}
                    verifyImages:
                    - imageReferences: ["ghcr.io/acme/*"]
                      key: k8s://signing/cosign
                """), "test.yaml");

        HealthCheckResponse response = new PoliciesReadiness(repository, new PolicyWiring.PolicySource(null, repository, null), noKeyProblems(repository)).call();

        assertThat(response.getData().orElseThrow().values()).anySatisfy(detail -> assertThat(detail.toString())
                .startsWith("(ENFORCE, failurePolicy FAIL): partly not evaluated; checks: rules[0].verifyImages[0] ")
                .contains("rules[0].exclude.any[0]: Signet cannot evaluate rules[0].exclude.any[0].clusterRoles, so this exclude clause never excludes"));
    }

    /** A key check that has not run: no key problems to report. */
    private static KeyCheck noKeyProblems(PolicyRepository repository) {
        FakeRegistryClient registry = new FakeRegistryClient();
        KeyProvider keys = KeyProvider.none("not used", "not used");
        return new KeyCheck(new PushSigner(List.of(), Set.of(SignatureLayout.LEGACY), keys, registry, new ImageSigner(registry, Clock.systemUTC())),
                keys, repository);
    }
}
