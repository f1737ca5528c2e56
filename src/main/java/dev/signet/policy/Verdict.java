package dev.signet.policy;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The decision on one object: denied when any finding denies; otherwise allowed, with a warning per Audit fail or
 * Ignore-d error and, when rules ask for {@code mutateDigest}, the patch pinning verified tag-only images.
 */
public record Verdict(boolean allowed, List<ImageFinding> findings, List<String> warnings, List<JsonPatchOperation> patch) {
    /** The longest denial message: the API server shows it to a user, and etcd keeps it in events. */
    public static final int MAX_MESSAGE_LENGTH = 4096;

    public Verdict {
        findings = List.copyOf(findings);
        warnings = List.copyOf(warnings);
        patch = List.copyOf(patch);
    }

    /** One JSON Patch (RFC 6902) {@code replace} of an image field. */
    public record JsonPatchOperation(String op, String path, String value) {
        public JsonPatchOperation {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(value, "value");
        }
    }

    /** Weighs the findings: the verdict is decided here, once, at the end (policy.md, Semantics 6). */
    public static Verdict of(List<ImageFinding> findings, List<JsonPatchOperation> pins) {
        boolean allowed = findings.stream().noneMatch(ImageFinding::denies);
        List<String> warnings = findings.stream().filter(ImageFinding::warns).map(ImageFinding::message).distinct().toList();
        return new Verdict(allowed, findings, warnings, allowed ? pins : List.of());
    }

    /**
     * Whether the verdict proves the image signed, as a CI gate needs it: allowed, and at least one rule passed. An
     * image that no policy rule covers is allowed at admission (a skip) but is not verified.
     */
    public boolean verified() {
        return allowed && findings.stream().anyMatch(finding -> finding.result() == RuleStatus.PASS);
    }

    /** The denial reasons, one per failing image and rule, bounded in length. */
    public String message() {
        if (allowed) {
            long checked = findings.stream().filter(finding -> finding.result() == RuleStatus.PASS).count();
            return "allowed: " + checked + " image checks passed" + (warnings.isEmpty() ? "" : ", " + warnings.size() + " warnings");
        }
        String reasons = findings.stream().filter(ImageFinding::denies).map(ImageFinding::message).distinct()
                .collect(Collectors.joining("; "));
        String text = "denied by Signet: " + reasons;
        return text.length() <= MAX_MESSAGE_LENGTH ? text : text.substring(0, MAX_MESSAGE_LENGTH - 3) + "...";
    }
}
