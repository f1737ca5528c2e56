package dev.signet.cli;

import dev.signet.keys.SigningKey;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.signature.SignatureLayout;
import dev.signet.signing.ImageSigner;
import dev.signet.signing.SigningRequest;
import dev.signet.signing.SigningResult;
import dev.signet.signing.StoredSignature;
import java.time.Clock;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sign}: resolves IMAGE to its digest, signs it, stores the signature; idempotent, like cosign sign --key. */
@Command(name = "sign", mixinStandardHelpOptions = true, versionProvider = SignetCommand.Version.class, description = "Sign an image's digest and store the signature in its registry.")
final class SignCommand implements Callable<Integer> {
    private final Terminal terminal;
    private final Kubernetes kubernetes;

    @Spec
    CommandSpec spec;

    @Mixin
    RegistryFlags registry;

    @Option(names = "--key", required = true, paramLabel = "KEYREF", description = "Private key: a file path or env://VAR.")
    String keyRef;

    @Option(names = "--bundle", description = "Store a Sigstore bundle v0.3 as an OCI referrer (cosign v3 layout) instead of the .sig tag.")
    boolean bundle;

    @Option(names = {"-a", "--annotation"}, paramLabel = "KEY=VALUE", description = "Annotation for the signed payload (repeatable).")
    Map<String, String> annotations = new LinkedHashMap<>();

    @Option(names = {"-r", "--recursive"}, description = "For a multi-arch index, also sign each platform manifest.")
    boolean recursive;

    @Parameters(paramLabel = "IMAGE", description = "The image to sign: host/repo:tag or host/repo@sha256:...")
    String image;

    SignCommand(Terminal terminal, Kubernetes kubernetes) {
        this.terminal = terminal;
        this.kubernetes = kubernetes;
    }

    @Override
    public Integer call() {
        ImageReference reference = ImageReference.parse(image);
        Optional<Repository> alternate = registry.signatureRepository(terminal);
        SigningKey key = new KeyRefs(terminal, kubernetes).signingKey(keyRef);
        SigningRequest request = SigningRequest.of(reference, key)
                .withAnnotations(annotations)
                .withRecursive(recursive)
                .withLayouts(EnumSet.of(bundle ? SignatureLayout.BUNDLE : SignatureLayout.LEGACY));
        if (alternate.isPresent()) {
            request = request.withSignatureRepository(alternate.get());
        }
        SigningResult result = new ImageSigner(registry.client(terminal, reference.registry()), Clock.systemUTC()).sign(request);
        for (StoredSignature stored : result.signatures()) {
            spec.commandLine().getErr().println((stored.created() ? "Pushed signature to: " : "Signature already present at: ") + stored.location());
        }
        return ExitCodes.OK;
    }
}
