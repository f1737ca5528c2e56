package dev.signet.events;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The OIDC token Signet presents to its event sink (the broker): Knative Eventing's sender identity
 * (https://knative.dev/docs/eventing/features/sender-identity/). With {@code authentication-oidc} enabled, a
 * SinkBinding mounts a token for the sink's audience at {@code /oidc/token} in its subject's containers (knative
 * eventing {@code pkg/apis/sources/v1/sinkbinding_lifecycle.go}: volume {@code oidc-token}, Secret key {@code token})
 * and renews it before it expires; the sender sends it as {@code Authorization: Bearer}, and the broker's
 * EventPolicies decide by the identity in it. Without the file (no OIDC, a local run) nothing is sent, as before.
 *
 * <p>The file is read on every send while it changes (a renewed token is a new file), and never logged.
 */
public final class SinkToken {
    private static final Logger LOG = Logger.getLogger(SinkToken.class);
    /** Kubernetes service account tokens are a few KiB; anything longer is not one. */
    private static final int MAX_BYTES = 16 * 1024;

    private final Path file;

    private SinkToken(Path file) {
        this.file = file;
    }

    /** No token: requests carry no Authorization header. */
    public static SinkToken none() {
        return new SinkToken(null);
    }

    /** The token in {@code file}, when that file exists. */
    public static SinkToken file(Path file) {
        return new SinkToken(file);
    }

    /** {@code Bearer <token>} for the Authorization header, or empty without a token. */
    public Optional<String> authorization() {
        if (file == null) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            String token = new String(bytes, StandardCharsets.UTF_8).strip();
            if (bytes.length > MAX_BYTES || token.isEmpty() || token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
                LOG.warnf("read sink token %s: not a token (empty, longer than %d bytes, or not one line of ASCII); sending without it",
                        file, MAX_BYTES);
                return Optional.empty();
            }
            return Optional.of("Bearer " + token);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.warnf("read sink token %s: %s; sending without it", file, e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return file == null ? "SinkToken[none]" : "SinkToken[" + file + "]";
    }
}
