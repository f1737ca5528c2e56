package dev.signet.sigstore;

import java.util.Arrays;
import java.util.Optional;

/**
 * Fulcio's certificate extensions (https://github.com/sigstore/fulcio/blob/main/docs/oid-info.md): the deprecated
 * GitHub-workflow ones (1.1 to 1.6, raw strings) and the issuer v2 (1.8, DER UTF8String). The camel-case names are
 * Kyverno's {@code additionalExtensions} keys and cosign's {@code --certificate-github-workflow-*} flags.
 */
public enum FulcioExtension {
    ISSUER_V1("1.3.6.1.4.1.57264.1.1", "issuer"),
    GITHUB_WORKFLOW_TRIGGER("1.3.6.1.4.1.57264.1.2", "githubWorkflowTrigger"),
    GITHUB_WORKFLOW_SHA("1.3.6.1.4.1.57264.1.3", "githubWorkflowSha"),
    GITHUB_WORKFLOW_NAME("1.3.6.1.4.1.57264.1.4", "githubWorkflowName"),
    GITHUB_WORKFLOW_REPOSITORY("1.3.6.1.4.1.57264.1.5", "githubWorkflowRepository"),
    GITHUB_WORKFLOW_REF("1.3.6.1.4.1.57264.1.6", "githubWorkflowRef"),
    ISSUER_V2("1.3.6.1.4.1.57264.1.8", "issuerV2");

    private final String oid;
    private final String name;

    FulcioExtension(String oid, String name) {
        this.oid = oid;
        this.name = name;
    }

    public String oid() {
        return oid;
    }

    /** Kyverno's key for it in {@code additionalExtensions}. */
    public String kyvernoName() {
        return name;
    }

    /** The extension Kyverno's {@code additionalExtensions} key names, if any. */
    public static Optional<FulcioExtension> byKyvernoName(String name) {
        return Arrays.stream(values()).filter(extension -> extension.name.equals(name)).findFirst();
    }
}
