package dev.signet.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.keys.SigningKey;
import dev.signet.oci.RawManifest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import dev.signet.signature.BundleFormat;
import dev.signet.signature.CosignAnnotations;
import dev.signet.signature.CosignSignature;
import dev.signet.signature.SignatureLayout;
import dev.signet.signature.SignatureManifest;
import dev.signet.signature.SignatureTags;
import dev.signet.signature.SimpleSigningPayload;
import dev.signet.signing.AttestationRequest;
import dev.signet.signing.AttestationSigner;
import dev.signet.testing.FakeRegistryClient;
import dev.signet.testing.PublicKeys;
import dev.signet.testing.sigstore.KeylessAttestations;
import dev.signet.testing.sigstore.LeafSpec;
import dev.signet.testing.sigstore.LegacySignature;
import dev.signet.testing.sigstore.RekorBodies;
import dev.signet.testing.sigstore.RekorEntry;
import dev.signet.testing.sigstore.TestSigstore;
import dev.signet.verification.SignatureFetcher;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The pods of one document: for an image, one signed as the policy asks (each key entry by its test key, each keyless
 * entry by a certificate of the test stack naming a matching identity, each attestation by its attestors with a
 * predicate that meets its conditions), one unsigned, and one signed the same way by strangers (other keys, the same
 * identities under a root the policy does not trust). The signed one must pass; the others fail as the action says.
 */
final class CorpusPods {
    private final CompiledPolicy policy;
    private final AdmissionSubject subject;
    /** The test key of each substituted PEM, by the base64 of its public key. */
    private final Map<String, SigningKey> inline = new HashMap<>();
    private final Map<String, SigningKey> keyRefs;
    /** The JCA private key of each test key. */
    private final Map<SigningKey, PrivateKey> privateKeys;
    private final JsonNode document;

    CorpusPods(CompiledPolicy policy, AdmissionSubject subject, CorpusTrust.Substituted substituted, Map<String, SigningKey> keyRefs, JsonNode document) {
        this.policy = policy;
        this.subject = subject;
        substituted.keys().values().forEach(key -> inline.put(spki(key), key));
        this.keyRefs = keyRefs;
        this.privateKeys = substituted.privateKeys();
        this.document = document;
    }

    private static String spki(SigningKey key) {
        return Base64.getEncoder().encodeToString(key.verificationKey().spki());
    }

    /**
     * A Pod in the policy's namespace ({@code default} for a cluster-wide one), being created, labelled (and its
     * namespace labelled) as the policy's {@code selector}s ({@code namespaceSelector}s) ask: their {@code matchLabels}
     * and the first value of each {@code In} expression.
     */
    static AdmissionSubject subject(CompiledPolicy policy, JsonNode document) {
        Map<String, String> labels = new java.util.TreeMap<>();
        Map<String, String> namespaceLabels = new java.util.TreeMap<>();
        collectLabels(document.path("spec"), labels, namespaceLabels);
        return new AdmissionSubject("Pod", policy.id().namespace().orElse("default"), namespaceLabels, true,
                Optional.of(new AdmissionSubject.ObjectMeta("v1", "pod", labels, Map.of())), Optional.of("CREATE"), Optional.empty());
    }

    private static void collectLabels(JsonNode node, Map<String, String> labels, Map<String, String> namespaceLabels) {
        if (node.isArray()) {
            node.forEach(element -> collectLabels(element, labels, namespaceLabels));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        node.fields().forEachRemaining(field -> {
            if (field.getKey().equals("selector") || field.getKey().equals("namespaceSelector")) {
                Map<String, String> into = field.getKey().equals("selector") ? labels : namespaceLabels;
                field.getValue().path("matchLabels").fields().forEachRemaining(label -> into.put(label.getKey(), label.getValue().asText()));
                field.getValue().path("matchExpressions").forEach(expression -> {
                    if (expression.path("operator").asText().equals("In") && expression.path("values").size() > 0) {
                        into.put(expression.path("key").asText(), expression.path("values").get(0).asText());
                    }
                });
            } else if (!field.getKey().equals("exclude")) {
                collectLabels(field.getValue(), labels, namespaceLabels);
            }
        });
    }

    private static Stream<Attestor> leaves(ImageRule rule) {
        return Stream.concat(rule.attestors().stream(), rule.attestations().stream().flatMap(attestation -> attestation.attestors().stream()))
                .flatMap(AttestorSet::leaves);
    }

    private static Stream<Attestor> entries(ImageRule rule) {
        return Stream.concat(rule.attestors().stream(), rule.attestations().stream().flatMap(attestation -> attestation.attestors().stream()))
                .flatMap(set -> set.entries().stream());
    }

    /** Why the policy's evidence cannot be made here, if it cannot; fills {@code keyRefs} with a test key per key reference. */
    static Optional<CorpusVerdicts.NotEvaluable> evidenceProblem(CompiledPolicy policy, Map<String, SigningKey> keyRefs, Map<SigningKey, PrivateKey> privateKeys,
            JsonNode document) {
        for (ImageRule rule : policy.rules()) {
            if (rule.signatureRepository().isPresent() && !rule.attestations().isEmpty()) {
                return Optional.of(new CorpusVerdicts.NotEvaluable("attestations in another repository not synthesised", rule.path() + ".repository"));
            }
            if (rule.type() == SignatureType.SIGSTORE_BUNDLE && leaves(rule).anyMatch(KeyAttestor.class::isInstance)) {
                return Optional.of(new CorpusVerdicts.NotEvaluable("key-signed Sigstore bundles not synthesised", rule.path() + ".type"));
            }
            if (entries(rule).anyMatch(StaticAttestor.class::isInstance)) {
                return Optional.of(new CorpusVerdicts.NotEvaluable("static authority (verdict fixed by the policy)", rule.path()));
            }
            for (AttestationRule attestation : rule.attestations()) {
                if (attestation.attestors().isEmpty()) {
                    return Optional.of(new CorpusVerdicts.NotEvaluable("attestation without attestors (cosign defaults)", attestation.path()));
                }
                if (CorpusPredicates.predicate(document, attestation).isEmpty()) {
                    return Optional.of(new CorpusVerdicts.NotEvaluable("conditions not synthesised", attestation.path() + ".conditions"));
                }
            }
            for (Attestor leaf : leaves(rule).toList()) {
                if (leaf instanceof UnsupportedAttestor unsupported) {
                    // the rule's own entries are counted by the load report's reasons; an attestation's are found here
                    return Optional.of(new CorpusVerdicts.NotEvaluable(unsupported.what().contains("cosign's defaults")
                            ? "attestation without attestors (cosign defaults)" : unsupported.what(), unsupported.path()));
                }
                if (leaf instanceof KeyAttestor key) {
                    if (key.source() instanceof KeySource.Reference reference) {
                        if (reference.keyRef().contains("{{")) {
                            return Optional.of(new CorpusVerdicts.NotEvaluable("key from a variable", key.path() + ": " + reference.keyRef()));
                        }
                        keyRefs.computeIfAbsent(reference.keyRef(), ref -> CorpusTrust.generate("ref-" + keyRefs.size(), privateKeys));
                    }
                } else if (leaf instanceof KeylessAttestor keyless) {
                    if (CorpusIdentities.leafFor(keyless.identities()).isEmpty()) {
                        return Optional.of(new CorpusVerdicts.NotEvaluable("identity not derivable", keyless.path() + ": "
                                + keyless.identities().stream().map(identity -> identity.describe()).collect(Collectors.joining("; "))));
                    }
                    if (!keyless.annotations().isEmpty()) {
                        return Optional.of(new CorpusVerdicts.NotEvaluable("annotations on keyless signatures not synthesised", keyless.path()));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** An identity for the failing pod of keyless entries, unless one of them accepts it (a policy for any identity). */
    private static final LeafSpec OTHER = LeafSpec.uri("https://other.invalid/corpus/other-identity", "https://other-issuer.invalid");

    /** Whether the policy has keyless entries among the rules and none accepts {@link #OTHER}. */
    private static boolean otherIdentityFailsEverywhere(List<ImageRule> rules) {
        List<KeylessAttestor> keyless = rules.stream().flatMap(CorpusPods::leaves).filter(KeylessAttestor.class::isInstance)
                .map(KeylessAttestor.class::cast).toList();
        dev.signet.sigstore.CertificateIdentity other = new dev.signet.sigstore.CertificateIdentity(List.of(OTHER.san()), OTHER.issuer(), Map.of());
        return !keyless.isEmpty() && keyless.stream().flatMap(entry -> entry.identities().stream()).noneMatch(identity -> identity.matches(other));
    }

    /** Empty when the pods' verdicts are what the policy says; else why not. */
    Optional<CorpusVerdicts.Outcome> judge(ImageReference image) {
        List<ImageRule> covering = policy.rules().stream().filter(rule -> rule.selects(subject) && rule.covers(image)).toList();
        boolean enforce = covering.stream().anyMatch(rule -> rule.actionFor(subject) == EnforcementAction.ENFORCE);
        for (ImageRule rule : covering) {
            Optional<String> key = leaves(rule).filter(KeyAttestor.class::isInstance).map(leaf -> (KeyAttestor) leaf)
                    .filter(leaf -> leaf.source() instanceof KeySource.Inline inlineKey && !inline.containsKey(
                            Base64.getEncoder().encodeToString(inlineKey.key().spki())))
                    .map(KeyAttestor::path).findFirst();
            if (key.isPresent()) {
                return Optional.of(new CorpusVerdicts.NotEvaluable("inline key not substituted", key.get()));
            }
        }
        // verifyDigest without a pin (mutateDigest off, or Audit): Kyverno's "missing digest" for a tag, so the pods name the digest
        boolean pinned = covering.stream().anyMatch(rule -> rule.verifyDigest() && !rule.pinsDigest(rule.actionFor(subject)));
        boolean signatures = covering.stream().anyMatch(rule -> !rule.attestors().isEmpty() || !rule.attestations().isEmpty());
        if (!signatures && !pinned) {
            return Optional.of(new CorpusVerdicts.NotEvaluable("checks no signature (digest-only rule)", covering.get(0).path()
                    + ": no attestors or attestations, and a tag is pinned or accepted"));
        }
        Verdict signed = admit(image, covering, Signer.OURS, pinned);
        if (!signed.allowed() || signed.findings().stream().anyMatch(finding -> finding.result() == RuleStatus.FAIL || finding.result() == RuleStatus.ERROR)) {
            return Optional.of(new CorpusVerdicts.Contradicted("signed " + image + " " + (signed.allowed() ? "admitted with findings" : "denied") + ": "
                    + findings(signed)));
        }
        // a digest-only rule's failing pod names the image by tag alone; a signature rule's is unsigned, or signed by strangers
        List<Map.Entry<Signer, Boolean>> failing = new ArrayList<>(signatures
                ? List.of(Map.entry(Signer.NONE, pinned), Map.entry(Signer.STRANGERS, pinned)) : List.of(Map.entry(Signer.OURS, false)));
        if (signatures && otherIdentityFailsEverywhere(covering)) {
            failing.add(Map.entry(Signer.OTHER_IDENTITY, pinned));
        }
        for (Map.Entry<Signer, Boolean> pod : failing) {
            Verdict verdict = admit(image, covering, pod.getKey(), pod.getValue());
            boolean failed = verdict.findings().stream().anyMatch(finding -> finding.result() == RuleStatus.FAIL);
            // a FAIL finding either way: a denial for an error (the harness's evidence unreadable) would prove nothing
            boolean right = failed && (enforce ? !verdict.allowed() : verdict.allowed());
            if (!right) {
                return Optional.of(new CorpusVerdicts.Contradicted((signatures ? pod.getKey().describe : "tag-only") + " " + image + " "
                        + (verdict.allowed() ? "admitted" : "denied") + " (" + (enforce ? "Enforce" : "Audit") + "): " + findings(verdict)));
            }
        }
        return Optional.empty();
    }

    private static String findings(Verdict verdict) {
        return verdict.findings().stream().map(finding -> finding.result() + " " + finding.rulePath() + ": " + finding.cause())
                .collect(Collectors.joining(" | "));
    }

    /** Who signs the image of a pod. */
    private enum Signer {
        OURS("signed"),
        NONE("unsigned"),
        STRANGERS("signed by strangers"),
        /** Keyless entries by a certificate of the trusted stack naming an identity no entry accepts; keys by strangers. */
        OTHER_IDENTITY("signed by another identity under the trusted root");

        final String describe;

        Signer(String describe) {
            this.describe = describe;
        }
    }

    private Verdict admit(ImageReference image, List<ImageRule> covering, Signer signer, boolean pinned) {
        FakeRegistryClient registry = new FakeRegistryClient();
        Repository repository = image.context();
        String tag = image.tag().map(Tag::toString).orElse("latest");
        RawManifest manifest = registry.pushRandomImage(repository, tag);
        ImageReference pushed = ImageReference.of(repository, manifest.digest());
        if (signer != Signer.NONE) {
            sign(registry, manifest, pushed, covering, signer);
        }
        PublicKeys keys = new PublicKeys(Map.of());
        keyRefs.forEach((ref, key) -> keys.put(ref, key.verificationKey()));
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try {
            PolicyEvaluator evaluator = new PolicyEvaluator(new SignatureFetcher(registry, executor), keys, TrustedRoots.none(),
                    new VerdictCache(Duration.ofMinutes(1), 100), executor, FailurePolicy.FAIL);
            String written = pinned ? repository + ":" + tag + "@" + pushed.digest().orElseThrow() : image.toString();
            return evaluator.evaluate(subject, List.of(new PodSpecs.ContainerImage(written, "c", "/spec/containers/0/image")),
                    new PolicySet(List.of(policy), Map.of()), Duration.ofSeconds(20));
        } finally {
            executor.shutdownNow();
        }
    }

    /**
     * Signs and attests the image as the covering rules ask: key entries with {@code .sig} layers, keyless entries with
     * cosign's legacy layers, or, under {@code type: SigstoreBundle}, with Sigstore bundles as referrers (cosign 3's
     * {@code https://sigstore.dev/cosign/sign/v1} statement for a signature).
     */
    private void sign(FakeRegistryClient registry, RawManifest manifest, ImageReference image, List<ImageRule> covering, Signer signer) {
        Map<String, SigningKey> strangers = new LinkedHashMap<>();
        TestSigstore stack = signer == Signer.STRANGERS ? CorpusVerdicts.STRANGER : CorpusVerdicts.SIGSTORE;
        List<CosignSignature> layers = new ArrayList<>();
        List<LegacySignature> keylessAttestations = new ArrayList<>();
        List<Runnable> keyAttestations = new ArrayList<>();
        List<Runnable> bundles = new ArrayList<>();
        Repository repository = image.context();
        for (ImageRule rule : covering) {
            boolean bundle = rule.type() == SignatureType.SIGSTORE_BUNDLE;
            rule.attestors().stream().flatMap(AttestorSet::leaves).forEach(leaf -> {
                if (leaf instanceof KeyAttestor key) {
                    SigningKey signing = signer == Signer.OURS ? keyOf(key) : strangers.computeIfAbsent(key.path(), path -> CorpusTrust.generate("stranger", privateKeys));
                    byte[] payload = new SimpleSigningPayload(repository.toString(), image.digest().orElseThrow(),
                            key.annotations().isEmpty() ? null : key.annotations()).toBytes();
                    layers.add(CosignSignature.of(payload, keySignature(stack, key, signing, payload, privateKeys), "corpus"));
                } else if (leaf instanceof KeylessAttestor keyless) {
                    LeafSpec spec = signer == Signer.OTHER_IDENTITY ? OTHER : CorpusIdentities.leafFor(keyless.identities()).orElseThrow();
                    if (bundle) {
                        byte[] statement = KeylessAttestations.statement(repository.toString(), image.digest().orElseThrow(),
                                BundleFormat.COSIGN_SIGN_PREDICATE, "{}");
                        byte[] json = stack.signStatement(stack.certificate(spec), statement).json();
                        bundles.add(() -> KeylessAttestations.pushBundle(registry, repository, manifest, json, BundleFormat.COSIGN_SIGN_PREDICATE));
                    } else {
                        LegacySignature legacy = stack.signImage(stack.certificate(spec), repository.toString(), image.digest().orElseThrow());
                        layers.add(CosignSignature.of(legacy.payload(), legacy.annotations(), "corpus"));
                    }
                }
            });
            List<AttestationRule> attestations = new ArrayList<>(rule.attestations());
            rule.attestors().stream().flatMap(set -> set.entries().stream()).filter(AttestationsAttestor.class::isInstance)
                    .forEach(entry -> attestations.addAll(((AttestationsAttestor) entry).attestations()));
            for (AttestationRule attestation : attestations) {
                attestation.attestors().stream().flatMap(AttestorSet::leaves).forEach(leaf -> {
                    String predicate = CorpusPredicates.predicate(document, attestation).orElseThrow();
                    if (leaf instanceof KeyAttestor key) {
                        SigningKey signing = signer == Signer.OURS ? keyOf(key) : strangers.computeIfAbsent(key.path(), path -> CorpusTrust.generate("stranger", privateKeys));
                        keyAttestations.add(() -> new AttestationSigner(registry, Clock.systemUTC()).attest(new AttestationRequest(image, signing,
                                attestation.predicateType(), predicate.getBytes(StandardCharsets.UTF_8), SignatureLayout.LEGACY, false)));
                    } else if (leaf instanceof KeylessAttestor keyless) {
                        LeafSpec spec = signer == Signer.OTHER_IDENTITY ? OTHER : CorpusIdentities.leafFor(keyless.identities()).orElseThrow();
                        byte[] statement = KeylessAttestations.statement(repository.toString(), image.digest().orElseThrow(), attestation.predicateType(),
                                predicate);
                        if (bundle) {
                            byte[] json = stack.signStatement(stack.certificate(spec), statement).json();
                            bundles.add(() -> KeylessAttestations.pushBundle(registry, repository, manifest, json, attestation.predicateType()));
                        } else {
                            keylessAttestations.add(stack.attestImage(stack.certificate(spec), statement, attestation.predicateType(), false));
                        }
                    }
                });
            }
        }
        if (!layers.isEmpty()) {
            // beside the image, or where the rule says signatures live (policy-controller's source.oci, Kyverno's repository)
            Repository signatures = covering.stream().flatMap(rule -> rule.signatureRepository().stream()).findFirst().orElse(repository);
            SignatureManifest.Built built = SignatureManifest.build(layers);
            layers.forEach(layer -> registry.putBlob(signatures, layer.payloadDigest(), layer.payload()));
            registry.putBlob(signatures, built.manifest().asImageManifest().config().digest(), built.config());
            registry.putManifest(ImageReference.of(signatures, Tag.parse(SignatureTags.signature(image.digest().orElseThrow()))), built.manifest());
        }
        if (!keylessAttestations.isEmpty()) {
            KeylessAttestations.pushLegacy(registry, repository, image.digest().orElseThrow(), keylessAttestations.toArray(LegacySignature[]::new));
        }
        keyAttestations.forEach(Runnable::run);
        bundles.forEach(Runnable::run);
    }

    /**
     * The annotations of a key signature: the signature, and what the entry asks for besides: a Rekor entry (cosign's
     * bundle annotation, logged by the stack's Rekor) and an RFC 3161 timestamp over the signature by the stack's TSA.
     */
    private static Map<String, String> keySignature(TestSigstore stack, KeyAttestor key, SigningKey signing, byte[] payload,
            Map<SigningKey, PrivateKey> privateKeys) {
        Optional<String> digest = key.source() instanceof KeySource.Inline inlineKey ? inlineKey.key().digest()
                : ((KeySource.Reference) key.source()).digest();
        byte[] signature = digest.isEmpty() || digest.get().equals("SHA-256") ? signing.sign(payload)
                : jca(digest.get().replace("-", "") + "withECDSA", privateKeys.get(signing), payload);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(CosignAnnotations.SIGNATURE, Base64.getEncoder().encodeToString(signature));
        if (key.tlog().isPresent()) {
            RekorEntry entry = stack.rekor().append("hashedrekord", "0.0.1", RekorBodies.hashedrekord(sha256(payload), signature,
                    signing.verificationKey().toPem()));
            annotations.put(CosignAnnotations.BUNDLE, TestSigstore.cosignBundle(entry));
        }
        if (key.timestamps().isPresent()) {
            annotations.put(CosignAnnotations.RFC3161_TIMESTAMP, "{\"SignedRFC3161Timestamp\":\""
                    + Base64.getEncoder().encodeToString(stack.tsa().timestamp(signature)) + "\"}");
        }
        return annotations;
    }

    /** A signature over another hash than cosign's SHA-256, as {@code cosign sign} with that hash algorithm makes. */
    private static byte[] jca(String algorithm, PrivateKey key, byte[] data) {
        try {
            java.security.Signature signer = java.security.Signature.getInstance(algorithm);
            signer.initSign(java.util.Objects.requireNonNull(key, "the test key's private key"));
            signer.update(data);
            return signer.sign();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private SigningKey keyOf(KeyAttestor key) {
        if (key.source() instanceof KeySource.Reference reference) {
            return keyRefs.get(reference.keyRef());
        }
        return inline.get(Base64.getEncoder().encodeToString(((KeySource.Inline) key.source()).key().spki()));
    }
}
