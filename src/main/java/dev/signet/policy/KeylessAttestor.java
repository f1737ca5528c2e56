package dev.signet.policy;

import dev.signet.sigstore.IdentityMatcher;
import dev.signet.sigstore.TrustedRoot;
import dev.signet.verification.KeylessTrust;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Passes when a signature on the digest carries a certificate from the trusted root's CAs naming one of the
 * identities, with the log proof asked for, and the entry's required payload annotations (Kyverno's
 * {@code entries[].keyless}, a {@code certificates} entry with only {@code certChain}, Signet's {@code keyless}).
 * At evaluation it becomes a {@link KeylessTrust} for the keyless verifier, once its root is resolved.
 *
 * @param identities any one matching is enough
 * @param requireTlog a verified Rekor entry is required (Kyverno: unless {@code rekor.ignoreTlog: true})
 * @param requireSct an embedded SCT is required (Kyverno: unless {@code ctlog.ignoreSCT: true})
 */
public record KeylessAttestor(String path, TrustedRootSource root, List<IdentityMatcher> identities, boolean requireTlog, boolean requireSct,
        Map<String, String> annotations) implements Attestor {

    public KeylessAttestor {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(root, "root");
        identities = List.copyOf(identities);
        if (identities.isEmpty()) {
            throw new IllegalArgumentException("a keyless attestor names at least one identity");
        }
        annotations = Map.copyOf(annotations);
    }

    /** What the keyless verifier is given for this entry, once its root is had; named by the entry's path. */
    public KeylessTrust trust(TrustedRoot resolved) {
        return new KeylessTrust(path, resolved, identities, requireTlog, requireSct);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.keyless(this);
    }
}
