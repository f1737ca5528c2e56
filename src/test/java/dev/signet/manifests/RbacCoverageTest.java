package dev.signet.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.kube.KubeTokenReviewer;
import dev.signet.kube.NamespaceLabelCache;
import dev.signet.kube.SecretKeyProvider;
import dev.signet.kube.SecretKeyWriter;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The RBAC of {@code k8s/} and {@code knative/} covers what the code calls, and no more, for each component's own
 * ServiceAccount (issue 16, item 7). Each {@link Exercise} runs a real component against fabric8's mock API server,
 * configured as the manifests configure that component (the Secrets it reads are the ones its env and the example
 * policies name); every request it makes must be granted to its ServiceAccount by the manifests' Roles and bindings,
 * and every permission those grant must be used by some exercise or be listed in {@link #PENDING}.
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

    private static final Manifest ADAPTER = DEPLOYED.get("Deployment", "signet-admission");
    private static final Manifest SIGNER = DEPLOYED.get("Service", "signet-signer");
    private static final Manifest VERIFIER = DEPLOYED.get("Service", "signet-verifier");

    static Stream<Exercise> exercises() {
        return Stream.of(
                Exercise.as(Exercise.SIGNER, "signer and readiness: SecretKeyProvider decrypts each signing key its env names", client -> {
                    SecretKeyProvider keys = new SecretKeyProvider(client);
                    NamedSecrets.signingKeyRefs(SIGNER).forEach(keys::signingKey);
                    return keys;
                }),
                Exercise.as(Exercise.SIGNER, "signer: PullSecretCredentialProvider reads the push credentials its env names",
                        client -> ExerciseFixtures.credentials(client, SIGNER)),
                Exercise.as(Exercise.VERIFIER, "verifier: SecretKeyProvider reads cosign.pub of each Secret the example policies name",
                        ExerciseFixtures::policyKeys),
                Exercise.as(Exercise.VERIFIER, "verifier: PullSecretCredentialProvider reads the pull credentials its env names",
                        client -> ExerciseFixtures.credentials(client, VERIFIER)),
                Exercise.as(Exercise.VERIFIER, "verifier: the policy informers list and watch Signet's and Kyverno's policy kinds",
                        ExerciseFixtures::policies),
                Exercise.as(Exercise.VERIFIER, "verifier: namespace labels for namespaceSelector come from a Namespace informer", NamespaceLabelCache::new),
                Exercise.as(Exercise.ADAPTER, "adapter: SecretKeyProvider reads cosign.pub of each Secret the example policies name",
                        ExerciseFixtures::policyKeys),
                Exercise.as(Exercise.ADAPTER, "adapter: PullSecretCredentialProvider reads the pull credentials its env names",
                        client -> ExerciseFixtures.credentials(client, ADAPTER)),
                Exercise.as(Exercise.ADAPTER, "adapter: the policy informers list and watch Signet's and Kyverno's policy kinds",
                        ExerciseFixtures::policies),
                Exercise.as(Exercise.ADAPTER, "adapter: namespace labels for namespaceSelector come from a Namespace informer", NamespaceLabelCache::new),
                Exercise.as(Exercise.ADAPTER, "adapter: TrustedRootConfigMaps lists and watches the trusted root ConfigMap by name",
                        ExerciseFixtures::trustedRoots),
                Exercise.as(Exercise.VERIFIER, "verifier: TrustedRootConfigMaps lists and watches the trusted root ConfigMap by name",
                        ExerciseFixtures::trustedRoots),
                Exercise.as(Exercise.SIGNER, "signer: KubeTokenReviewer asks who sent a CloudEvent", client -> review(client, "signet-signer")),
                Exercise.as(Exercise.VERIFIER, "verifier: KubeTokenReviewer asks who sent a CloudEvent", client -> review(client, "signet-verifier")),
                new Exercise("generate-key-pair k8s://signet-system/NAME: SecretKeyWriter creates the key pair and the public-key Secrets",
                        Exercise.Subject.boundTo("signet-system", "signet-keygen"), client -> {
                            new SecretKeyWriter(client).generate("k8s://signet-system/signet-key-next", PASSWORD);
                            return () -> { };
                        }));
    }

    /** The recording server's CRUD store answers 422 (a TokenReview has no name to store it by); the request is what counts. */
    private static AutoCloseable review(KubernetesClient client, String audience) {
        try {
            new KubeTokenReviewer(client).review("sender-token", audience);
        } catch (IOException expected) {
            assertThat(expected).hasMessageStartingWith("TokenReview answered 422");
        }
        return () -> { };
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
                                boolean isPending = PENDING.stream().anyMatch(n -> n.covers(group, resource, verb));
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
        List<ApiAccess> used = exercises().flatMap(e -> accesses(e).stream()).toList();
        for (Need need : PENDING) {
            for (String verb : need.verbs()) {
                assertThat(used).as("%s: %s %s is exercised now, delete that verb from its PENDING entry", need.why(), verb, need.resource())
                        .noneMatch(a -> a.group().equals(need.group()) && a.resource().equals(need.resource()) && a.verb().equals(verb));
            }
        }
    }

    static Stream<Exercise.Subject> serviceAccounts() {
        return Stream.of(Exercise.ADAPTER, Exercise.SIGNER, Exercise.VERIFIER);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("serviceAccounts")
    void rbacCheck_refusesWhatTheManifestsDoNotGrant(Exercise.Subject subject) {
        List<Rbac.Grant> grants = subject.grants().apply(RBAC);

        assertThat(grants).isNotEmpty();
        for (ApiAccess forbidden : List.of(
                new ApiAccess("list", "", "secrets", "signet-system", null),
                new ApiAccess("watch", "", "secrets", "signet-system", null),
                new ApiAccess("get", "", "secrets", "signet-system", "signet-admission-tls"),
                new ApiAccess("list", "", "secrets", "default", "signet-key"),
                new ApiAccess("list", "", "secrets", null, "signet-key"),
                new ApiAccess("list", "", "secrets", "signet-system", "signet-ingest"),
                new ApiAccess("create", "", "secrets", "signet-system", null),
                new ApiAccess("get", "", "pods", "signet-system", "x"),
                new ApiAccess("update", "signet.dev", "clusterimagepolicies", null, "p"),
                new ApiAccess("delete", "", "namespaces", null, "default"))) {
            assertThat(grants).as("%s must be refused to %s", forbidden, subject.description()).noneMatch(g -> g.allows(forbidden));
        }
    }

    @Test
    void onlyTheSigner_readsThePrivateKeyAndThePushCredentials_verifiersReadThePublicKeyAndPullCredentialsOnly() {
        ApiAccess privateKey = new ApiAccess("list", "", "secrets", "signet-system", "signet-key");
        ApiAccess push = new ApiAccess("list", "", "secrets", "signet-system", "signet-registry-push");
        ApiAccess publicKey = new ApiAccess("watch", "", "secrets", "signet-system", "signet-key-pub");
        ApiAccess pull = new ApiAccess("watch", "", "secrets", "signet-system", "signet-registry-pull");

        assertThat(Exercise.SIGNER.grants().apply(RBAC)).anyMatch(g -> g.allows(privateKey)).anyMatch(g -> g.allows(push));
        for (Exercise.Subject verifier : List.of(Exercise.ADAPTER, Exercise.VERIFIER)) {
            List<Rbac.Grant> grants = verifier.grants().apply(RBAC);
            assertThat(grants).as(verifier.description()).noneMatch(g -> g.allows(privateKey)).noneMatch(g -> g.allows(push))
                    .anyMatch(g -> g.allows(publicKey)).anyMatch(g -> g.allows(pull));
        }
        assertThat(NamedSecrets.policyKeyRefs(Manifests.examples())).as("the example policies name the public-key Secret, never the key pair")
                .containsExactly("k8s://signet-system/signet-key-pub");
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("serviceAccounts")
    void secretReads_areByName_inNamedNamespaces(Exercise.Subject subject) {
        List<Rbac.Grant> secrets = subject.grants().apply(RBAC).stream().filter(g -> g.rule().resources().contains("secrets")).toList();

        assertThat(secrets).isNotEmpty().allSatisfy(grant -> {
            assertThat(grant.namespace()).as("%s: a Role per key namespace, never cluster-wide", grant).isNotNull();
            assertThat(grant.rule().resourceNames()).as("%s: only the named Secrets", grant).isNotEmpty();
            assertThat(grant.rule().verbs()).as("%s: read only", grant).isSubsetOf("get", "list", "watch");
        });
    }

    @Test
    void eachComponent_runsAsItsOwnServiceAccount() {
        Map<String, String> accounts = Map.of("Deployment signet-admission", "signet-admission", "Service signet-signer", "signet-signer",
                "Service signet-verifier", "signet-verifier");
        for (Manifest workload : List.of(ADAPTER, SIGNER, VERIFIER)) {
            String account = workload.at("/spec/template/spec/serviceAccountName").asText();
            assertThat(account).as("%s", workload).isEqualTo(accounts.get(workload.kind() + " " + workload.name()));
            assertThat(DEPLOYED.find("ServiceAccount", account)).as("ServiceAccount %s", account).isPresent();
        }
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
            ExerciseFixtures.seed(api.admin(), DEPLOYED);
            try (AutoCloseable running = exercise.run().start(api.underTest())) {
                return api.calls();
            }
        } catch (Exception e) {
            throw new AssertionError("run exercise '" + exercise + "': " + e.getMessage(), e);
        }
    }
}
