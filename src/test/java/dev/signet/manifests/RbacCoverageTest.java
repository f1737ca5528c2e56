package dev.signet.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.kube.NamespaceLabelCache;
import dev.signet.kube.PolicyInformers;
import dev.signet.kube.PullSecretCredentialProvider;
import dev.signet.kube.SecretKeyProvider;
import dev.signet.kube.SecretKeyWriter;
import dev.signet.kube.SecretRef;
import dev.signet.policy.PolicyRepository;
import dev.signet.reference.Registry;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The RBAC of {@code k8s/} covers what the code calls, and no more. Each {@link Exercise} runs a real component
 * against fabric8's mock API server, configured as the manifests configure it (the Secrets it reads are the ones the
 * deployed env and the example policies name); every request it makes must be granted by the manifests' Roles and
 * bindings, and every permission those grant must be used by some exercise or be listed in {@link #PENDING}.
 *
 * <p>To cover new code that talks to the API server, add one line to {@link #exercises()}; when that code makes a
 * request a {@link #PENDING} need stands for, delete that verb from the need (a test fails while both exist), and a
 * verb left over that no code uses is then reported as granted for nothing.
 */
class RbacCoverageTest {
    private static final Manifests DEPLOYED = Manifests.deployed();
    private static final Rbac RBAC = new Rbac(DEPLOYED);
    private static final char[] PASSWORD = "exercise".toCharArray();
    private static final Map<String, List<RecordingApiServer.Call>> RECORDED = new ConcurrentHashMap<>();

    static Stream<Exercise> exercises() {
        return Stream.of(
                Exercise.asSignet("signer and readiness: SecretKeyProvider decrypts each signing key the deployed env names", client -> {
                    SecretKeyProvider keys = new SecretKeyProvider(client);
                    NamedSecrets.signingKeyRefs(DEPLOYED).forEach(keys::signingKey);
                    return keys;
                }),
                Exercise.asSignet("verifier: SecretKeyProvider reads cosign.pub of each Secret the example policies name", client -> {
                    SecretKeyProvider keys = new SecretKeyProvider(client);
                    NamedSecrets.policyKeyRefs(Manifests.examples()).forEach(keys::verificationKey);
                    return keys;
                }),
                Exercise.asSignet("registry auth: PullSecretCredentialProvider reads each pull Secret the deployed env names", client -> {
                    PullSecretCredentialProvider credentials = new PullSecretCredentialProvider(client, List.copyOf(NamedSecrets.pullSecrets(DEPLOYED)));
                    credentials.forRegistry(Registry.parse("registry.example.com"));
                    return credentials;
                }),
                new Exercise("generate-key-pair k8s://signet-system/NAME: SecretKeyWriter creates the key Secret",
                        Exercise.Subject.boundTo("signet-system", "signet-keygen"), client -> {
                            new SecretKeyWriter(client).generate("k8s://signet-system/signet-key-next", PASSWORD);
                            return () -> { };
                        }),
                Exercise.asSignet("verifier: the policy informers list and watch Signet's and Kyverno's policy kinds", client -> {
                    PolicyInformers informers = new PolicyInformers(client, new PolicyRepository(), update -> { });
                    informers.start();
                    return informers;
                }),
                Exercise.asSignet("verifier: namespace labels for namespaceSelector come from a Namespace informer", NamespaceLabelCache::new));
    }

    /**
     * Permissions granted ahead of the code that uses them; each must disappear once an exercise makes those requests.
     * Empty: every grant is used (policies that do not compile are reported in the log and the readiness detail, not as
     * Kubernetes events, so no events permission is granted).
     */
    private static final List<Need> PENDING = List.of();

    /** A permission granted ahead of the code that uses it. */
    record Need(String group, String resource, Set<String> verbs, String why) {
        boolean covers(String group, String resource, String verb) {
            return this.group.equals(group) && this.resource.equals(resource) && verbs.contains(verb);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exercises")
    void exercise_everyRequest_isGrantedByTheManifests(Exercise exercise) {
        List<RecordingApiServer.Call> calls = recorded(exercise);
        List<Rbac.Grant> grants = exercise.subject().grants().apply(RBAC);

        assertThat(calls).as("%s made no request: the exercise proves nothing", exercise).isNotEmpty();
        List<String> refused = new ArrayList<>();
        for (RecordingApiServer.Call call : calls) {
            ApiAccess.of(call.method(), call.target()).ifPresentOrElse(
                    access -> {
                        if (grants.stream().noneMatch(g -> g.allows(access))) {
                            refused.add(access + "  <- " + call);
                        }
                    },
                    () -> {
                        if (!ApiAccess.isDiscovery(call.method(), call.target())) {
                            refused.add("non-resource request " + call);
                        }
                    });
        }
        assertThat(refused).as("requests of '%s' that the manifests do not grant to %s", exercise, exercise.subject().description()).isEmpty();
    }

    @Test
    void everyGrantedPermission_isUsedByAnExercise_orPending() {
        List<String> unused = new ArrayList<>();
        for (Exercise.Subject subject : subjects()) {
            List<ApiAccess> used = exercisesOf(subject).flatMap(e -> accesses(e).stream()).toList();
            for (Rbac.Grant grant : subject.grants().apply(RBAC)) {
                for (String group : grant.rule().apiGroups()) {
                    for (String resource : grant.rule().resources()) {
                        for (String verb : grant.rule().verbs()) {
                            for (String name : names(grant.rule())) {
                                boolean isUsed = used.stream().anyMatch(a -> a.group().equals(group) && a.resource().equals(resource) && a.verb().equals(verb)
                                        && (name == null || name.equals(a.name())) && (grant.namespace() == null || grant.namespace().equals(a.namespace())));
                                boolean isPending = subject.description().equals(Exercise.SIGNET.description()) && PENDING.stream().anyMatch(n -> n.covers(group, resource, verb));
                                if (!isUsed && !isPending) {
                                    unused.add(verb + " " + resource + " (" + (group.isEmpty() ? "core" : group) + ")" + (name == null ? "" : " named " + name) + " from " + grant.origin());
                                }
                            }
                        }
                    }
                }
            }
        }
        assertThat(unused).as("permissions no exercise uses: remove them from k8s/, or add the exercise that needs them").isEmpty();
    }

    @Test
    void pendingNeeds_areNotYetExercised() {
        List<ApiAccess> used = exercisesOf(Exercise.SIGNET).flatMap(e -> accesses(e).stream()).toList();
        for (Need need : PENDING) {
            for (String verb : need.verbs()) {
                assertThat(used).as("%s: %s %s is exercised now, delete that verb from its PENDING entry", need.why(), verb, need.resource())
                        .noneMatch(a -> a.group().equals(need.group()) && a.resource().equals(need.resource()) && a.verb().equals(verb));
            }
        }
    }

    @Test
    void rbacCheck_refusesWhatTheManifestsDoNotGrant() {
        List<Rbac.Grant> signet = Exercise.SIGNET.grants().apply(RBAC);

        assertThat(signet).isNotEmpty();
        for (ApiAccess forbidden : List.of(
                new ApiAccess("list", "", "secrets", "signet-system", null),
                new ApiAccess("watch", "", "secrets", "signet-system", null),
                new ApiAccess("get", "", "secrets", "signet-system", "signet-admission-tls"),
                new ApiAccess("list", "", "secrets", "default", "signet-key"),
                new ApiAccess("list", "", "secrets", null, "signet-key"),
                new ApiAccess("create", "", "secrets", "signet-system", null),
                new ApiAccess("get", "", "pods", "signet-system", "x"),
                new ApiAccess("update", "signet.dev", "clusterimagepolicies", null, "p"),
                new ApiAccess("delete", "", "namespaces", null, "default"))) {
            assertThat(signet).as("%s must be refused to ServiceAccount signet", forbidden).noneMatch(g -> g.allows(forbidden));
        }
    }

    @Test
    void rules_useNoWildcards_andNoNonResourceUrls() {
        for (Manifest role : RBAC.roles()) {
            role.at("/rules").forEach(node -> {
                Rbac.Rule rule = Rbac.Rule.of(node);
                assertThat(Stream.of(rule.apiGroups(), rule.resources(), rule.verbs(), rule.resourceNames()).flatMap(Set::stream))
                        .as("%s rule %s", role, node).doesNotContain("*").noneMatch(v -> v.endsWith("/*"));
                assertThat(rule.nonResourceUrls()).as("%s rule %s", role, node).isEmpty();
            });
        }
    }

    @Test
    void secretsCreate_onlyInRoleSignetKeygen_whichNoBindingUses() {
        for (Manifest role : RBAC.roles()) {
            boolean createsSecrets = false;
            for (JsonNode node : role.at("/rules")) {
                Rbac.Rule rule = Rbac.Rule.of(node);
                createsSecrets |= rule.resources().contains("secrets") && (rule.verbs().contains("create") || rule.verbs().contains("update")
                        || rule.verbs().contains("patch") || rule.verbs().contains("delete"));
            }
            if (createsSecrets) {
                assertThat(role.kind() + " " + role.name()).as("the only role that writes Secrets").isEqualTo("Role signet-keygen");
            }
        }
        assertThat(RBAC.bindings()).as("bindings of signet-keygen (bound by hand, never by the manifests)")
                .noneMatch(b -> b.at("/roleRef/name").asText().equals("signet-keygen"));
    }

    @Test
    void secretReads_ofServiceAccountSignet_areByName_inNamedNamespaces() {
        List<Rbac.Grant> secrets = Exercise.SIGNET.grants().apply(RBAC).stream().filter(g -> g.rule().resources().contains("secrets")).toList();

        assertThat(secrets).isNotEmpty().allSatisfy(grant -> {
            assertThat(grant.namespace()).as("%s: a Role per key namespace, never cluster-wide", grant).isNotNull();
            assertThat(grant.rule().resourceNames()).as("%s: only the named Secrets", grant).isNotEmpty();
            assertThat(grant.rule().verbs()).as("%s: read only", grant).isSubsetOf("get", "list", "watch");
        });
    }

    @Test
    void workloadsThatRunSignet_runAsServiceAccountSignet() {
        assertThat(DEPLOYED.get("Deployment", "signet-admission").at("/spec/template/spec/serviceAccountName").asText()).isEqualTo("signet");
        for (String service : List.of("signet-signer", "signet-verifier")) {
            assertThat(DEPLOYED.get("Service", service).at("/spec/template/spec/serviceAccountName").asText()).as(service).isEqualTo("signet");
        }
        assertThat(DEPLOYED.find("ServiceAccount", "signet")).isPresent();
    }

    /** One subject per description: exercises() builds new Subject values on each call. */
    private static List<Exercise.Subject> subjects() {
        Map<String, Exercise.Subject> subjects = new LinkedHashMap<>();
        exercises().forEach(e -> subjects.putIfAbsent(e.subject().description(), e.subject()));
        return List.copyOf(subjects.values());
    }

    private static Stream<Exercise> exercisesOf(Exercise.Subject subject) {
        return exercises().filter(e -> e.subject().description().equals(subject.description()));
    }

    private static List<String> names(Rbac.Rule rule) {
        List<String> names = new ArrayList<>(rule.resourceNames());
        if (names.isEmpty()) {
            names.add(null);
        }
        return names;
    }

    private static List<ApiAccess> accesses(Exercise exercise) {
        return recorded(exercise).stream().flatMap(c -> ApiAccess.of(c.method(), c.target()).stream()).toList();
    }

    /** Runs an exercise once per test run (exercises are told apart by name), with every Secret the manifests name in place. */
    private static List<RecordingApiServer.Call> recorded(Exercise exercise) {
        return RECORDED.computeIfAbsent(exercise.name(), name -> run(exercise));
    }

    private static List<RecordingApiServer.Call> run(Exercise exercise) {
        try (RecordingApiServer api = new RecordingApiServer()) {
            seed(api.admin());
            try (AutoCloseable running = exercise.run().start(api.underTest())) {
                return api.calls();
            }
        } catch (Exception e) {
            throw new AssertionError("run exercise '" + exercise + "': " + e.getMessage(), e);
        }
    }

    /** The Secrets the manifests name, in the shapes cosign and kubectl write them. */
    private static void seed(KubernetesClient admin) {
        Set<String> keyRefs = new TreeSet<>(NamedSecrets.signingKeyRefs(DEPLOYED));
        keyRefs.addAll(NamedSecrets.policyKeyRefs(Manifests.examples()));
        keyRefs.forEach(keyRef -> new SecretKeyWriter(admin).generate(keyRef, PASSWORD));
        for (SecretRef pull : NamedSecrets.pullSecrets(DEPLOYED)) {
            String auth = Base64.getEncoder().encodeToString("robot:pa55".getBytes(StandardCharsets.UTF_8));
            String config = "{\"auths\":{\"registry.example.com\":{\"auth\":\"" + auth + "\"}}}";
            admin.secrets().inNamespace(pull.namespace()).resource(new SecretBuilder()
                    .withNewMetadata().withNamespace(pull.namespace()).withName(pull.name()).endMetadata()
                    .withType("kubernetes.io/dockerconfigjson")
                    .withData(Map.of(".dockerconfigjson", Base64.getEncoder().encodeToString(config.getBytes(StandardCharsets.UTF_8))))
                    .build()).create();
        }
    }
}
