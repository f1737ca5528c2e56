package dev.signet.cli;

import dev.signet.Reason;
import dev.signet.keys.CosignEncryptedKey;
import dev.signet.keys.KeyException;
import dev.signet.keys.PemBlock;
import dev.signet.keys.PemKeys;
import dev.signet.keys.SigningKey;
import dev.signet.keys.VerificationKey;
import dev.signet.kube.SecretKeyProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Resolves cosign's KEYREF forms for the command line: a file path, {@code env://VAR} whose value is the PEM text,
 * or {@code k8s://NAMESPACE/NAME}, a Secret in the cosign layout read with the current kubeconfig.
 */
final class KeyRefs {
    private static final String ENV_PREFIX = "env://";
    private static final String K8S_PREFIX = "k8s://";
    // refuses to slurp a multi-gigabyte file named by mistake
    private static final long MAX_KEY_FILE = 1024 * 1024;

    private final Terminal terminal;
    private final Kubernetes kubernetes;

    KeyRefs(Terminal terminal, Kubernetes kubernetes) {
        this.terminal = terminal;
        this.kubernetes = kubernetes;
    }

    /**
     * Loads a private key, decrypting it with the password from COSIGN_PASSWORD or a prompt when encrypted; a
     * Secret's key opens with the Secret's own {@code cosign.password}.
     */
    SigningKey signingKey(String keyRef) {
        if (keyRef.startsWith(K8S_PREFIX)) {
            try (SecretKeyProvider secrets = new SecretKeyProvider(kubernetes.client())) {
                return secrets.signingKey(keyRef);
            }
        }
        String text = read(keyRef);
        PemBlock block = PemKeys.decodeOne(text, keyRef);
        if (!CosignEncryptedKey.isEncryptedType(block.type())) {
            return PemKeys.parsePrivateKey(text, keyRef);
        }
        char[] password = Passwords.forExistingKey(terminal, keyRef);
        try {
            return CosignEncryptedKey.decrypt(text, password, keyRef);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** Loads a public key; a private key reference yields its public half, as cosign allows. */
    VerificationKey verificationKey(String keyRef) {
        if (keyRef.startsWith(K8S_PREFIX)) {
            try (SecretKeyProvider secrets = new SecretKeyProvider(kubernetes.client())) {
                return secrets.verificationKey(keyRef);
            }
        }
        String text = read(keyRef);
        PemBlock block = PemKeys.decodeOne(text, keyRef);
        if (block.type().endsWith("PRIVATE KEY")) {
            return signingKey(keyRef).verificationKey();
        }
        return PemKeys.parsePublicKey(text, keyRef);
    }

    private String read(String keyRef) {
        if (keyRef.startsWith(ENV_PREFIX)) {
            String variable = keyRef.substring(ENV_PREFIX.length());
            return terminal.env(variable).orElseThrow(() -> new KeyException(Reason.KEY_NOT_FOUND,
                    "read key", keyRef, "environment variable " + variable + " is not set", null, null));
        }
        Path path = Path.of(keyRef);
        try {
            if (Files.size(path) > MAX_KEY_FILE) {
                throw new KeyException(Reason.KEY_MALFORMED, "read key", keyRef, "file is larger than 1 MiB, not a key");
            }
            return Files.readString(path);
        } catch (NoSuchFileException e) {
            throw new KeyException(Reason.KEY_NOT_FOUND, "read key", keyRef, "no such file", null, null);
        } catch (IOException e) {
            throw new KeyException(Reason.KEY_NOT_FOUND, "read key", keyRef, "cannot read the file (" + e.getClass().getSimpleName() + ")", null, null);
        }
    }
}
