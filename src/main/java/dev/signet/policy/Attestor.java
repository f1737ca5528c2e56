package dev.signet.policy;

/**
 * One entry of an attestor set: a closed set of kinds of evidence (STYLE.md §9). Java 17 has no exhaustive switch
 * over a sealed type, so code that handles every kind implements {@link Visitor}: a new kind cannot compile until
 * the judge, the compiler and every other visitor know it.
 */
public sealed interface Attestor permits KeyAttestor, KeylessAttestor, NestedAttestor, UnsupportedAttestor, StaticAttestor, AttestationsAttestor {

    /** Where the entry is in the policy, e.g. {@code attestors[0].entries[1]}. */
    String path();

    <R> R accept(Visitor<R> visitor);

    /** Something done for each kind of attestor. */
    interface Visitor<R> {
        R key(KeyAttestor attestor);

        R keyless(KeylessAttestor attestor);

        R nested(NestedAttestor attestor);

        R unsupported(UnsupportedAttestor attestor);

        /** A {@link StaticAttestor}: its outcome is fixed by the policy ({@code static} is a Java keyword). */
        R fixed(StaticAttestor attestor);

        R attestations(AttestationsAttestor attestor);
    }
}
