package dev.signet.cli;

import dev.signet.keys.VerificationKey;
import dev.signet.sigstore.BundleDocument;
import dev.signet.sigstore.FulcioExtension;
import dev.signet.sigstore.IdentityMatcher;
import dev.signet.sigstore.SigstoreException;
import dev.signet.sigstore.SigstoreVerifier;
import dev.signet.sigstore.TextMatch;
import dev.signet.sigstore.TrustedRoot;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code verify-blob}: cosign's {@code verify-blob --bundle}, offline. A message-signature bundle must be over the
 * file's sha256; a DSSE bundle's statement must name the file as a subject. Keyless needs an identity and an issuer,
 * as cosign insists; the trusted root defaults to the embedded public-good one. Exit 0 with the checks made on stdout;
 * otherwise one line naming the failed check on stderr: 12 (cosign's "none matched") when the signer is not the one
 * asked for (identity, or the key), 2 for bad input, 1 for any other failure.
 */
@Command(name = "verify-blob", mixinStandardHelpOptions = true, versionProvider = SignetCommand.Version.class,
        description = "Verify a Sigstore bundle over a file (cosign verify-blob --bundle), offline.")
final class VerifyBlobCommand implements Callable<Integer> {
    private static final long MAX_BUNDLE = 16L * 1024 * 1024;

    private final Terminal terminal;
    private final Kubernetes kubernetes;

    @Spec
    CommandSpec spec;

    @Option(names = "--bundle", required = true, paramLabel = "FILE", description = "The Sigstore bundle (.sigstore.json).")
    Path bundle;

    @Option(names = "--key", paramLabel = "KEYREF", description = "Public key file or env://VAR (instead of a certificate identity).")
    String keyRef;

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

    @Option(names = "--trusted-root", paramLabel = "FILE", description = "A trusted_root.json (default: the embedded Sigstore public-good root).")
    Path trustedRoot;

    @Option(names = "--insecure-ignore-tlog", description = "Do not require a transparency-log entry.")
    boolean ignoreTlog;

    @Option(names = "--insecure-ignore-sct", description = "Do not require an embedded SCT.")
    boolean ignoreSct;

    // cosign's everyday flags, accepted so that scripts written for cosign run unchanged; nothing here uploads or
    // prompts, and nothing is fetched from a registry
    @Option(names = {"-y", "--yes"}, hidden = true)
    boolean yes;

    @Option(names = "--allow-insecure-registry", hidden = true)
    boolean allowInsecureRegistry;

    @Option(names = "--tlog-upload", arity = "0..1", hidden = true)
    boolean tlogUpload;

    @Parameters(paramLabel = "ARTIFACT", description = "The signed file (for a DSSE bundle, the statement's subject).")
    Path artifact;

    VerifyBlobCommand(Terminal terminal, Kubernetes kubernetes) {
        this.terminal = terminal;
        this.kubernetes = kubernetes;
    }

    @Override
    public Integer call() {
        SigstoreVerifier.Expectation expected = expectation();
        String subject = artifact.toString();
        TrustedRoot root = trustedRoot == null ? TrustedRoot.production()
                : TrustedRoot.parse(read(trustedRoot, "--trusted-root", TrustedRoot.MAX_BYTES), trustedRoot.toString());
        byte[] digest = sha256(artifact);
        PrintWriter err = spec.commandLine().getErr();
        SigstoreVerifier.Verified verified;
        try {
            BundleDocument document = BundleDocument.parse(read(bundle, "--bundle", MAX_BUNDLE), subject);
            verified = SigstoreVerifier.verifyBundle(document, Optional.of(digest), root, expected,
                    new SigstoreVerifier.Requirements(!ignoreTlog, !ignoreSct), Instant.now(), subject);
        } catch (SigstoreException e) {
            err.println("Error: " + oneLine(e.getMessage()));
            return exitCode(e, expected);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("Verified OK: " + String.join(", ", verified.checks()));
        verified.identity().ifPresentOrElse(who -> out.println("Identity: " + who), () -> out.println("Key: " + keyRef));
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * Consistent with {@code verify}: a signer other than the one asked for is cosign's "no signature matched" (12),
     * a broken trusted root is input (2), any other failed check is 1.
     */
    static int exitCode(SigstoreException e, SigstoreVerifier.Expectation expected) {
        return switch (e.check()) {
            case IDENTITY -> ExitCodes.NO_MATCHING_SIGNATURE;
            case SIGNATURE -> expected instanceof SigstoreVerifier.Expectation.Key ? ExitCodes.NO_MATCHING_SIGNATURE : ExitCodes.VERIFICATION_FAILED;
            default -> ExitCodes.of(e.reason());
        };
    }

    private SigstoreVerifier.Expectation expectation() {
        boolean anyIdentityFlag = identity != null || identityRegexp != null || issuer != null || issuerRegexp != null || workflowTrigger != null
                || workflowSha != null || workflowName != null || workflowRepository != null || workflowRef != null;
        if (keyRef != null) {
            if (anyIdentityFlag) {
                throw usage("--key verifies a key signature; drop the --certificate-* flags");
            }
            VerificationKey key = new KeyRefs(terminal, kubernetes).verificationKey(keyRef);
            return new SigstoreVerifier.Expectation.Key(key);
        }
        if (identity != null && identityRegexp != null) {
            throw usage("give --certificate-identity or --certificate-identity-regexp, not both");
        }
        if (issuer != null && issuerRegexp != null) {
            throw usage("give --certificate-oidc-issuer or --certificate-oidc-issuer-regexp, not both");
        }
        if (identity == null && identityRegexp == null) {
            throw usage("--certificate-identity or --certificate-identity-regexp is required for keyless verification (or verify with --key)");
        }
        if (issuer == null && issuerRegexp == null) {
            throw usage("--certificate-oidc-issuer or --certificate-oidc-issuer-regexp is required for keyless verification");
        }
        TextMatch subjectMatch = identity != null ? TextMatch.exact(identity) : regexp(identityRegexp, "--certificate-identity-regexp");
        TextMatch issuerMatch = issuer != null ? TextMatch.exact(issuer) : regexp(issuerRegexp, "--certificate-oidc-issuer-regexp");
        Map<FulcioExtension, TextMatch> extensions = new EnumMap<>(FulcioExtension.class);
        put(extensions, FulcioExtension.GITHUB_WORKFLOW_TRIGGER, workflowTrigger);
        put(extensions, FulcioExtension.GITHUB_WORKFLOW_SHA, workflowSha);
        put(extensions, FulcioExtension.GITHUB_WORKFLOW_NAME, workflowName);
        put(extensions, FulcioExtension.GITHUB_WORKFLOW_REPOSITORY, workflowRepository);
        put(extensions, FulcioExtension.GITHUB_WORKFLOW_REF, workflowRef);
        return new SigstoreVerifier.Expectation.Identities(List.of(new IdentityMatcher(subjectMatch, Optional.of(issuerMatch), extensions)));
    }

    private static void put(Map<FulcioExtension, TextMatch> extensions, FulcioExtension extension, String value) {
        if (value != null) {
            extensions.put(extension, TextMatch.exact(value));
        }
    }

    private static TextMatch regexp(String pattern, String flag) {
        try {
            return TextMatch.regexp(pattern);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("parse option", flag, "not a regular expression: " + oneLine(e.getMessage()));
        }
    }

    private static InvalidInputException usage(String cause) {
        return new InvalidInputException("verify-blob", "flags", cause);
    }

    private static byte[] read(Path file, String flag, long limit) {
        try {
            if (Files.size(file) > limit) {
                throw new InvalidInputException("read " + flag, file.toString(), "file is larger than " + (limit / 1024 / 1024) + " MiB");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("read " + flag, file.toString(), "no such file");
        } catch (IOException e) {
            throw new InvalidInputException("read " + flag, file.toString(), "cannot read the file (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static byte[] sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            DigestInputStream digesting = (DigestInputStream) in;
            digesting.transferTo(java.io.OutputStream.nullOutputStream());
            return digesting.getMessageDigest().digest();
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("read artifact", file.toString(), "no such file");
        } catch (IOException e) {
            throw new InvalidInputException("read artifact", file.toString(), "cannot read the file (" + e.getClass().getSimpleName() + ")");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
