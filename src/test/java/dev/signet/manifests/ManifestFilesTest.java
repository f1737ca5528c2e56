package dev.signet.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The manifest files themselves: they parse, every document is a Kubernetes object, the kustomizations list exactly
 * the files in their folder, and the policy CRDs agree with each other and with the examples.
 */
class ManifestFilesTest {
    private static final String SIGNET_GROUP = "signet.dev";

    static Stream<Arguments> files() {
        return Stream.concat(Manifests.yamlFiles(Manifests.K8S).stream(), Manifests.yamlFiles(Manifests.KNATIVE).stream())
                .map(file -> Arguments.of(file.toString(), file));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void file_parses_everyDocumentHasApiVersionKindAndName(String name, Path file) {
        List<Manifest> documents = Manifests.read(file);

        assertThat(documents).as(name).isNotEmpty();
        for (Manifest document : documents) {
            assertThat(document.body().isObject()).as("%s is an object (an empty document is a stray ---)", document).isTrue();
            assertThat(document.apiVersion()).as("%s apiVersion", document).isNotBlank();
            assertThat(document.kind()).as("%s kind", document).isNotBlank();
            if (!document.apiVersion().startsWith("kustomize.config.k8s.io/")) {
                // a Kustomization has no metadata: kubectl 1.20's kustomize (Debian's kubernetes-client, which .ci/run
                // may install to render for the schema check) refuses the field
                assertThat(document.name()).as("%s metadata.name", document).isNotBlank();
            }
        }
    }

    static Stream<Arguments> kustomizations() {
        return Stream.of(Arguments.of(Manifests.K8S), Arguments.of(Manifests.K8S.resolve("webhooks")), Arguments.of(Manifests.KNATIVE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void kustomization_listsEveryYamlFileOfItsFolder_andOnlyFilesThatExist(Path folder) {
        Path kustomization = folder.resolve("kustomization.yaml");
        JsonNode resources = Manifests.read(kustomization).get(0).at("/resources");

        Set<Path> listed = new TreeSet<>();
        for (JsonNode resource : resources) {
            Path file = folder.resolve(resource.asText()).normalize();
            assertThat(Files.isRegularFile(Manifests.ROOT.resolve(file))).as("%s lists %s, which must exist", kustomization, file).isTrue();
            assertThat(listed.add(file)).as("%s lists %s once", kustomization, file).isTrue();
        }
        Set<Path> present = new TreeSet<>(Manifests.yamlFiles(folder));
        present.remove(kustomization);
        present.removeIf(file -> Manifests.isExample(file) || Manifests.isComponent(file) || !kustomizationFolder(file).equals(folder));
        assertThat(listed).as("the resources of %s (examples/, components/ and folders with their own kustomization excepted)", kustomization)
                .isEqualTo(present);
    }

    /** The nearest folder at or above {@code file}'s that holds a kustomization.yaml. */
    private static Path kustomizationFolder(Path file) {
        Path folder = file.getParent();
        while (folder != null && !Files.isRegularFile(Manifests.ROOT.resolve(folder).resolve("kustomization.yaml"))) {
            folder = folder.getParent();
        }
        return folder == null ? Path.of("") : folder;
    }

    /** Signet's kinds (new names first) and their CRDs: cluster-scoped, namespaced, then the deprecated names. */
    private static final List<String> POLICY_CRDS = List.of("signetclusterimagepolicies.signet.dev", "signetimagepolicies.signet.dev",
            "clusterimagepolicies.signet.dev", "imagepolicies.signet.dev");
    /** sigstore policy-controller's names (policy.sigstore.dev): kinds, plurals and short names Signet's CRDs must not take. */
    private static final Set<String> POLICY_CONTROLLER_NAMES = Set.of("ClusterImagePolicy", "clusterimagepolicies", "clusterimagepolicy", "cip",
            "TrustRoot", "trustroots", "trustroot");

    @Test
    void policyCrds_areSignetClusterImagePolicyClusterScoped_andSignetImagePolicyNamespaced() {
        Manifest cluster = Manifests.deployed().get("CustomResourceDefinition", POLICY_CRDS.get(0));
        Manifest namespaced = Manifests.deployed().get("CustomResourceDefinition", POLICY_CRDS.get(1));

        assertThat(cluster.at("/spec/scope").asText()).isEqualTo("Cluster");
        assertThat(cluster.at("/spec/names/kind").asText()).isEqualTo("SignetClusterImagePolicy");
        assertThat(cluster.at("/spec/names/shortNames").toString()).isEqualTo("[\"scip\"]");
        assertThat(namespaced.at("/spec/scope").asText()).isEqualTo("Namespaced");
        assertThat(namespaced.at("/spec/names/kind").asText()).isEqualTo("SignetImagePolicy");
        assertThat(namespaced.at("/spec/names/shortNames").toString()).isEqualTo("[\"sip\"]");
        for (String name : POLICY_CRDS) {
            Manifest crd = Manifests.deployed().get("CustomResourceDefinition", name);
            assertThat(crd.at("/spec/group").asText()).isEqualTo(SIGNET_GROUP);
            JsonNode version = crd.at("/spec/versions/0");
            assertThat(crd.at("/spec/versions").size()).as("%s versions", crd).isEqualTo(1);
            assertThat(version.path("name").asText()).isEqualTo("v1alpha1");
            assertThat(version.path("served").asBoolean() && version.path("storage").asBoolean()).as("%s served and stored", crd).isTrue();
            assertThat(version.at("/subresources/status").isObject()).as("%s status subresource", crd).isTrue();
            assertThat(version.path("additionalPrinterColumns").findValuesAsText("jsonPath"))
                    .contains(".spec.validationFailureAction", ".spec.failurePolicy")
                    .as("%s: no column reads status, which nothing writes (Signet has no status RBAC)", crd)
                    .noneMatch(path -> path.startsWith(".status"));
        }
    }

    @Test
    void policyCrds_takeNoNameOfPolicyControllers_andTheOldNamesAreDeprecatedWithoutShortNames() {
        for (String name : POLICY_CRDS.subList(0, 2)) {
            JsonNode names = Manifests.deployed().get("CustomResourceDefinition", name).at("/spec/names");
            assertThat(names.findValuesAsText("kind")).as(name).doesNotContainAnyElementsOf(POLICY_CONTROLLER_NAMES);
            assertThat(List.of(names.path("plural").asText(), names.path("singular").asText())).as(name).doesNotContainAnyElementsOf(POLICY_CONTROLLER_NAMES);
            names.path("shortNames").forEach(shortName -> assertThat(POLICY_CONTROLLER_NAMES).as(name).doesNotContain(shortName.asText()));
        }
        for (String name : POLICY_CRDS.subList(2, 4)) {
            Manifest crd = Manifests.deployed().get("CustomResourceDefinition", name);
            assertThat(crd.at("/spec/names/shortNames").isMissingNode()).as("%s keeps no short name: `cip` is policy-controller's", name).isTrue();
            assertThat(crd.at("/spec/versions/0/deprecated").asBoolean()).as("%s deprecated", name).isTrue();
            assertThat(crd.at("/spec/versions/0/deprecationWarning").asText()).as(name).contains("use Signet" + crd.at("/spec/names/kind").asText());
        }
    }

    static Stream<Arguments> keyEntries() {
        return Stream.of(
                Arguments.of("publicKeys alone", "{\"publicKeys\": \"k8s://signet-system/signet-key-pub\"}", true),
                Arguments.of("secret alone", "{\"secret\": {\"name\": \"signet-key-pub\", \"namespace\": \"signet-system\"}}", true),
                Arguments.of("both", "{\"publicKeys\": \"k8s://a/b\", \"secret\": {\"name\": \"b\", \"namespace\": \"a\"}}", false),
                Arguments.of("neither", "{\"signatureAlgorithm\": \"sha256\"}", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keyEntries")
    void keysRule_requiresExactlyOneOfPublicKeysAndSecret(String name, String keys, boolean valid) throws Exception {
        JsonNode rules = schema(POLICY_CRDS.get(0))
                .at("/properties/spec/properties/verifyImages/items/properties/attestors/items/properties/entries/items/properties/keys/x-kubernetes-validations");
        JsonNode self = new ObjectMapper().readTree(keys);

        assertThat(rules.size()).as("CEL rules on keys").isEqualTo(1);
        Cel.Outcome outcome = new Cel("self").eval(rules.get(0).path("rule").asText(), Map.of("self", self));
        assertThat(outcome.error()).as(name).isNull();
        assertThat(outcome.isTrue()).as("%s is valid", name).isEqualTo(valid);
    }

    @Test
    void policyCrds_shareOneSchema() {
        JsonNode cluster = schema(POLICY_CRDS.get(0));
        for (String other : POLICY_CRDS.subList(1, 4)) {
            assertThat(schema(other)).as("%s: the policy kinds have one spec (policy.md); edit the four files together", other).isEqualTo(cluster);
        }
        assertThat(cluster.at("/properties/spec/properties/validationFailureAction/enum").toString()).isEqualTo("[\"Enforce\",\"Audit\"]");
        assertThat(cluster.at("/properties/spec/properties/failurePolicy/enum").toString()).isEqualTo("[\"Fail\",\"Ignore\"]");
        assertThat(cluster.at("/properties/spec/properties/verifyImages/items/properties/type/enum").toString())
                .isEqualTo("[\"Cosign\",\"SigstoreBundle\",\"Any\"]");
    }

    static Stream<Arguments> examplePolicies() {
        return Manifests.examples().ofKind(SIGNET_GROUP, "SignetClusterImagePolicy").map(m -> Arguments.of(m.toString(), m));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examplePolicies")
    void examplePolicy_conformsToItsCrd(String name, Manifest policy) {
        assertThat(policy.apiVersion()).isEqualTo(SIGNET_GROUP + "/v1alpha1");
        assertThat(StructuralSchema.problems(schema(POLICY_CRDS.get(0)), withoutMetadata(policy.body()))).as(name).isEmpty();
    }

    @Test
    void schemaCheck_misspeltOrMissingField_isReported() {
        ObjectNode policy = withoutMetadata(Manifests.examples().ofKind("SignetClusterImagePolicy").findFirst().orElseThrow().body());
        ObjectNode rule = (ObjectNode) policy.at("/spec/verifyImages/0");
        rule.set("imageReference", rule.remove("imageReferences"));
        ((ObjectNode) policy.get("spec")).put("validationFailureAction", "enforce");

        List<String> problems = StructuralSchema.problems(schema(POLICY_CRDS.get(0)), policy);

        assertThat(problems).containsExactlyInAnyOrder(
                ".spec.validationFailureAction: \"enforce\" is not one of [\"Enforce\",\"Audit\"]",
                ".spec.verifyImages[0]: missing required field imageReferences",
                ".spec.verifyImages[0].imageReference: unknown field (the API server would drop it)");
    }

    private static JsonNode schema(String crd) {
        return Manifests.deployed().get("CustomResourceDefinition", crd).at("/spec/versions/0/schema/openAPIV3Schema");
    }

    /** The API server validates metadata itself; the CRD schema declares it as a bare object. */
    private static ObjectNode withoutMetadata(JsonNode document) {
        ObjectNode copy = ((ObjectNode) document).deepCopy();
        copy.remove("metadata");
        return copy;
    }
}
