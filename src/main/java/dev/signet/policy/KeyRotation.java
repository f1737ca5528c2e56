package dev.signet.policy;

import dev.signet.keys.KeyException;
import dev.signet.keys.KeyRef;
import java.util.Optional;

/**
 * A stored key changed or went away (a rotated or deleted Secret): every cached outcome of a rule whose attestors name
 * that key is dropped at once, so the next admission verifies with the key as it is now instead of trusting, for the
 * rest of the TTL, a {@code pass} the old key gave (issue 13, item 8). Rules that do not name the key keep theirs.
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
                boolean relies = rule.keyRefs().stream().anyMatch(named -> parse(named).equals(changed));
                if (relies) {
                    cache.invalidateRule(policy.id().uid(), rule.index());
                    dropped++;
                }
            }
        }
        return dropped;
    }

    private static Optional<KeyRef> parse(String keyRef) {
        try {
            return Optional.of(KeyRef.parse(keyRef));
        } catch (KeyException e) {
            return Optional.empty();
        }
    }
}
