package dev.signet.policy;

import dev.signet.sigstore.TrustedRoot;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Passes when a signature on the digest verifies with the key, names the digest, and carries the entry's required
 * payload annotations (Kyverno's {@code entries[].annotations}).
 *
 * @param tlog when present, the signature must also carry a Rekor transparency-log entry (a SET or an inclusion proof)
 *     that verifies under this root's log keys: the entry's {@code rekor} block asks for one (without
 *     {@code ignoreTlog: true}), and its {@code rekor.pubkey}, if any, is the root's only log key. Empty: the key alone
 *     is enough, because the entry says so ({@code ignoreTlog: true}, or a Signet kind without a {@code rekor} block)
 *     or because Signet relaxes Kyverno's default for an entry without one, which the compiler reports at load
 *     ({@link KeylessCompiler#evidence}).
 * @param timestamps when present, the signature must also carry an RFC 3161 timestamp over it that verifies under this
 *     root's timestamp authorities (policy-controller's {@code rfc3161timestamp.trustRootRef} on a key authority)
 */
public record KeyAttestor(String path, KeySource source, Map<String, String> annotations, Optional<TrustedRoot> tlog,
        Optional<TrustedRootSource> timestamps) implements Attestor {

    public KeyAttestor {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(source, "source");
        annotations = Map.copyOf(annotations);
        Objects.requireNonNull(tlog, "tlog");
        Objects.requireNonNull(timestamps, "timestamps");
    }

    /** An entry that may ask for a log entry, and for no timestamp. */
    public KeyAttestor(String path, KeySource source, Map<String, String> annotations, Optional<TrustedRoot> tlog) {
        this(path, source, annotations, tlog, Optional.empty());
    }

    /** An entry whose key alone is enough. */
    public KeyAttestor(String path, KeySource source, Map<String, String> annotations) {
        this(path, source, annotations, Optional.empty());
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.key(this);
    }
}
