package dev.signet.policy;

import java.util.Objects;

/**
 * Evidence Signet cannot check (a certificate with its chain, KMS keys, other key URIs and algorithms): compiled so the rest of the policy works, and
 * evaluated as {@code error}, so an enforcing policy fails closed instead of passing what it did not check.
 *
 * @param what why, as the denial says it
 */
public record UnsupportedAttestor(String path, String what) implements Attestor {

    public UnsupportedAttestor {
        Objects.requireNonNull(path, "path");
        if (what == null || what.isBlank()) {
            throw new IllegalArgumentException("an unsupported attestor says what is not supported");
        }
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.unsupported(this);
    }
}
