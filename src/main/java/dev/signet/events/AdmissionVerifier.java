package dev.signet.events;

import dev.signet.events.outbound.AdmissionVerdictData;
import dev.signet.policy.AdmissionSubject;
import dev.signet.policy.NamespaceLabels;
import dev.signet.policy.PodSpecs;
import dev.signet.policy.PolicyEvaluator;
import dev.signet.policy.PolicyException;
import dev.signet.policy.PolicyRepository;
import dev.signet.policy.Verdict;
import dev.signet.reference.ImageReference;
import java.time.Duration;
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
     * The verdict on one request. Kinds without a pod spec, and operations other than CREATE and UPDATE, are allowed
     * untouched; a pod spec that cannot be read is denied (under Fail) with the reason.
     */
    public AdmissionVerdictData decide(AdmissionRequested request, Duration budget) {
        long start = System.nanoTime();
        String operation = request.operation() == null ? "" : request.operation().toUpperCase(Locale.ROOT);
        if (!PodSpecs.hasPodSpec(request.kind()) || !(operation.equals("CREATE") || operation.equals("UPDATE") || operation.isEmpty())) {
            return new AdmissionVerdictData(request.uid(), true, List.of(), List.of(), List.of(),
                    "allowed: " + request.kind() + " " + operation + " carries no pod spec to verify", request.dryRun());
        }
        List<PodSpecs.ContainerImage> images;
        try {
            images = PodSpecs.images(request.kind(), request.object());
        } catch (PolicyException e) {
            return AdmissionVerdictData.undecided(request.uid(), settings.failurePolicy(), e.getMessage(), request.dryRun());
        }
        Verdict verdict = evaluator.evaluate(subject(request), images, policies.current(), budget);
        metrics.verdict(verdict, Duration.ofNanos(System.nanoTime() - start));
        return AdmissionVerdictData.of(request.uid(), verdict, request.dryRun());
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
