package dev.signet.cli;

import dev.signet.reference.ImageReference;
import dev.signet.registry.ArtifactNotFoundException;
import dev.signet.signature.PredicateTypes;
import dev.signet.signature.SignatureLayout;
import dev.signet.verification.AttestationCheck;
import dev.signet.verification.AttestationResult;
import dev.signet.verification.AttestationVerifier;
import dev.signet.verification.KeylessTrust;
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
 * {@code verify-attestation}: exit 0 when an attestation of the type on IMAGE's digest verifies with the key, or keyless
 * with the certificate identity and issuer asked for ({@link KeylessFlags}: chain at the signing time, SCT, Rekor entry
 * over the envelope, identity), in either layout, printing
 * each verified DSSE envelope on its own line as cosign does (the stored JSON of a {@code .att} layer, the bundle's
 * envelope as cosign re-encodes it); 10 none found, 11 image not found, 12 none verified with the key, 1 none of
 * the type; 2 without a key or identity, or with both, as {@code verify}.
 */
@Command(name = "verify-attestation", mixinStandardHelpOptions = true, versionProvider = SignetCommand.Version.class, description = "Verify an image's in-toto attestations against a public key or a keyless identity.")
final class VerifyAttestationCommand implements Callable<Integer> {
    private final Terminal terminal;
    private final Kubernetes kubernetes;

    @Spec
    CommandSpec spec;

    @Mixin
    RegistryFlags registry;

    @Mixin
    KeylessFlags keyless;

    @Option(names = "--key", paramLabel = "KEYREF", description = "Public key (or private key) file, env://VAR or k8s://NS/NAME; or verify keyless with --certificate-identity.")
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
        if ((keyRef == null) == !keyless.any()) {
            throw new InvalidInputException("parse options", "--key", keyRef == null
                    ? "give --key KEYREF, or --certificate-identity[-regexp] with --certificate-oidc-issuer[-regexp] for keyless attestations"
                    : "--key and the --certificate-* flags exclude each other");
        }
        String predicateType = PredicateTypes.resolve(type);
        ImageReference reference = ImageReference.parse(image);
        AttestationVerifier.Trust trust = keyRef != null ? AttestationVerifier.Trust.keys(List.of(new KeyRefs(terminal, kubernetes).verificationKey(keyRef)))
                : AttestationVerifier.Trust.keyless(List.of(keyless.trust()));
        AttestationResult result;
        try {
            result = new AttestationVerifier(registry.client(terminal, reference.registry())).verify(reference, trust, predicateType);
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
                if (keyRef != null) {
                    err.println("  - The DSSE signature was verified over its exact payload with the specified public key");
                } else {
                    KeylessTrust asked = trust.keyless().get(0);
                    err.println("  - The DSSE signature was verified over its exact payload with the certificate's key");
                    err.println("  - The certificate chains to a Fulcio CA of " + asked.root().name() + " valid at the signing time"
                            + (asked.requireSct() ? ", with an SCT from a trusted CT log" : ""));
                    err.println(asked.requireTlog() ? "  - The transparency-log entry (SET or inclusion proof) matches the envelope and certificate"
                            : "  - The transparency log was NOT checked (--insecure-ignore-tlog)");
                    err.println("  - The certificate names " + asked.identities().get(0).describe());
                    result.verified().forEach(check -> err.println("    " + check.location() + ": " + check.detail()));
                }
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
