package dev.signet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.SignetException;
import dev.signet.keys.FileKeyProvider;
import dev.signet.keys.KeyProvider;
import dev.signet.kms.KmsKeyProvider;
import dev.signet.kms.KmsPublicKeys;
import dev.signet.policy.AdmissionPhase;
import dev.signet.policy.AdmissionSubject;
import dev.signet.policy.CompiledPolicy;
import dev.signet.policy.FailurePolicy;
import dev.signet.policy.ImageExtractors;
import dev.signet.policy.ImageFinding;
import dev.signet.policy.LoadReport;
import dev.signet.policy.PodSpecs;
import dev.signet.policy.PolicyCompiler;
import dev.signet.policy.PolicyControllerTrustRoots;
import dev.signet.policy.PolicyDocuments;
import dev.signet.policy.PolicyEvaluator;
import dev.signet.policy.PolicyException;
import dev.signet.policy.PolicyRepository;
import dev.signet.policy.PolicySet;
import dev.signet.policy.RequestContext;
import dev.signet.policy.RuleStatus;
import dev.signet.policy.TrustedRoots;
import dev.signet.policy.Verdict;
import dev.signet.policy.VerdictCache;
import dev.signet.reference.ImageReference;
import dev.signet.reference.InvalidReferenceException;
import dev.signet.reference.Registry;
import dev.signet.verification.SignatureFetcher;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code policy test --policy FILE... MANIFEST.yaml}: evaluates policies against the Pods and workloads of a
 * manifest offline of Kubernetes (the registry is still read), prints the verdict per object, and exits 1 when any
 * object is denied, as the admission webhook would deny it.
 */
@Command(name = "test", mixinStandardHelpOptions = true, versionProvider = SignetCommand.Version.class, description = {"Evaluate policies against Pod or workload manifests, offline of Kubernetes.",
        "Exit 0 when every object is allowed, 1 when a check failed, 3 when a denial comes only from what could not be decided",
        "(registry unreachable, deadline, missing key), 2 on bad input."})
final class PolicyTestCommand implements Callable<Integer> {
    private final Terminal terminal;

    @Spec
    CommandSpec spec;

    @Mixin
    RegistryFlags registry;

    @Option(names = "--policy", required = true, paramLabel = "FILE", description = "Policy YAML (SignetClusterImagePolicy, SignetImagePolicy, Kyverno ClusterPolicy/Policy); repeatable.")
    List<Path> policies = new ArrayList<>();

    @Option(names = "--keys-dir", paramLabel = "DIR", description = "Where k8s://NS/NAME key references are read: DIR/NS/NAME/cosign.pub or DIR/NAME/cosign.pub.")
    Path keysDir;

    @Option(names = "--namespace", paramLabel = "NS", description = "Namespace for objects and namespaced policies that name none (default: default).")
    String namespace = "default";

    @Option(names = "--namespace-label", paramLabel = "KEY=VALUE", description = "A label of the namespace, for namespaceSelector (repeatable).")
    Map<String, String> namespaceLabels = new LinkedHashMap<>();

    @Option(names = "--operation", paramLabel = "CREATE|UPDATE|DELETE|CONNECT",
            description = "The admission operation, for Kyverno's resources.operations (default: unknown, so such a clause matches in match and never excludes).")
    String operation;

    @Option(names = "--user", paramLabel = "NAME", description = "The requesting user, for Kyverno's subjects (a ServiceAccount is "
            + "system:serviceaccount:NS:NAME; default: unknown, so subjects match in match and never exclude).")
    String user;

    @Option(names = "--group", paramLabel = "GROUP", description = "A group of the requesting user (repeatable; with --user).")
    List<String> groups = new ArrayList<>();

    @Option(names = "--failure-policy", paramLabel = "Fail|Ignore", description = "What an error outside any policy becomes (default: Fail).")
    String failurePolicy = "Fail";

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long the evaluation of one object may take (default: 30).")
    int timeoutSeconds = 30;

    @Parameters(paramLabel = "MANIFEST", arity = "1..*",
            description = "YAML files with Pods or workloads (several documents allowed); - reads standard input.")
    List<String> manifests = new ArrayList<>();

    PolicyTestCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        FailurePolicy fallback = FailurePolicy.parse(failurePolicy)
                .orElseThrow(() -> new InvalidInputException("parse option", "--failure-policy", SignetException.quote(failurePolicy) + " is neither Fail nor Ignore"));
        if (timeoutSeconds < 1) {
            throw new InvalidInputException("parse option", "--timeout", timeoutSeconds + " is not a positive number of seconds");
        }
        Optional<String> admissionOperation = operation(operation);
        if (user == null && !groups.isEmpty()) {
            throw new InvalidInputException("parse option", "--group", "needs --user: groups belong to a user");
        }
        Optional<AdmissionSubject.UserInfo> requester = Optional.ofNullable(user).map(name -> new AdmissionSubject.UserInfo(name, groups));
        List<JsonNode> objects = new ArrayList<>();
        for (String manifest : manifests) {
            String name = manifest.equals("-") ? "(standard input)" : manifest;
            objects.addAll(PolicyDocuments.read(manifest.equals("-") ? readStdin() : read(Path.of(manifest), "read manifest"), name));
        }
        PolicyRepository repository = new PolicyRepository();
        PolicySet policySet = loadPolicies(repository, objects);
        PrintWriter out = spec.commandLine().getOut();
        boolean anyDenied = false;
        boolean anyUndecided = false;
        int evaluated = 0;
        ExecutorService executor = Executors.newFixedThreadPool(8, runnable -> {
            Thread thread = new Thread(runnable, "signet-policy-test");
            thread.setDaemon(true);
            return thread;
        });
        try {
            // policy-controller TrustRoots given among the policy files serve its trustRootRefs
            PolicyEvaluator evaluator = new PolicyEvaluator(new SignatureFetcher(registry.client(terminal, firstRegistry(objects, policySet)), executor), keys(),
                    repository.trustRoots().before(TrustedRoots.none()), new VerdictCache(Duration.ofMinutes(1), 10_000), executor, fallback);
            for (JsonNode object : objects) {
                String kind = object.path("kind").asText("");
                if (!PodSpecs.hasPodSpec(kind) && !policySet.extracts(kind)) {
                    continue; // neither a pod spec nor a kind a rule's imageExtractors read (a Tekton Task under a Tekton policy)
                }
                evaluated++;
                String ns = object.path("metadata").path("namespace").asText(namespace);
                String name = object.path("metadata").path("name").asText("(unnamed)");
                // offline, what is not given is unknown: Kyverno's operations, subjects and namespaceSelector then count as
                // matching in match and never exclude, as in the cluster for a fact the request does not carry
                AdmissionSubject subject = new AdmissionSubject(kind, ns, namespaceLabels, !namespaceLabels.isEmpty(), AdmissionSubject.ObjectMeta.of(object),
                        admissionOperation, requester);
                // images.* variables read the pod spec's images, as Kyverno's ImageInfo does
                List<PodSpecs.ContainerImage> images = PodSpecs.hasPodSpec(kind) ? PodSpecs.images(kind, object) : List.of();
                Verdict verdict = evaluator.evaluate(subject, extraction -> extraction.images(kind, object), policySet, Duration.ofSeconds(timeoutSeconds),
                        AdmissionPhase.MUTATING, Optional.of(RequestContext.of(request(object, ns, admissionOperation, requester), images)));
                if (!verdict.allowed()) {
                    // denied by a failed check (1), or only because something could not be decided (3): an
                    // unreachable registry, a deadline, a missing key; the findings say which
                    boolean failed = verdict.findings().stream().anyMatch(f -> f.denies() && f.result() == RuleStatus.FAIL);
                    anyDenied |= failed;
                    anyUndecided |= !failed;
                }
                print(out, kind + " " + ns + "/" + name, verdict);
            }
        } finally {
            executor.shutdownNow();
        }
        if (evaluated == 0) {
            throw new InvalidInputException("read manifest", String.join(", ", manifests), "holds no Pod or workload (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob), nor an object of a kind a policy's"
                    + " imageExtractors read");
        }
        out.flush();
        return anyDenied ? ExitCodes.VERIFICATION_FAILED : anyUndecided ? ExitCodes.UNREACHABLE : ExitCodes.OK;
    }

    private static Optional<String> operation(String written) {
        if (written == null) {
            return Optional.empty();
        }
        String upper = written.toUpperCase(Locale.ROOT);
        if (!List.of("CREATE", "UPDATE", "DELETE", "CONNECT").contains(upper)) {
            throw new InvalidInputException("parse option", "--operation", SignetException.quote(written) + " is not CREATE, UPDATE, DELETE or CONNECT");
        }
        return Optional.of(upper);
    }

    /** Public keys from {@code --keys-dir} in the Secret layout on disk; without it no {@code k8s://} key can be read. */
    private KeyProvider keys() {
        KeyProvider stored = keysDir != null ? new FileKeyProvider(keysDir)
                : KeyProvider.none("policy test runs offline of Kubernetes", "pass --keys-dir DIR with DIR/NAMESPACE/NAME/cosign.pub or DIR/NAME/cosign.pub");
        // offline means no KMS either: such an entry is error here, with this reason, and evaluated in the cluster
        return new KmsKeyProvider(stored, KmsPublicKeys.unreachable("signet policy test does not reach KMS",
                "the entry is evaluated in the cluster, where Signet fetches the key with its own credentials"));
    }

    /**
     * @param repository filled with the policies (and policy-controller TrustRoots, which serve trustRootRefs)
     * @param objects the manifests' documents: ConfigMaps among them (or in the policy files, as Kyverno's tests keep
     *     them) feed the policies' {@code configMap} context entries
     */
    private PolicySet loadPolicies(PolicyRepository repository, List<JsonNode> objects) {
        PrintWriter err = spec.commandLine().getErr();
        List<String> seen = new ArrayList<>();
        Map<Path, List<JsonNode>> files = new LinkedHashMap<>();
        for (Path file : policies) {
            files.put(file, PolicyDocuments.read(read(file, "read policy"), file.toString()));
        }
        List<JsonNode> everything = new ArrayList<>(objects);
        files.values().forEach(everything::addAll);
        // the context's ConfigMaps are the files', resolved as the webhook resolves the cluster's (the notes say where)
        repository.contextFrom(new ConfigMapFiles(everything, namespace));
        for (Map.Entry<Path, List<JsonNode>> entry : files.entrySet()) {
            Path file = entry.getKey();
            List<JsonNode> documents = entry.getValue();
            for (int i = 0; i < documents.size(); i++) {
                JsonNode document = documents.get(i);
                seen.add(PolicyCompiler.describe(document) + " (" + file + "#" + i + ")");
                boolean unplaced = document.path("metadata").path("namespace").asText("").isEmpty();
                if (unplaced && PolicyCompiler.isPolicy(document) && document.path("metadata").isObject()) {
                    // as kubectl apply -n NS -f places a namespaced object that names no namespace (ignored for a cluster policy)
                    document = document.deepCopy();
                    ((ObjectNode) document.path("metadata")).put("namespace", namespace);
                }
                PolicyRepository.Update update = repository.put(file + "#" + i, document, file.toString());
                if (update.problem().isPresent() && PolicyControllerTrustRoots.isTrustRoot(document)) {
                    // as in the webhook: the TrustRoot is not served, and the authorities naming it are error
                    err.println("note: " + update.problem().get());
                } else if (update.problem().isPresent()) {
                    // a policy that does not compile would be skipped by the webhook; a test must not pass because of it
                    throw new InvalidInputException("load policy", file.toString(), update.problem().get());
                }
                update.policy().filter(policy -> unplaced && policy.id().namespace().isPresent()).ifPresent(policy -> err.println("note: policy "
                        + policy.id().displayName() + ": metadata.namespace is not set: the policy applies in namespace " + namespace + " (--namespace)"));
            }
        }
        PolicySet set = repository.current();
        if (set.policies().isEmpty()) {
            throw new InvalidInputException("load policy", String.join(", ", policies.stream().map(Path::toString).toList()),
                    "no SignetClusterImagePolicy, SignetImagePolicy or Kyverno ClusterPolicy/Policy found, only "
                            + (seen.isEmpty() ? "empty documents" : PolicyCompiler.summarise(seen)));
        }
        // the load report: what Signet checks of each policy, more strictly, more loosely, or not at all (error)
        for (CompiledPolicy policy : set.policies()) {
            LoadReport.of(policy).lines().forEach(err::println);
        }
        return set;
    }

    /**
     * The request Kyverno's {@code request.*} variables read, as far as the command knows it: the object, its namespace,
     * and the operation and requester when given; what is not given is absent, so a variable reading it is error.
     */
    private static JsonNode request(JsonNode object, String ns, Optional<String> admissionOperation, Optional<AdmissionSubject.UserInfo> requester) {
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        admissionOperation.ifPresent(operation -> request.put("operation", operation));
        request.put("namespace", ns);
        request.putObject("kind").put("kind", object.path("kind").asText(""));
        request.put("name", object.path("metadata").path("name").asText(""));
        request.set("object", object);
        requester.ifPresent(user -> {
            ObjectNode userInfo = request.putObject("userInfo").put("username", user.username());
            user.groups().forEach(userInfo.putArray("groups")::add);
        });
        return request;
    }

    private static void print(PrintWriter out, String object, Verdict verdict) {
        out.println(object + ": " + (verdict.allowed() ? "allowed" : "denied"));
        for (ImageFinding finding : verdict.findings()) {
            out.println("  " + finding.result().wireName() + "  " + finding.message());
        }
        verdict.patch().forEach(op -> out.println("  patch  " + op.op() + " " + op.path() + " = " + op.value()));
    }

    /** The registry of the first image, in a pod spec or where a policy's {@code imageExtractors} read one (a Tekton bundle). */
    private static Registry firstRegistry(List<JsonNode> objects, PolicySet policies) {
        for (JsonNode object : objects) {
            String kind = object.path("kind").asText("");
            List<ImageExtractors> readings = new ArrayList<>(List.of(ImageExtractors.POD_SPECS));
            policies.policies().forEach(policy -> policy.rules().forEach(rule -> readings.add(rule.extractorsFor(kind))));
            for (ImageExtractors reading : readings) {
                List<PodSpecs.ContainerImage> images;
                try {
                    images = reading.images(kind, object);
                } catch (PolicyException e) {
                    continue; // the evaluation reports it
                }
                for (PodSpecs.ContainerImage image : images) {
                    try {
                        return ImageReference.parse(image.image()).registry();
                    } catch (InvalidReferenceException e) {
                        // the evaluation reports it
                    }
                }
            }
        }
        return Registry.parse("docker.io");
    }

    private String readStdin() {
        try {
            byte[] bytes = terminal.stdin().readNBytes(PolicyDocuments.MAX_BYTES + 1);
            if (bytes.length > PolicyDocuments.MAX_BYTES) {
                throw new InvalidInputException("read manifest", "(standard input)", "larger than " + PolicyDocuments.MAX_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException("read manifest", "(standard input)", "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String read(Path file, String action) {
        try {
            if (Files.size(file) > PolicyDocuments.MAX_BYTES) {
                throw new InvalidInputException(action, file.toString(), "larger than " + PolicyDocuments.MAX_BYTES + " bytes");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException(action, file.toString(), "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }
}
