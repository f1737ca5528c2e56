package dev.signet.cli;

import dev.signet.sigstore.FulcioExtension;
import dev.signet.sigstore.IdentityMatcher;
import dev.signet.sigstore.SigstoreException;
import dev.signet.sigstore.TextMatch;
import dev.signet.sigstore.TrustedRoot;
import dev.signet.verification.KeylessTrust;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * cosign's keyless verification flags, shared by {@code verify} and {@code verify-blob}: the certificate identity and
 * OIDC issuer (exact or regexp; cosign requires one of each), the GitHub-workflow extensions, the trusted root (the
 * embedded public-good one by default) and the two {@code --insecure-ignore-*} switches. cosign's everyday flags that
 * do nothing offline ({@code --yes}, {@code --tlog-upload}) are accepted so scripts written for cosign run unchanged.
 */
final class KeylessFlags {
    @Option(names = "--certificate-identity", paramLabel = "SAN", description = "The certificate's subject alternative name, exactly.")
    String identity;

    @Option(names = "--certificate-identity-regexp", paramLabel = "REGEXP", description = "A regular expression the certificate's SAN must match.")
    String identityRegexp;

    @Option(names = "--certificate-oidc-issuer", paramLabel = "ISSUER", description = "The certificate's OIDC issuer, exactly.")
    String issuer;

    @Option(names = "--certificate-oidc-issuer-regexp", paramLabel = "REGEXP", description = "A regular expression the OIDC issuer must match.")
    String issuerRegexp;

    @Option(names = "--certificate-github-workflow-trigger", paramLabel = "VALUE", description = "Fulcio extension 1.3.6.1.4.1.57264.1.2, exactly.")
    String workflowTrigger;

    @Option(names = "--certificate-github-workflow-sha", paramLabel = "VALUE", description = "Fulcio extension 1.3.6.1.4.1.57264.1.3, exactly.")
    String workflowSha;

    @Option(names = "--certificate-github-workflow-name", paramLabel = "VALUE", description = "Fulcio extension 1.3.6.1.4.1.57264.1.4, exactly.")
    String workflowName;

    @Option(names = "--certificate-github-workflow-repository", paramLabel = "VALUE", description = "Fulcio extension 1.3.6.1.4.1.57264.1.5, exactly.")
    String workflowRepository;

    @Option(names = "--certificate-github-workflow-ref", paramLabel = "VALUE", description = "Fulcio extension 1.3.6.1.4.1.57264.1.6, exactly.")
    String workflowRef;

    @Option(names = "--trusted-root", paramLabel = "FILE", description = "A Sigstore trusted_root.json (default: the embedded public-good root).")
    Path trustedRoot;

    @Option(names = "--insecure-ignore-tlog", description = "Do not require a transparency-log entry (the certificate is then checked at a timestamp's time, or now).")
    boolean ignoreTlog;

    @Option(names = "--insecure-ignore-sct", description = "Do not require an embedded SCT.")
    boolean ignoreSct;

    @Option(names = {"-y", "--yes"}, hidden = true, description = "Accepted for cosign scripts; nothing prompts.")
    boolean yes;

    @Option(names = "--tlog-upload", arity = "0..1", hidden = true, description = "Accepted for cosign scripts; nothing is uploaded.")
    boolean tlogUpload;

    /** Whether any identity flag was given: the verb then verifies keyless. */
    boolean any() {
        return identity != null || identityRegexp != null || issuer != null || issuerRegexp != null || workflowTrigger != null || workflowSha != null
                || workflowName != null || workflowRepository != null || workflowRef != null;
    }

    /** The keyless trust the flags describe; refuses an identity without an issuer and the reverse, as cosign does. */
    KeylessTrust trust() {
        if (identity != null && identityRegexp != null) {
            throw new InvalidInputException("parse options", "--certificate-identity", "give --certificate-identity or --certificate-identity-regexp, not both");
        }
        if (issuer != null && issuerRegexp != null) {
            throw new InvalidInputException("parse options", "--certificate-oidc-issuer",
                    "give --certificate-oidc-issuer or --certificate-oidc-issuer-regexp, not both");
        }
        if (identity == null && identityRegexp == null) {
            throw new InvalidInputException("parse options", "--certificate-identity",
                    "keyless verification needs --certificate-identity or --certificate-identity-regexp");
        }
        if (issuer == null && issuerRegexp == null) {
            throw new InvalidInputException("parse options", "--certificate-oidc-issuer",
                    "keyless verification needs --certificate-oidc-issuer or --certificate-oidc-issuer-regexp");
        }
        TextMatch subject = identity != null ? TextMatch.exact(identity) : regexp(identityRegexp, "--certificate-identity-regexp");
        TextMatch issued = issuer != null ? TextMatch.exact(issuer) : regexp(issuerRegexp, "--certificate-oidc-issuer-regexp");
        Map<FulcioExtension, TextMatch> extensions = new EnumMap<>(FulcioExtension.class);
        put(extensions, FulcioExtension.GITHUB_WORKFLOW_TRIGGER, workflowTrigger);
        put(extensions, FulcioExtension.GITHUB_WORKFLOW_SHA, workflowSha);
        put(extensions, FulcioExtension.GITHUB_WORKFLOW_NAME, workflowName);
        put(extensions, FulcioExtension.GITHUB_WORKFLOW_REPOSITORY, workflowRepository);
        put(extensions, FulcioExtension.GITHUB_WORKFLOW_REF, workflowRef);
        return new KeylessTrust("the certificate identity flags", root(), List.of(new IdentityMatcher(subject, Optional.of(issued), extensions)),
                !ignoreTlog, !ignoreSct);
    }

    /** The trusted root: {@code --trusted-root}, else the embedded public-good root. */
    TrustedRoot root() {
        if (trustedRoot == null) {
            return TrustedRoot.production();
        }
        try {
            if (Files.size(trustedRoot) > TrustedRoot.MAX_BYTES) {
                throw new InvalidInputException("read trusted root", trustedRoot.toString(), "larger than " + TrustedRoot.MAX_BYTES + " bytes");
            }
            return TrustedRoot.parse(Files.readAllBytes(trustedRoot), trustedRoot.toString());
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("read trusted root", trustedRoot.toString(), "no such file");
        } catch (IOException e) {
            throw new InvalidInputException("read trusted root", trustedRoot.toString(), e.getClass().getSimpleName());
        } catch (SigstoreException e) {
            throw new InvalidInputException("read trusted root", trustedRoot.toString(), e.getMessage());
        }
    }

    private static TextMatch regexp(String expression, String flag) {
        try {
            return TextMatch.regexp(expression);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("parse option", flag, e.getMessage());
        }
    }

    private static void put(Map<FulcioExtension, TextMatch> extensions, FulcioExtension extension, String value) {
        if (value != null) {
            extensions.put(extension, TextMatch.exact(value));
        }
    }
}
