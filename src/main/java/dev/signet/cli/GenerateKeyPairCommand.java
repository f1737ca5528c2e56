package dev.signet.cli;

import dev.signet.Reason;
import dev.signet.keys.CosignEncryptedKey;
import dev.signet.keys.KeyException;
import dev.signet.keys.SigningKey;
import dev.signet.keys.VerificationKey;
import dev.signet.kube.SecretKeyWriter;
import dev.signet.kube.SecretKeys;
import dev.signet.kube.SecretRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code generate-key-pair}: writes {@code cosign.key} (ECDSA P-256, encrypted in cosign's layout) and
 * {@code cosign.pub}, as {@code cosign generate-key-pair} does. Existing files are never overwritten.
 */
@Command(name = "generate-key-pair", mixinStandardHelpOptions = true, versionProvider = SignetCommand.Version.class, description = {"Generate an ECDSA P-256 key pair in cosign's format (cosign.key, cosign.pub),",
        "or, given k8s://NAMESPACE/NAME, an immutable Secret with cosign.key, cosign.pub and cosign.password,",
        "and beside it Secret NAME-pub with cosign.pub alone, for verifiers."})
final class GenerateKeyPairCommand implements Callable<Integer> {
    static final String PRIVATE_FILE = "cosign.key";
    static final String PUBLIC_FILE = "cosign.pub";

    private final Terminal terminal;
    private final Kubernetes kubernetes;

    @Spec
    CommandSpec spec;

    @Option(names = "--output-dir", description = "Directory to write cosign.key and cosign.pub to (default: current directory).")
    Path outputDir = Path.of(".");

    @picocli.CommandLine.Parameters(arity = "0..1", paramLabel = "k8s://NAMESPACE/NAME",
            description = "Create the key pair as a Kubernetes Secret (current kubeconfig), as cosign does.")
    String secretRef;

    GenerateKeyPairCommand(Terminal terminal, Kubernetes kubernetes) {
        this.terminal = terminal;
        this.kubernetes = kubernetes;
    }

    @Override
    public Integer call() {
        if (secretRef != null) {
            return generateSecret();
        }
        Path privatePath = outputDir.resolve(PRIVATE_FILE);
        Path publicPath = outputDir.resolve(PUBLIC_FILE);
        for (Path path : new Path[] {privatePath, publicPath}) {
            if (Files.exists(path)) {
                throw new KeyException(Reason.KEY_MALFORMED, "write key", path.toString(), "file already exists",
                        "remove it or choose another --output-dir", null);
            }
        }
        char[] password = Passwords.forNewKey(terminal, privatePath.toString());
        SigningKey key = SigningKey.generate(privatePath.toString());
        String encrypted;
        try {
            encrypted = CosignEncryptedKey.encrypt(key, password);
        } finally {
            Arrays.fill(password, '\0');
        }
        write(privatePath, encrypted, true);
        write(publicPath, key.verificationKey().toPem(), false);
        spec.commandLine().getErr().println("Private key written to " + privatePath);
        spec.commandLine().getErr().println("Public key written to " + publicPath);
        return ExitCodes.OK;
    }

    private static void write(Path path, String content, boolean secret) {
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
            Files.writeString(path, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            if (secret && path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                // cosign writes cosign.key with mode 0600: encrypted, but still nobody else's business
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (FileAlreadyExistsException e) {
            throw new KeyException(Reason.KEY_MALFORMED, "write key", path.toString(), "file already exists", "remove it or choose another --output-dir", null);
        } catch (IOException e) {
            throw new KeyException(Reason.KEY_NOT_FOUND, "write key", path.toString(), "cannot write the file (" + e.getClass().getSimpleName() + ")", null, null);
        }
    }

    /**
     * cosign's {@code generate-key-pair k8s://NS/NAME}: the Secret holds the encrypted key, the public key and the
     * password; the public key is also written to {@code cosign.pub} here, as cosign does.
     */
    private Integer generateSecret() {
        if (!secretRef.startsWith(SecretKeys.KEY_REF_PREFIX)) {
            throw new InvalidInputException("parse key reference", secretRef, "expected k8s://NAMESPACE/NAME");
        }
        char[] password = Passwords.forNewKey(terminal, secretRef);
        VerificationKey key;
        try {
            key = new SecretKeyWriter(kubernetes.client()).generate(secretRef, password);
        } finally {
            Arrays.fill(password, '\0');
        }
        Path publicPath = outputDir.resolve(PUBLIC_FILE);
        if (!Files.exists(publicPath)) {
            write(publicPath, key.toPem(), false);
            spec.commandLine().getErr().println("Public key written to " + publicPath);
        }
        SecretRef pair = SecretRef.fromKeyRef(secretRef);
        spec.commandLine().getErr().println("Successfully created secret " + pair);
        // verifiers (policies, the admission adapter) are given this one, never the key pair
        SecretKeyWriter.publicKeySecret(pair).ifPresent(publicKey ->
                spec.commandLine().getErr().println("Public key alone in secret " + publicKey + ": name it in policies (" + publicKey.keyRef() + ")"));
        return ExitCodes.OK;
    }
}
