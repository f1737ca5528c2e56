package dev.signet.cli;

import dev.signet.Reason;
import dev.signet.keys.CosignEncryptedKey;
import dev.signet.keys.KeyException;
import dev.signet.keys.SigningKey;
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
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code generate-key-pair}: writes {@code cosign.key} (ECDSA P-256, encrypted in cosign's layout) and
 * {@code cosign.pub}, as {@code cosign generate-key-pair} does. Existing files are never overwritten.
 */
@Command(name = "generate-key-pair", description = "Generate an ECDSA P-256 key pair in cosign's format (cosign.key, cosign.pub).")
final class GenerateKeyPairCommand implements Callable<Integer> {
    static final String PRIVATE_FILE = "cosign.key";
    static final String PUBLIC_FILE = "cosign.pub";

    private final Terminal terminal;

    @Spec
    CommandSpec spec;

    @Option(names = "--output-dir", description = "Directory to write cosign.key and cosign.pub to (default: current directory).")
    Path outputDir = Path.of(".");

    GenerateKeyPairCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
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
}
