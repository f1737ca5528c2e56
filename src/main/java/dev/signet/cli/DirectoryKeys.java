package dev.signet.cli;

import dev.signet.Reason;
import dev.signet.keys.KeyException;
import dev.signet.keys.KeyProvider;
import dev.signet.keys.PemKeys;
import dev.signet.keys.SigningKey;
import dev.signet.keys.VerificationKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Public keys for {@code policy test}, offline of Kubernetes: a policy's {@code k8s://NAMESPACE/NAME} is read from
 * {@code DIR/NAMESPACE/NAME/cosign.pub}, else {@code DIR/NAME/cosign.pub} (the Secret layout on disk, as the app's
 * file keys). Without {@code --keys-dir} such a reference cannot be resolved, and the entry is {@code error}.
 */
final class DirectoryKeys implements KeyProvider {
    private static final Pattern SECRET_REF = Pattern.compile("k8s://([a-z0-9][-a-z0-9]{0,62})/([a-z0-9][-.a-z0-9]{0,252})");
    private final Optional<Path> directory;

    DirectoryKeys(Optional<Path> directory) {
        this.directory = directory;
    }

    @Override
    public SigningKey signingKey(String keyRef) {
        throw new KeyException(Reason.KEY_NOT_FOUND, "read key", keyRef, "policy test reads public keys only");
    }

    @Override
    public VerificationKey verificationKey(String keyRef) {
        Matcher ref = SECRET_REF.matcher(keyRef);
        if (!ref.matches()) {
            throw new KeyException(Reason.KEY_NOT_FOUND, "read key", keyRef, "not a k8s://NAMESPACE/NAME reference");
        }
        if (directory.isEmpty()) {
            throw new KeyException(Reason.KEY_NOT_FOUND, "read key", keyRef, "policy test runs offline of Kubernetes",
                    "pass --keys-dir DIR with DIR/" + ref.group(2) + "/cosign.pub", null);
        }
        Path namespaced = directory.get().resolve(ref.group(1)).resolve(ref.group(2)).resolve("cosign.pub");
        Path file = Files.isRegularFile(namespaced) ? namespaced : directory.get().resolve(ref.group(2)).resolve("cosign.pub");
        try {
            return PemKeys.parsePublicKey(Files.readString(file, StandardCharsets.UTF_8), keyRef);
        } catch (IOException e) {
            throw new KeyException(Reason.KEY_NOT_FOUND, "read key", keyRef, "no readable " + file, null, null);
        }
    }
}
