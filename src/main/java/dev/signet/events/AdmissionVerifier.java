package dev.signet.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.events.outbound.AdmissionVerdictData;
import dev.signet.policy.AdmissionPhase;
import dev.signet.policy.AdmissionSubject;
import dev.signet.policy.AdmittedImages;
import dev.signet.policy.ImageChanges;
import dev.signet.policy.ImageExtractors;
import dev.signet.policy.NamespaceLabels;
import dev.signet.policy.PodSpecs;
import dev.signet.policy.PolicyEvaluator;
import dev.signet.policy.PolicyException;
import dev.signet.policy.PolicyRepository;
import dev.signet.policy.PolicySet;
import dev.signet.policy.RequestContext;
import dev.signet.policy.Verdict;
import dev.signet.reference.ImageReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The verifier: decides an admission request against the policies in force. Shared by the Funqy function (Knative)
 * and the in-process adapter, so both give the same verdict for the same request.
 */
public final class AdmissionVerifier {
    private final PolicyEvaluator evaluator;
    private final PolicyRepository policies;
    private final NamespaceLabels namespaces;
    private final AdmissionMetrics metrics;
    private final AdmissionSettings settings;

    public AdmissionVerifier(PolicyEvaluator evaluator, PolicyRepository policies, NamespaceLabels namespaces, AdmissionMetrics metrics,
            AdmissionSettings settings) {
        this.evaluator = evaluator;
        this.policies = policies;
        this.namespaces = namespaces;
        this.metrics = metrics;
        this.settings = settings;
    }

    public AdmissionSettings settings() {
        return settings;
    }

    /**
     * The verdict on one request. Kinds without a pod spec that no loaded rule reads with its {@code imageExtractors},
     * and operations other than CREATE and UPDATE, are allowed untouched; so is an UPDATE of an object being deleted, and one that changes no image ({@link ImageChanges}):
     * only the images an UPDATE brings are verified (and pinned), and a tag re-applied over its stored pin is put
     * back by the mutating webhook. A pod spec that cannot be read is denied (under
     * Fail) with the reason.
     */
    public AdmissionVerdictData decide(AdmissionRequested request, Duration budget) {
        long start = System.nanoTime();
        String operation = request.operation() == null ? "" : request.operation().toUpperCase(Locale.ROOT);
        PolicySet current = policies.current();
        boolean extracted = current.extracts(request.kind());
        if ((!PodSpecs.hasPodSpec(request.kind()) && !extracted) || !(operation.equals("CREATE") || operation.equals("UPDATE") || operation.isEmpty())) {
            return allowed(request, "allowed: " + request.kind() + " " + operation + " carries no pod spec to verify");
        }
        boolean update = operation.equals("UPDATE") && request.oldObject() != null;
        if (update && ImageChanges.beingDeleted(request.oldObject())) {
            return allowed(request, "allowed: " + request.kind() + " is being deleted (deletionTimestamp set); an update cannot start its images");
        }
        AdmissionPhase phase = request.mutating() ? AdmissionPhase.MUTATING : AdmissionPhase.VALIDATING;
        ImageChanges.Changes changes;
        List<PodSpecs.ContainerImage> images;
        try {
            images = PodSpecs.images(request.kind(), request.object());
            changes = update ? ImageChanges.between(images, storedImages(request, ImageExtractors.POD_SPECS), phase)
                    : new ImageChanges.Changes(images, List.of());
        } catch (PolicyException e) {
            return AdmissionVerdictData.undecided(request.uid(), settings.failurePolicy(), e.getMessage(), request.dryRun());
        }
        if (update && changes.changed().isEmpty() && !extracted) {
            return new AdmissionVerdictData(request.uid(), true, List.of(), changes.repins(), List.of(), "allowed: the UPDATE changes no image",
                    request.dryRun());
        }
        AdmittedImages admitted = extraction -> {
            if (extraction.podSpecs()) {
                return changes.changed();
            }
            // a rule's own imageExtractors: verified as the pod spec is, only what an UPDATE brings (never repinned)
            List<PodSpecs.ContainerImage> read = extraction.images(request.kind(), request.object());
            return update ? ImageChanges.changed(read, storedImages(request, extraction)) : read;
        };
        Verdict verdict = evaluator.evaluate(subject(request), admitted, current, budget, phase,
                Optional.of(RequestContext.of(requestVariables(request), images)));
        metrics.verdict(verdict, Duration.ofNanos(System.nanoTime() - start));
        AdmissionVerdictData decided = AdmissionVerdictData.of(request.uid(), verdict, request.dryRun());
        if (!decided.allowed() || changes.repins().isEmpty()) {
            return decided;
        }
        List<Verdict.JsonPatchOperation> patch = new ArrayList<>(changes.repins());
        patch.addAll(decided.patch());
        return new AdmissionVerdictData(decided.uid(), true, decided.images(), patch, decided.warnings(), decided.message(), decided.dryRun());
    }

    private static AdmissionVerdictData allowed(AdmissionRequested request, String message) {
        return new AdmissionVerdictData(request.uid(), true, List.of(), List.of(), List.of(), message, request.dryRun());
    }

    /**
     * The request as Kyverno's {@code request.*} variables read it (the AdmissionReview request's fields this event
     * carries; {@code kind} as an object with the kind alone, since the group and version are not carried).
     */
    private static JsonNode requestVariables(AdmissionRequested request) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("uid", request.uid());
        node.put("operation", request.operation() == null ? "" : request.operation().toUpperCase(Locale.ROOT));
        node.put("namespace", request.namespace() == null ? "" : request.namespace());
        node.putObject("kind").put("kind", request.kind());
        node.put("name", request.name() == null ? "" : request.name());
        node.set("object", request.object() == null ? NullNode.getInstance() : request.object());
        node.set("oldObject", request.oldObject() == null ? NullNode.getInstance() : request.oldObject());
        node.set("userInfo", request.userInfo() == null ? JsonNodeFactory.instance.objectNode() : request.userInfo());
        node.put("dryRun", request.dryRun());
        return node;
    }

    /** The stored object's images; one the API server stored cannot be malformed, but if it is, every image is new. */
    private static List<PodSpecs.ContainerImage> storedImages(AdmissionRequested request, ImageExtractors extraction) {
        try {
            return extraction.images(request.kind(), request.oldObject());
        } catch (PolicyException e) {
            return List.of();
        }
    }

    /**
     * What Kyverno's match/exclude read from the request. Every namespace carries the label
     * {@code kubernetes.io/metadata.name} (set by the API server since Kubernetes 1.21), so labels found empty mean the
     * informer has not seen the namespace yet: unknown, not "no labels".
     */
    private AdmissionSubject subject(AdmissionRequested request) {
        String namespace = request.namespace() == null ? "" : request.namespace();
        Map<String, String> labels = namespaces.of(namespace);
        Optional<String> operation = request.operation() == null || request.operation().isEmpty() ? Optional.empty()
                : Optional.of(request.operation().toUpperCase(Locale.ROOT));
        return new AdmissionSubject(request.kind(), namespace, labels, !labels.isEmpty() || namespace.isEmpty(),
                AdmissionSubject.ObjectMeta.of(request.object()), operation, AdmissionSubject.UserInfo.of(request.userInfo()));
    }

    /** The CI gate: one image against every policy, or the one named. */
    public Verdict verifyImage(String image, Optional<String> policy, Duration budget) {
        long start = System.nanoTime();
        Verdict verdict = evaluator.evaluateImage(image, policies.current(), policy, budget);
        metrics.verdict(verdict, Duration.ofNanos(System.nanoTime() - start));
        return verdict;
    }

    /** Pre-warms the verdict cache for a digest a signer just signed. */
    public void prewarm(ImageReference signed) {
        evaluator.prewarm(signed, policies.current());
    }
}
