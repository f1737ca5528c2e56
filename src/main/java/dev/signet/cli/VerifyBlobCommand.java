package dev.signet.cli;

import dev.signet.keys.VerificationKey;
import dev.signet.oci.Digests;
import dev.signet.sigstore.BundleDocument;
import dev.signet.sigstore.SigstoreException;
import dev.signet.sigstore.SigstoreVerifier;
import dev.signet.sigstore.TrustedRoot;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    KeylessFlags keyless;

    // cosign's flag, accepted so that scripts written for cosign run unchanged: verify-blob reads no registry
    @Option(names = "--allow-insecure-registry", hidden = true)
    boolean allowInsecureRegistry;

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
        TrustedRoot root = keyless.root();
        byte[] digest = sha256(artifact);
        PrintWriter err = spec.commandLine().getErr();
        SigstoreVerifier.Verified verified;
        try {
            BundleDocument document = BundleDocument.parse(read(bundle, "--bundle", MAX_BUNDLE), subject);
            verified = SigstoreVerifier.verifyBundle(document, Optional.of(digest), root, expected,
                    new SigstoreVerifier.Requirements(!keyless.ignoreTlog, !keyless.ignoreSct), Instant.now(), subject);
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
        if (keyRef != null) {
            if (keyless.any()) {
                throw usage("--key verifies a key signature; drop the --certificate-* flags");
            }
            VerificationKey key = new KeyRefs(terminal, kubernetes).verificationKey(keyRef);
            return new SigstoreVerifier.Expectation.Key(key);
        }
        return new SigstoreVerifier.Expectation.Identities(keyless.trust().identities());
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
        try (InputStream in = Files.newInputStream(file)) {
            return java.util.HexFormat.of().parseHex(Digests.sha256(in).hex());
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("read artifact", file.toString(), "no such file");
        } catch (IOException e) {
            throw new InvalidInputException("read artifact", file.toString(), "cannot read the file (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
