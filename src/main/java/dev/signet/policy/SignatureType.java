package dev.signet.policy;

import dev.signet.signature.SignatureLayout;
import java.util.EnumSet;
import java.util.Set;

/** Where a rule looks for signatures: cosign's {@code .sig} tag, Sigstore bundles as referrers, or either. */
public enum SignatureType {
    COSIGN(EnumSet.of(SignatureLayout.LEGACY)),
    SIGSTORE_BUNDLE(EnumSet.of(SignatureLayout.BUNDLE)),
    ANY(EnumSet.allOf(SignatureLayout.class));

    private final Set<SignatureLayout> layouts;

    SignatureType(Set<SignatureLayout> layouts) {
        this.layouts = layouts;
    }

    public Set<SignatureLayout> layouts() {
        return EnumSet.copyOf(layouts);
    }

    boolean accepts(SignatureLayout layout) {
        return layouts.contains(layout);
    }
}
