package dev.signet.cli;

import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.registry.RegistryClient;
import dev.signet.signature.BundleFormat;
import dev.signet.signature.SignatureTags;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code triangulate}: prints where an image's signatures live: the {@code .sig} tag (default, as cosign prints it)
 * or, with {@code --type bundle}, each bundle referrer manifest.
 */
@Command(name = "triangulate", mixinStandardHelpOptions = true, versionProvider = SignetCommand.Version.class, description = "Print where an image's signatures are stored.")
final class TriangulateCommand implements Callable<Integer> {
    private final Terminal terminal;

    @Spec
    CommandSpec spec;

    @Mixin
    RegistryFlags registry;

    @Option(names = "--type", paramLabel = "signature|bundle", description = "Which layout to locate (default: signature).")
    String type = "signature";

    @Parameters(paramLabel = "IMAGE", description = "The image.")
    String image;

    TriangulateCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        if (!type.equals("signature") && !type.equals("bundle")) {
            throw new InvalidInputException("parse option", "--type", "\"" + type + "\" is neither signature nor bundle");
        }
        ImageReference reference = ImageReference.parse(image);
        RegistryClient client = registry.client(terminal, reference.registry());
        Digest digest = client.resolve(reference);
        PrintWriter out = spec.commandLine().getOut();
        if (type.equals("signature")) {
            out.println(reference.context() + ":" + SignatureTags.signature(digest));
        } else {
            client.referrers(reference.context(), digest, BundleFormat.BUNDLE_V03).manifests()
                    .forEach(referrer -> out.println(reference.context() + "@" + referrer.digest()));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
