package dev.signet.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The load report sorts what Signet makes of a policy by which way it departs from the document. */
class LoadReportTest {

    private static LoadReport report(String rule, String spec) {
        return LoadReport.of(Policies.compile("apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: p}\nspec:\n  failurePolicy: Ignore\n" + spec
                + "  rules:\n  - name: r\n    match: {any: [{resources: {kinds: [Pod]}}]}\n" + rule));
    }

    @Test
    void keyRuleWithIgnoredFields_isEvaluatedAsWritten() {
        LoadReport report = report("    verifyImages:\n    - imageReferences: ['ghcr.io/*']\n      useCache: true\n"
                + "      attestors: [{entries: [{keys: {publicKeys: 'k8s://signing/cosign', rekor: {ignoreTlog: true}}}]}]\n", "  background: false\n");

        assertThat(report.fidelity()).isEqualTo(LoadReport.Fidelity.AS_WRITTEN);
        assertThat(report.lines()).containsExactly(
                "policy ClusterPolicy p (AUDIT, failurePolicy IGNORE): evaluated as written",
                "  checks:",
                "    rules[0].verifyImages[0] [ghcr.io/*]: signatures by 1 of 1 key; mutateDigest, verifyDigest; AUDIT",
                "  no bearing on admission: spec.background, rules[0].verifyImages[0].useCache");
    }

    @Test
    void preconditionsAndAdmissionFalse_areStricter() {
        LoadReport report = report("    preconditions: {all: [{key: a, operator: Equals, value: b}]}\n    verifyImages:\n    - imageReferences: ['*']\n"
                + "      attestors: [{entries: [{keys: {publicKeys: 'k8s://signing/cosign', rekor: {ignoreTlog: true}}}]}]\n", "  admission: false\n");

        assertThat(report.fidelity()).isEqualTo(LoadReport.Fidelity.STRICTER);
        assertThat(report.stricter()).containsExactly(
                "spec.admission is false: Kyverno applies the policy in background scans only, Signet at admission",
                "rules[0].preconditions: the rule applies whatever its preconditions say");
    }

    @Test
    void whatCannotBeChecked_isErrorUnderThePolicysFailurePolicy_andNamedAsAMissingFeature() {
        LoadReport report = report("    imageExtractors: {Task: [{path: /spec/steps/*/image}]}\n    verifyImages:\n    - imageReferences: ['*']\n"
                + "      attestors: [{entries: [{keys: {kms: 'azurekms://vault.example/key'}}]}]\n    - type: Notary\n      imageReferences: ['*']\n"
                + "    - imageReferences: ['*']\n      attestors: [{entries: [{keys: {publicKeys: 'k8s://a/b', rekor: {ignoreTlog: true}}}]}]\n"
                + "      validate: {deny: {conditions: {any: [{key: a, operator: Equals, value: a}]}}}\n", "");

        assertThat(report.fidelity()).isEqualTo(LoadReport.Fidelity.PARTIAL);
        assertThat(report.cannotEvaluate()).containsExactly(
                "rules[0].verifyImages[0].attestors[0].entries[0]: KMS provider \"azurekms\" is not supported (awskms, gcpkms, hashivault and openbao are): this entry is error",
                "rules[0].verifyImages[1]: Notary signatures are not supported: every image it covers is error",
                "rules[0].verifyImages[2]: rules[0].verifyImages[2].validate: deny conditions on a verifyImages entry are not evaluated: every image it"
                        + " covers is error");
        assertThat(report.looser()).as("imageExtractors are evaluated").isEmpty();
        assertThat(report.missingFeatures()).containsExactlyInAnyOrder("KMS providers other than awskms, gcpkms, hashivault, openbao", "Notary",
                "verifyImages validate (deny conditions)");
        assertThat(report.lines()).contains("  not evaluated (error: allowed with a warning under failurePolicy Ignore):");
    }

    @Test
    void manyItems_areBoundedPerSection() {
        StringBuilder entries = new StringBuilder("    verifyImages:\n");
        for (int i = 0; i < 20; i++) {
            entries.append("    - imageReferences: ['r").append(i).append("/*']\n      attestors: [{entries: [{keys: {kms: 'k'}}]}]\n");
        }
        LoadReport report = report(entries.toString(), "");

        assertThat(report.lines()).hasSizeLessThanOrEqualTo(1 + 2 * (LoadReport.MAX_LINES + 2)).contains("    and 12 more");
    }
}
