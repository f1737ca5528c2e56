package dev.signet.cli;

import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.registry.ArtifactNotFoundException;
import dev.signet.verification.ImageVerifier;
import dev.signet.verification.VerificationRequest;
import dev.signet.verification.VerificationResult;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code verify}: exit 0 when at least one signature on IMAGE's digest verifies with the key, or keyless with the
 * certificate identity and issuer asked for ({@link KeylessFlags}), in either layout, printing the verified claims as a
 * JSON array on stdout as cosign does; cosign's exit codes otherwise (12 when no signature matched the key or identity).
 */
@Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = SignetCommand.Version.class, description = "Verify an image's signatures against a public key or a keyless identity.")
final class VerifyCommand implements Callable<Integer> {
    private final Terminal terminal;
    private final Kubernetes kubernetes;

    @Spec
    CommandSpec spec;

    @Mixin
    RegistryFlags registry;

    @Mixin
    KeylessFlags keyless;

    @Option(names = "--key", paramLabel = "KEYREF", description = "Public key (or private key) file, or env://VAR; or verify keyless with --certificate-identity.")
    String keyRef;

    @Option(names = {"-a", "--annotations"}, paramLabel = "KEY=VALUE", description = "Require this annotation in the signed payload (repeatable).")
    Map<String, String> annotations = new LinkedHashMap<>();

    @Option(names = {"-o", "--output"}, paramLabel = "json|text", description = "Output format for verified signatures (default: json).")
    String output = "json";

    @Parameters(paramLabel = "IMAGE", description = "The image to verify.")
    String image;

    VerifyCommand(Terminal terminal, Kubernetes kubernetes) {
        this.terminal = terminal;
        this.kubernetes = kubernetes;
    }

    @Override
    public Integer call() {
        if (!output.equals("json") && !output.equals("text")) {
            throw new InvalidInputException("parse option", "--output", "\"" + output + "\" is neither json nor text");
        }
        if ((keyRef == null) == !keyless.any()) {
            throw new InvalidInputException("parse options", "--key", keyRef == null
                    ? "give --key KEYREF, or --certificate-identity[-regexp] with --certificate-oidc-issuer[-regexp] for keyless signatures"
                    : "--key and the --certificate-* flags exclude each other");
        }
        ImageReference reference = ImageReference.parse(image);
        VerificationRequest request = (keyRef != null
                ? VerificationRequest.of(reference, List.of(new KeyRefs(terminal, kubernetes).verificationKey(keyRef)))
                : VerificationRequest.keyless(reference, keyless.trust())).withRequiredAnnotations(annotations);
        Optional<Repository> alternate = registry.signatureRepository(terminal);
        if (alternate.isPresent()) {
            request = request.withSignatureRepository(alternate.get());
        }
        VerificationResult result;
        try {
            result = new ImageVerifier(registry.client(terminal, reference.registry())).verify(request);
        } catch (ArtifactNotFoundException e) {
            spec.commandLine().getErr().println("Error: " + e.getMessage());
            return ExitCodes.IMAGE_NOT_FOUND;
        }
        PrintWriter err = spec.commandLine().getErr();
        switch (result.outcome()) {
            case NO_SIGNATURES -> {
                err.println("Error: verify " + result.summary());
                return ExitCodes.NO_SIGNATURES;
            }
            case NO_MATCHING_SIGNATURE -> {
                err.println("Error: verify " + result.summary());
                return ExitCodes.NO_MATCHING_SIGNATURE;
            }
            default -> {
                err.println("Verification for " + reference + " --");
                err.println("The following checks were performed on each of these signatures:");
                if (keyRef != null) {
                    err.println("  - The signature was verified over its exact payload bytes with the specified public key");
                } else {
                    err.println("  - The signature was verified over its exact payload bytes with the certificate's key");
                    err.println("  - The certificate chains to a Fulcio CA of " + request.keyless().get(0).root().name()
                            + " valid at the signing time" + (request.keyless().get(0).requireSct() ? ", with an SCT from a trusted CT log" : ""));
                    err.println(request.keyless().get(0).requireTlog()
                            ? "  - The transparency-log entry (SET or inclusion proof) matches the signature, certificate and payload"
                            : "  - The transparency log was NOT checked (--insecure-ignore-tlog)");
                    err.println("  - The certificate names " + request.keyless().get(0).identities().get(0).describe());
                    result.checks().stream().filter(check -> check.verified()).forEach(check -> err.println("    " + check.location() + ": " + check.detail()));
                }
                err.println("  - The payload names the image digest " + result.digest());
                PrintWriter out = spec.commandLine().getOut();
                out.println(output.equals("json") ? VerifiedClaims.json(result) : VerifiedClaims.text(result));
                out.flush();
                return ExitCodes.OK;
            }
        }
    }
}
