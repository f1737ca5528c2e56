package dev.signet.cli;

import dev.signet.reference.ImageReference;
import dev.signet.signature.SignatureLayout;
import dev.signet.signing.AttestationRequest;
import dev.signet.signing.AttestationSigner;
import dev.signet.signing.SigningResult;
import dev.signet.signing.StoredSignature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code attest}: signs an in-toto statement of the predicate about IMAGE's digest and stores it, as cosign attest --key. */
@Command(name = "attest", mixinStandardHelpOptions = true, versionProvider = SignetCommand.Version.class, description = "Attest an image's digest with a predicate and store the attestation in its registry.")
final class AttestCommand implements Callable<Integer> {
    private static final long MAX_PREDICATE = 16L * 1024 * 1024;
    private final Terminal terminal;
    private final Kubernetes kubernetes;

    @Spec
    CommandSpec spec;

    @Mixin
    RegistryFlags registry;

    @Option(names = "--key", required = true, paramLabel = "KEYREF", description = "Private key: a file path, env://VAR or k8s://NS/NAME.")
    String keyRef;

    @Option(names = "--predicate", required = true, paramLabel = "FILE", description = "The predicate file.")
    Path predicate;

    @Option(names = "--type", paramLabel = "TYPE", description = "slsaprovenance|slsaprovenance02|slsaprovenance1|link|spdx|spdxjson|cyclonedx|vuln|openvex|custom or a URI (default: custom).")
    String type = "custom";

    @Option(names = "--bundle", description = "Store a Sigstore bundle v0.3 as an OCI referrer instead of a layer of the .att image.")
    boolean bundle;

    @Option(names = "--replace", description = "Replace the .att image's attestations of the same predicate type.")
    boolean replace;

    @Option(names = "--tlog-upload", arity = "1", paramLabel = "true|false", description = "Signet uploads to no transparency log; only false is accepted.")
    boolean tlogUpload;

    @Option(names = {"-y", "--yes"}, description = "Accepted for cosign compatibility; Signet asks nothing.")
    boolean yes;

    @Parameters(paramLabel = "IMAGE", description = "The image to attest.")
    String image;

    AttestCommand(Terminal terminal, Kubernetes kubernetes) {
        this.terminal = terminal;
        this.kubernetes = kubernetes;
    }

    @Override
    public Integer call() {
        if (tlogUpload) {
            throw new InvalidInputException("parse option", "--tlog-upload", "Signet does not upload to a transparency log; pass --tlog-upload=false");
        }
        ImageReference reference = ImageReference.parse(image);
        byte[] bytes = read(predicate);
        AttestationRequest request = new AttestationRequest(reference, new KeyRefs(terminal, kubernetes).signingKey(keyRef), type, bytes,
                bundle ? SignatureLayout.BUNDLE : SignatureLayout.LEGACY, replace);
        request.predicateType();
        SigningResult result = new AttestationSigner(registry.client(terminal, reference.registry()), Clock.systemUTC()).attest(request);
        for (StoredSignature stored : result.signatures()) {
            spec.commandLine().getErr().println((stored.created() ? "Pushed attestation to: " : "Attestation already present at: ") + stored.location());
        }
        return ExitCodes.OK;
    }

    private static byte[] read(Path file) {
        try {
            if (Files.size(file) > MAX_PREDICATE) {
                throw new InvalidInputException("read predicate", file.toString(), "file is larger than 16 MiB");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidInputException("read predicate", file.toString(), "cannot read the file (" + e.getClass().getSimpleName() + ")");
        }
    }
}
