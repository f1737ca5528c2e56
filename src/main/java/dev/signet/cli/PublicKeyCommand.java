package dev.signet.cli;

import dev.signet.Reason;
import dev.signet.keys.KeyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code public-key}: prints the PEM public key of a private key, as {@code cosign public-key} does. */
@Command(name = "public-key", mixinStandardHelpOptions = true, versionProvider = SignetCommand.Version.class, description = "Print the public key (PEM) of a private key.")
final class PublicKeyCommand implements Callable<Integer> {
    private final Terminal terminal;
    private final Kubernetes kubernetes;

    @Spec
    CommandSpec spec;

    @Option(names = "--key", required = true, paramLabel = "KEYREF", description = "Private key: a file path or env://VAR.")
    String keyRef;

    @Option(names = "--outfile", paramLabel = "FILE", description = "Write the public key to FILE instead of stdout.")
    Path outfile;

    PublicKeyCommand(Terminal terminal, Kubernetes kubernetes) {
        this.terminal = terminal;
        this.kubernetes = kubernetes;
    }

    @Override
    public Integer call() {
        String pem = new KeyRefs(terminal, kubernetes).signingKey(keyRef).verificationKey().toPem();
        if (outfile == null) {
            spec.commandLine().getOut().print(pem);
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
        try {
            Files.writeString(outfile, pem);
        } catch (IOException e) {
            throw new KeyException(Reason.KEY_NOT_FOUND, "write public key", outfile.toString(),
                    "cannot write the file (" + e.getClass().getSimpleName() + ")", null, null);
        }
        spec.commandLine().getErr().println("Public key written to " + outfile);
        return ExitCodes.OK;
    }
}
