package dev.signet.policy;

import java.util.Objects;

/**
 * An entry decided by the policy itself, not by evidence: policy-controller's {@code static: {action: pass|fail}}
 * authority. {@code pass} admits the image without looking at signatures; {@code fail} refuses it, with the policy's
 * {@code message} when it has one.
 *
 * @param message what the denial says ({@code static.message}), or empty
 */
public record StaticAttestor(String path, boolean pass, String message) implements Attestor {

    public StaticAttestor {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.fixed(this);
    }
}
