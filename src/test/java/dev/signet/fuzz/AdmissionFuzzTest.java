package dev.signet.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.admission.AdmissionFuzzAccess;
import dev.signet.events.InvalidAdmissionException;
import dev.signet.policy.ImageChanges;
import dev.signet.policy.PodSpecs;
import dev.signet.policy.PolicyCompiler;
import dev.signet.policy.PolicyDocuments;
import dev.signet.policy.PolicyException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Policies and AdmissionReviews as they come from outside: policy documents (Signet's and Kyverno's, YAML and JSON)
 * through the reader and the compiler, and AdmissionReview bodies through the adapter's parser and the pod-spec
 * reader, UPDATEs (with {@code oldObject}) through the change filter. Rejections are PolicyException / InvalidAdmissionException with Signet's message shape.
 */
class AdmissionFuzzTest {

    @TestFactory
    Stream<DynamicTest> fuzz() {
        return Fuzzer.tests(
                FuzzTarget.<byte[]>named("policy.document")
                        .seeds(policySeeds())
                        .mutator(Mutators.json())
                        .parse(bytes -> {
                            List<Object> compiled = new ArrayList<>();
                            for (JsonNode document : PolicyDocuments.read(new String(bytes, StandardCharsets.UTF_8), "fuzz.yaml")) {
                                if (PolicyCompiler.isPolicy(document)) {
                                    compiled.add(PolicyCompiler.compile(document, "fuzz.yaml"));
                                }
                            }
                            return compiled;
                        })
                        .rejects(PolicyException.class)
                        // a hostile document may carry thousands of keys and globs: compiling it is bounded, not instant
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                FuzzTarget.<byte[]>named("admission.review")
                        .seeds(reviewSeeds())
                        .mutator(Mutators.json())
                        .parse(bytes -> {
                            var request = AdmissionFuzzAccess.parseReview(bytes);
                            List<PodSpecs.ContainerImage> images = request.object() == null ? List.of() : PodSpecs.images(request.kind(), request.object());
                            if (request.oldObject() == null || ImageChanges.beingDeleted(request.oldObject())) {
                                return images;
                            }
                            return ImageChanges.changed(images, PodSpecs.images(request.kind(), request.oldObject()));
                        })
                        .rejects(PolicyException.class, InvalidAdmissionException.class)
                        .build());
    }

    /** The test policies as JSON (the mutators work on JSON; YAML is a superset, so the reader takes them as they are). */
    private static List<byte[]> policySeeds() {
        List<byte[]> seeds = new ArrayList<>();
        for (String name : List.of("kyverno-attestors.yaml", "kyverno-match-exclude.yaml", "signet-cluster-image-policy.yaml")) {
            for (JsonNode document : PolicyDocuments.read(Seeds.text("policies/" + name), name)) {
                seeds.add(document.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        return seeds;
    }

    private static List<byte[]> reviewSeeds() {
        String pod = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u-1\",\"kind\":{\"group\":\"\","
                + "\"version\":\"v1\",\"kind\":\"Pod\"},\"namespace\":\"shop\",\"name\":\"web\",\"operation\":\"CREATE\",\"dryRun\":false,"
                + "\"object\":{\"kind\":\"Pod\",\"metadata\":{\"name\":\"web\"},\"spec\":{\"initContainers\":[{\"name\":\"i\",\"image\":\"busybox\"}],"
                + "\"containers\":[{\"name\":\"web\",\"image\":\"ghcr.io/acme/web:1\"}],\"ephemeralContainers\":[{\"name\":\"d\",\"image\":\"debug\"}],"
                + "\"volumes\":[{\"name\":\"m\",\"image\":{\"reference\":\"GHCR.IO:443/acme/models:v1\"}},{\"name\":\"c\",\"configMap\":{}}]}}}}";
        String cronJob = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u-2\",\"kind\":{\"group\":\"batch\","
                + "\"version\":\"v1\",\"kind\":\"CronJob\"},\"namespace\":\"shop\",\"operation\":\"UPDATE\",\"object\":{\"kind\":\"CronJob\",\"spec\":"
                + "{\"jobTemplate\":{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"j\",\"image\":\"ghcr.io/acme/job@sha256:"
                + "0".repeat(64) + "\"}]}}}}}}}}";
        String update = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u-3\",\"kind\":{\"group\":\"apps\","
                + "\"version\":\"v1\",\"kind\":\"Deployment\"},\"namespace\":\"shop\",\"name\":\"web\",\"operation\":\"UPDATE\","
                + "\"object\":{\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\",\"labels\":{\"a\":\"b\"}},\"spec\":{\"template\":{\"spec\":"
                + "{\"containers\":[{\"name\":\"web\",\"image\":\"ghcr.io/acme/web:2\"},{\"name\":\"side\",\"image\":\"ghcr.io/acme/side:1\"}]}}}},"
                + "\"oldObject\":{\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\",\"deletionTimestamp\":\"2026-12-02T12:00:00Z\"},\"spec\":"
                + "{\"template\":{\"spec\":{\"containers\":[{\"name\":\"side\",\"image\":\"ghcr.io/acme/side:1\"}]}}}}}}";
        return List.of(pod.getBytes(StandardCharsets.UTF_8), cronJob.getBytes(StandardCharsets.UTF_8), update.getBytes(StandardCharsets.UTF_8));
    }
}
