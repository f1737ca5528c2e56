package dev.signet.cli;

import dev.signet.Reason;
import dev.signet.keys.CosignEncryptedKey;
import dev.signet.keys.KeyException;
import dev.signet.keys.KeyRef;
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
        if (KeyRef.parse(keyRef) instanceof KeyRef.Secret) {
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
        if (KeyRef.parse(keyRef) instanceof KeyRef.Secret) {
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
        KeyRef ref = KeyRef.parse(keyRef);
        if (ref instanceof KeyRef.Env env) {
            return terminal.env(env.variable()).orElseThrow(() -> new KeyException(Reason.KEY_NOT_FOUND,
                    "read key", keyRef, "environment variable " + env.variable() + " is not set", null, null));
        }
        if (ref instanceof KeyRef.Uri uri) {
            throw new KeyException(Reason.KEY_UNSUPPORTED, "read key", keyRef, "keys in " + uri.scheme() + ":// are not supported",
                    "use a key file, env://VAR or k8s://NAMESPACE/NAME", null);
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
