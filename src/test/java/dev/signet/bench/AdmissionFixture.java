package dev.signet.bench;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.signet.Reason;
import dev.signet.keys.KeyException;
import dev.signet.keys.KeyProvider;
import dev.signet.keys.SigningKey;
import dev.signet.keys.VerificationKey;
import dev.signet.oci.RawManifest;
import dev.signet.policy.AdmissionPhase;
import dev.signet.policy.AdmissionSubject;
import dev.signet.policy.FailurePolicy;
import dev.signet.policy.PodSpecs;
import dev.signet.policy.PolicyDocuments;
import dev.signet.policy.PolicyEvaluator;
import dev.signet.policy.PolicyRepository;
import dev.signet.policy.PolicySet;
import dev.signet.policy.Verdict;
import dev.signet.policy.VerdictCache;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import dev.signet.registry.HttpRegistryClient;
import dev.signet.registry.RegistryClient;
import dev.signet.registry.RegistryOptions;
import dev.signet.registry.auth.CredentialProvider;
import dev.signet.registry.transport.SocketTransport;
import dev.signet.registry.transport.RequestLog;
import dev.signet.registry.transport.Sleeper;
import dev.signet.signature.SignatureLayout;
import dev.signet.signing.AttestationRequest;
import dev.signet.signing.AttestationSigner;
import dev.signet.signing.ImageSigner;
import dev.signet.signing.SigningRequest;
import dev.signet.testing.Images;
import dev.signet.testing.LocalRegistry;
import dev.signet.verification.SignatureFetcher;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * What the admission benchmarks share, set up untimed: a loopback distribution registry holding {@code images}
 * distinct images ({@code bench/app-N:v1}), each signed (legacy {@code .sig}) by one key; a ClusterImagePolicy over
 * {@code bench/*} with one attestor set of {@code keys} inline public keys, count 1, the signer's key listed last
 * (the worst case: every other key is tried first) unless asked otherwise; and a {@link PolicyEvaluator} wired as the app wires it (shared
 * keep-alive client, 16 verification threads, Fail).
 */
final class AdmissionFixture implements AutoCloseable {
    static final Duration BUDGET = Duration.ofSeconds(8);
    private static final AdmissionSubject SUBJECT = new AdmissionSubject("Pod", "default", Map.of());

    private final LocalRegistry registry;
    private final HttpRegistryClient client;
    private final ExecutorService executor;
    private final List<ImageReference> images = new ArrayList<>();
    private final PolicySet policies;
    final VerdictCache cache;
    final PolicyEvaluator evaluator;
    private final Duration tagTtl;

    /** Policies never name a Secret here: every key is inline, as in the blog post's policy. */
    static final KeyProvider NO_SECRETS = new KeyProvider() {
        @Override
        public SigningKey signingKey(String keyRef) {
            throw new KeyException(Reason.KEY_NOT_FOUND, "read key", keyRef, "the benchmark has no Secrets");
        }

        @Override
        public VerificationKey verificationKey(String keyRef) {
            throw new KeyException(Reason.KEY_NOT_FOUND, "read key", keyRef, "the benchmark has no Secrets");
        }
    };

    AdmissionFixture(int imageCount, int keyCount) {
        this(imageCount, keyCount, true);
    }

    /** @param signerLast whether the signer's key is the last of the attestor set's keys (else the first) */
    AdmissionFixture(int imageCount, int keyCount, boolean signerLast) {
        this(imageCount, keyCount, signerLast, Duration.ZERO);
    }

    /** @param tagTtl {@code signet.verification.tag-ttl}: how long the mutating webhook may reuse a tag's resolution */
    AdmissionFixture(int imageCount, int keyCount, boolean signerLast, Duration tagTtl) {
        this(imageCount, keyCount, signerLast, tagTtl, false);
    }

    /**
     * @param attested whether every image also carries a SLSA provenance attestation (a {@code .att} layer) and the
     *     rule requires it with one condition on the builder
     */
    AdmissionFixture(int imageCount, int keyCount, boolean signerLast, Duration tagTtl, boolean attested) {
        this.tagTtl = tagTtl;
        registry = LocalRegistry.anonymous();
        client = new HttpRegistryClient(RegistryOptions.defaults(), CredentialProvider.anonymous());
        executor = Executors.newFixedThreadPool(16, runnable -> {
            Thread thread = new Thread(runnable, "signet-verification");
            thread.setDaemon(true);
            return thread;
        });
        SigningKey signer = SigningKey.generate("ci");
        ImageSigner imageSigner = new ImageSigner(client, Clock.systemUTC());
        for (int i = 0; i < imageCount; i++) {
            Repository repository = registry.repository("bench/app-" + i);
            RawManifest manifest = Images.pushRandom(client, repository, "v1");
            ImageReference image = ImageReference.of(repository, Tag.parse("v1")).withDigest(manifest.digest());
            imageSigner.sign(SigningRequest.of(image, signer).withLayouts(EnumSet.of(SignatureLayout.LEGACY)));
            if (attested) {
                new AttestationSigner(client, Clock.systemUTC()).attest(new AttestationRequest(image, signer, "slsaprovenance",
                        PROVENANCE.getBytes(StandardCharsets.UTF_8), SignatureLayout.LEGACY, false));
            }
            images.add(image);
        }
        List<VerificationKey> keys = new ArrayList<>();
        for (int i = 1; i < keyCount; i++) {
            keys.add(SigningKey.generate("other-" + i).verificationKey());
        }
        keys.add(signerLast ? keys.size() : 0, signer.verificationKey());
        policies = compile(policy(registry.registry() + "/bench/*", keys) + (attested ? PROVENANCE_RULE : ""));
        cache = new VerdictCache(Duration.ofMinutes(10), 100_000);
        evaluator = evaluator(new SignatureFetcher(client, executor), cache);
    }

    /** The pod's containers: every image by tag ({@code repo:v1}) or pinned by digest ({@code repo@sha256:..}). */
    List<PodSpecs.ContainerImage> containers(boolean pinned) {
        List<PodSpecs.ContainerImage> containers = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            ImageReference image = images.get(i);
            String written = pinned ? ImageReference.of(image.context(), image.digest().orElseThrow()).toString()
                    : ImageReference.of(image.context(), image.tag().orElseThrow()).toString();
            containers.add(new PodSpecs.ContainerImage(written, "c" + i, "/spec/containers/" + i + "/image"));
        }
        return containers;
    }

    private PolicyEvaluator evaluator(SignatureFetcher signatures, VerdictCache verdicts) {
        return new PolicyEvaluator(signatures, NO_SECRETS, verdicts, executor, FailurePolicy.FAIL, tagTtl, Ticker.systemTicker());
    }

    /** As the mutating webhook asks (the whole chain's answer: a tag-only image is pinned). */
    Verdict evaluate(List<PodSpecs.ContainerImage> containers) {
        return evaluate(evaluator, containers);
    }

    private Verdict evaluate(PolicyEvaluator with, List<PodSpecs.ContainerImage> containers) {
        return with.evaluate(SUBJECT, containers, policies, BUDGET, AdmissionPhase.MUTATING);
    }

    /** Fails the benchmark rather than timing a deny: every image here is signed and must pass. */
    static Verdict allowed(Verdict verdict) {
        if (!verdict.allowed()) {
            throw new IllegalStateException("benchmark pod was not allowed: " + verdict.message());
        }
        return verdict;
    }

    /**
     * The registry requests one verdict costs, counted on a separate client wrapped in a {@link RequestLog} (its list
     * is copy-on-write, so it stays out of the timed path), e.g. {@code HEAD MANIFEST 200 x1, GET BLOB 200 x1}.
     */
    Requests requestsPerVerdict(boolean pinned, boolean warm) {
        RequestLog wire = new RequestLog(SocketTransport.create(RegistryOptions.DEFAULT_TIMEOUT));
        RegistryClient counted = new HttpRegistryClient(RegistryOptions.defaults(), CredentialProvider.anonymous(), wire, Sleeper.system());
        VerdictCache own = new VerdictCache(Duration.ofMinutes(10), 1_000);
        PolicyEvaluator counting = evaluator(new SignatureFetcher(counted, executor), own);
        // the client's first request to a loopback registry probes HTTPS once; that is per client, not per verdict
        allowed(evaluate(counting, containers(pinned)));
        if (!warm) {
            own.invalidateAll();
        }
        wire.clear();
        allowed(evaluate(counting, containers(pinned)));
        Map<String, Long> byKind = wire.exchanges().stream().collect(Collectors.groupingBy(
                exchange -> exchange.method() + " " + exchange.kind() + " " + exchange.status(), TreeMap::new, Collectors.counting()));
        return new Requests(wire.exchanges().size(), byKind);
    }

    /** The registry requests of one verdict: how many, and how many of each {@code METHOD KIND STATUS}. */
    record Requests(int total, Map<String, Long> byKind) {
        long count(String kind) {
            return byKind.getOrDefault(kind, 0L);
        }

        String kinds() {
            return byKind.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue()).collect(Collectors.joining(", "));
        }

        @Override
        public String toString() {
            return total + " registry requests" + (byKind.isEmpty() ? "" : " (" + kinds() + ")");
        }
    }

    /** Milliseconds of CPU per cold verdict, in this JVM and in the registry process, and its wall time. */
    record Cpu(int runs, double wallMillis, double jvmMillis, double registryMillis) {
        @Override
        public String toString() {
            return String.format("per cold verdict over %d runs: wall %.1f ms, CPU %.1f ms in this JVM + %.1f ms in the registry",
                    runs, wallMillis, jvmMillis, registryMillis);
        }
    }

    /**
     * CPU time one cold verdict costs, averaged over {@code runs}: this JVM (client, ECDSA, evaluator) and the
     * registry process (a child of this JVM). On two shared cores, this bounds how fast concurrent verdicts can go.
     */
    Cpu cpuPerColdVerdict(int runs) {
        List<PodSpecs.ContainerImage> pod = containers(false);
        allowed(evaluate(pod));
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long jvmBefore = os.getProcessCpuTime();
        long registryBefore = childrenCpuNanos();
        long wallBefore = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            cache.invalidateAll();
            allowed(evaluate(pod));
        }
        double wall = (System.nanoTime() - wallBefore) / 1e6 / runs;
        double jvm = (os.getProcessCpuTime() - jvmBefore) / 1e6 / runs;
        double reg = (childrenCpuNanos() - registryBefore) / 1e6 / runs;
        cache.invalidateAll();
        return new Cpu(runs, wall, jvm, reg);
    }

    private static long childrenCpuNanos() {
        return ProcessHandle.current().children().mapToLong(child -> child.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
    }

    @Override
    public void close() {
        executor.shutdownNow();
        registry.close();
    }

    private static PolicySet compile(String yaml) {
        PolicyRepository repository = new PolicyRepository();
        PolicyRepository.Update update = repository.put("bench#0", PolicyDocuments.read(yaml, "bench.yaml").get(0), "bench.yaml");
        update.problem().ifPresent(problem -> {
            throw new IllegalStateException("benchmark policy does not compile: " + problem);
        });
        return repository.current();
    }

    /** The provenance every attested image carries. */
    private static final String PROVENANCE = "{\"builder\":{\"id\":\"https://github.com/actions/runner\"},"
            + "\"buildType\":\"https://github.com/slsa-framework/slsa-github-generator/generic@v1\"}";

    /** An attestations entry for the rule: SLSA provenance, signed by the rule's attestors, from the expected builder. */
    private static final String PROVENANCE_RULE = """
                attestations:
                - type: https://slsa.dev/provenance/v0.2
                  conditions:
                  - all:
                    - key: "{{ builder.id }}"
                      operator: Equals
                      value: https://github.com/actions/runner
            """;

    /** One Enforce rule over the glob; one attestor set, count 1, an entry per key. */
    static String policy(String glob, List<VerificationKey> keys) {
        StringBuilder yaml = new StringBuilder("apiVersion: signet.dev/v1alpha1\nkind: SignetClusterImagePolicy\nmetadata: {name: bench}\nspec:\n"
                + "  validationFailureAction: Enforce\n  failurePolicy: Fail\n  verifyImages:\n  - imageReferences: [\"" + glob + "\"]\n"
                + "    attestors:\n    - count: 1\n      entries:\n");
        for (VerificationKey key : keys) {
            yaml.append("      - keys:\n          publicKeys: |-\n");
            key.toPem().lines().forEach(line -> yaml.append("            ").append(line).append('\n'));
        }
        return yaml.toString();
    }
}
