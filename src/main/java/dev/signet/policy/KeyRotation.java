package dev.signet.policy;

import dev.signet.keys.KeyException;
import dev.signet.keys.KeyRef;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A stored key changed or went away (a rotated or deleted Secret): every cached outcome of a rule whose attestors name
 * that key is dropped at once, so the next admission verifies with the key as it is now instead of trusting, for the
 * rest of the TTL, a {@code pass} the old key gave (issue 13, item 8). Rules that do not name the key keep theirs.
 * A named trusted root that changes is handled the same way ({@link #rootChanged}).
 */
public final class KeyRotation {

    private KeyRotation() {
    }

    /**
     * @param keyRef the changed key's reference as the key provider names it, e.g. {@code k8s://signet-system/signet-key-pub}
     * @return how many rules' outcomes were dropped
     */
    public static int keyChanged(VerdictCache cache, PolicySet policies, String keyRef) {
        Optional<KeyRef> changed = parse(keyRef);
        if (changed.isEmpty()) {
            return 0;
        }
        int dropped = 0;
        for (CompiledPolicy policy : policies.policies()) {
            for (ImageRule rule : policy.rules()) {
                // a policy that names its keys through the request may have bound this one at admission: its loaded
                // rules do not name it, so every rule of such a policy is dropped (review finding)
                boolean relies = policy.perRequest().isPresent() || rule.keyRefs().stream().anyMatch(named -> parse(named).equals(changed));
                if (relies) {
                    cache.invalidateRule(policy.id().uid(), rule.index());
                    dropped++;
                }
            }
        }
        return dropped;
    }

    /**
     * A named trusted root changed or went away (an edited or deleted ConfigMap): every cached outcome of a rule whose
     * keyless attestors name it is dropped, as for a rotated key, so no verdict outlives the root it was judged under.
     *
     * @param namesChanged whether a rule's {@code trustedRootRef} names the changed root ({@code NAME} and
     *     {@code NAMESPACE/NAME} may name the same one, which only the root source knows)
     * @return how many rules' outcomes were dropped
     */
    public static int rootChanged(VerdictCache cache, PolicySet policies, Predicate<String> namesChanged) {
        int dropped = 0;
        for (CompiledPolicy policy : policies.policies()) {
            for (ImageRule rule : policy.rules()) {
                if (policy.perRequest().isPresent() || rule.trustedRootRefs().stream().anyMatch(namesChanged)) {
                    cache.invalidateRule(policy.id().uid(), rule.index());
                    dropped++;
                }
            }
        }
        return dropped;
    }

    /** Every trusted root reference the policies name, once each: the roots a source should watch before they are asked for. */
    public static Set<String> trustedRootRefs(PolicySet policies) {
        Set<String> refs = new LinkedHashSet<>();
        policies.policies().forEach(policy -> policy.rules().forEach(rule -> refs.addAll(rule.trustedRootRefs())));
        return refs;
    }

    private static Optional<KeyRef> parse(String keyRef) {
        try {
            return Optional.of(KeyRef.parse(keyRef));
        } catch (KeyException e) {
            return Optional.empty();
        }
    }
}
