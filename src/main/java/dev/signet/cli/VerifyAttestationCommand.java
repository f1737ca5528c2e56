package dev.signet.cli;

import dev.signet.reference.ImageReference;
import dev.signet.registry.ArtifactNotFoundException;
import dev.signet.signature.PredicateTypes;
import dev.signet.signature.SignatureLayout;
import dev.signet.verification.AttestationCheck;
import dev.signet.verification.AttestationResult;
import dev.signet.verification.AttestationVerifier;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code verify-attestation}: exit 0 when an attestation of the type on IMAGE's digest verifies with the key, printing
 * each verified DSSE envelope on its own line as cosign does (the stored JSON of a {@code .att} layer, the bundle's
 * envelope as cosign re-encodes it); 10 none found, 11 image not found, 12 none verified with the key, 1 none of
 * the type.
 */
@Command(name = "verify-attestation", mixinStandardHelpOptions = true, versionProvider = SignetCommand.Version.class, description = "Verify an image's in-toto attestations against a public key.")
final class VerifyAttestationCommand implements Callable<Integer> {
    private final Terminal terminal;
    private final Kubernetes kubernetes;

    @Spec
    CommandSpec spec;

    @Mixin
    RegistryFlags registry;

    @Option(names = "--key", required = true, paramLabel = "KEYREF", description = "Public key (or private key) file, env://VAR or k8s://NS/NAME.")
    String keyRef;

    @Option(names = "--type", paramLabel = "TYPE", description = "Predicate type: a cosign name or a URI (default: custom).")
    String type = "custom";

    @Option(names = {"-o", "--output"}, paramLabel = "json|text", description = "json (default): the verified envelopes; text: one line per check.")
    String output = "json";

    @Parameters(paramLabel = "IMAGE", description = "The image to verify.")
    String image;

    VerifyAttestationCommand(Terminal terminal, Kubernetes kubernetes) {
        this.terminal = terminal;
        this.kubernetes = kubernetes;
    }

    @Override
    public Integer call() {
        if (!output.equals("json") && !output.equals("text")) {
            throw new InvalidInputException("parse option", "--output", "\"" + output + "\" is neither json nor text");
        }
        String predicateType = PredicateTypes.resolve(type);
        ImageReference reference = ImageReference.parse(image);
        AttestationResult result;
        try {
            result = new AttestationVerifier(registry.client(terminal, reference.registry()))
                    .verify(reference, List.of(new KeyRefs(terminal, kubernetes).verificationKey(keyRef)), predicateType);
        } catch (ArtifactNotFoundException e) {
            spec.commandLine().getErr().println("Error: " + e.getMessage());
            return ExitCodes.IMAGE_NOT_FOUND;
        }
        PrintWriter err = spec.commandLine().getErr();
        switch (result.outcome()) {
            case NO_ATTESTATIONS -> {
                err.println("Error: verify attestations of " + result.summary());
                return ExitCodes.NO_SIGNATURES;
            }
            case NO_MATCHING_ATTESTATION -> {
                err.println("Error: verify attestations of " + result.summary());
                return ExitCodes.NO_MATCHING_SIGNATURE;
            }
            case NO_MATCHING_PREDICATE_TYPE -> {
                err.println("Error: verify attestations of " + result.summary());
                return ExitCodes.VERIFICATION_FAILED;
            }
            default -> {
                err.println("Verification for " + reference + " --");
                err.println("The following checks were performed on each of these attestations:");
                err.println("  - The DSSE signature was verified over its exact payload with the specified public key");
                err.println("  - The in-toto statement names the image digest " + result.digest() + " and has predicate type " + predicateType);
                PrintWriter out = spec.commandLine().getOut();
                for (AttestationCheck check : result.verified()) {
                    out.println(output.equals("text") ? check.layout().name().toLowerCase(Locale.ROOT) + " " + check.location() + " " + check.detail()
                            : line(check));
                }
                out.flush();
                return ExitCodes.OK;
            }
        }
    }

    private static String line(AttestationCheck check) {
        var envelope = check.envelope().orElseThrow();
        return check.layout() == SignatureLayout.LEGACY ? new String(envelope.bytes(), StandardCharsets.UTF_8).strip() : envelope.toJsonLine();
    }
}
