package dev.signet.policy;

import java.util.List;
import java.util.Objects;

/**
 * An entry that passes when every one of its attestation requirements does: policy-controller's authority with
 * {@code attestations}, which is checked on the image's attestations only (its signatures are not read for it:
 * {@code ValidatePolicy} takes the attestation path instead of the signature path), and which an OR of authorities
 * can hold beside signature authorities. Each requirement carries the authority's own evidence as its one attestor.
 */
public record AttestationsAttestor(String path, List<AttestationRule> attestations) implements Attestor {

    public AttestationsAttestor {
        Objects.requireNonNull(path, "path");
        attestations = List.copyOf(attestations);
        if (attestations.isEmpty()) {
            throw new IllegalArgumentException("an attestations entry names at least one attestation");
        }
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.attestations(this);
    }
}
