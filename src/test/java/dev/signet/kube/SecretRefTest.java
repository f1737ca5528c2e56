package dev.signet.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretRefTest {

    @Test
    void parse_namespaceSlashName_splitsAndPrintsBack() {
        SecretRef ref = SecretRef.parse("ci/regcred");

        assertThat(ref.namespace()).isEqualTo("ci");
        assertThat(ref.name()).isEqualTo("regcred");
        assertThat(ref).hasToString("ci/regcred");
        assertThat(ref.keyRef()).isEqualTo("k8s://ci/regcred");
    }

    @Test
    void fromKeyRef_cosignForm_parsesAndRoundTrips() {
        SecretRef ref = SecretRef.fromKeyRef("k8s://signing/cosign.keys-1");

        assertThat(ref).isEqualTo(new SecretRef("signing", "cosign.keys-1"));
        assertThat(ref.keyRef()).isEqualTo("k8s://signing/cosign.keys-1");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "ns", "ns/a/b", "NS/key", "ns/", "/key", "ns/-key", "ns/key.", "ns/Key", "n_s/key"})
    void parse_notNamespaceSlashName_throwsNamingTheReference(String text) {
        assertThatThrownBy(() -> SecretRef.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("parse secret reference " + text + ": ");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ns/key", "file:///ns/key", "k8s://ns", "k8s://ns/key/extra", "k8s:///key", "k8s://ns/"})
    void fromKeyRef_notK8sNamespaceName_throwsNamingTheReference(String keyRef) {
        assertThatThrownBy(() -> SecretRef.fromKeyRef(keyRef))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("parse key reference " + keyRef + ": ");
        assertThat(SecretRef.keyRefProblem(keyRef)).isNotNull();
    }

    @Test
    void constructor_namespaceLongerThanALabel_throws() {
        assertThatThrownBy(() -> new SecretRef("a".repeat(64), "key")).hasMessageContaining("DNS-1123 label");
    }

    @Test
    void isKeyRef_onlyK8sScheme_true() {
        assertThat(SecretRef.isKeyRef("k8s://ns/key")).isTrue();
        assertThat(SecretRef.isKeyRef("cosign.key")).isFalse();
        assertThat(SecretRef.isKeyRef(null)).isFalse();
    }
}
