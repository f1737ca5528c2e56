package dev.signet.policy;

import dev.signet.sigstore.TrustedRoot;
import java.util.Optional;

/**
 * The port through which a keyless attestor's named trusted root ({@link TrustedRootSource.Reference}) is found at
 * evaluation, as {@link dev.signet.keys.KeyProvider} finds a key Secret. Implementations keep the roots they serve
 * parsed (a cluster one through an informer); a lookup does no I/O on the admission path.
 */
@FunctionalInterface
public interface TrustedRoots {

    /** The root named {@code ref}, or empty when there is none by that name. */
    Optional<TrustedRoot> find(String ref);

    /** No named roots: every reference is unresolvable, so an entry that names one is {@code error}. */
    static TrustedRoots none() {
        return ref -> Optional.empty();
    }
}
