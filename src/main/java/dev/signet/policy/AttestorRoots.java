package dev.signet.policy;

import dev.signet.sigstore.TrustedRoot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The trusted roots the keyless attestors of a batch of rules name, each source resolved once per decision (as
 * {@link AttestorKeys} resolves keys): a root built at compile time is had as it is, a named one is looked up through
 * the {@link TrustedRoots} port; one that cannot be had makes its entries {@code error}.
 */
final class AttestorRoots {
    private final TrustedRoots roots;
    private final Map<TrustedRootSource, ResolvedRoot> resolved = new LinkedHashMap<>();

    /** A root source resolved for one decision: the root, or why it could not be had. */
    record ResolvedRoot(Optional<TrustedRoot> root, String problem) {
        ResolvedRoot {
            Objects.requireNonNull(root, "root");
            Objects.requireNonNull(problem, "problem");
        }
    }

    AttestorRoots(TrustedRoots roots) {
        this.roots = Objects.requireNonNull(roots, "roots");
    }

    /**
     * Resolves the root of every keyless entry of the sets, and the timestamp authorities' root of every key entry that
     * names one; returns the keyless entries (none: no keyless evidence to check).
     */
    List<KeylessAttestor> of(List<AttestorSet> sets) {
        List<KeylessAttestor> keyless = sets.stream().flatMap(AttestorSet::leaves).filter(KeylessAttestor.class::isInstance)
                .map(KeylessAttestor.class::cast).toList();
        keyless.forEach(attestor -> resolved.computeIfAbsent(attestor.root(), this::resolve));
        sets.stream().flatMap(AttestorSet::leaves).filter(KeyAttestor.class::isInstance).map(KeyAttestor.class::cast)
                .flatMap(attestor -> attestor.timestamps().stream()).forEach(source -> resolved.computeIfAbsent(source, this::resolve));
        return keyless;
    }

    /** Every source resolved so far, for the judge. */
    Map<TrustedRootSource, ResolvedRoot> resolved() {
        return Map.copyOf(resolved);
    }

    private ResolvedRoot resolve(TrustedRootSource source) {
        if (source instanceof TrustedRootSource.Inline inline) {
            return new ResolvedRoot(Optional.of(inline.root()), "");
        }
        String ref = ((TrustedRootSource.Reference) source).ref();
        try {
            Optional<TrustedRoot> found = roots.find(ref);
            return new ResolvedRoot(found, found.isPresent() ? "" : "trusted root " + ref + " is not known");
        } catch (RuntimeException e) {
            return new ResolvedRoot(Optional.empty(), "trusted root " + ref + " could not be read: " + e.getMessage());
        }
    }
}
