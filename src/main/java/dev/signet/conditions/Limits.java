package dev.signet.conditions;

import java.time.Duration;

/**
 * Bounds on one evaluation, so a hostile policy or predicate costs a known amount of time and memory.
 *
 * @param maxExpressionLength characters of one {@code {{ }}} expression (Kyverno has no limit; real ones are short)
 * @param maxExpressionNesting brackets, parentheses and braces open at once in an expression: the parser recurses
 * @param maxConditions conditions in one {@code conditions} list, {@code all} and {@code any} together
 * @param maxDocumentDepth nesting of the document evaluated (an SBOM nests a few levels; thousands is an attack)
 * @param maxDocumentNodes values in the document (a large CycloneDX SBOM has some hundred thousand)
 * @param maxSteps JMESPath field accesses and list expansions in one evaluation of all conditions
 * @param maxTime wall time for one evaluation of all conditions, regular expressions included
 * @param maxSubstitutions {@code {{ }}} rounds in one string (nested variables are substituted inside out)
 */
public record Limits(int maxExpressionLength, int maxExpressionNesting, int maxConditions, int maxDocumentDepth,
        int maxDocumentNodes, long maxSteps, Duration maxTime, int maxSubstitutions) {

    /** Defaults generous for real policies and SBOMs, small enough to keep an admission within its deadline. */
    public static Limits defaults() {
        return new Limits(4096, 32, 256, 200, 2_000_000, 5_000_000, Duration.ofMillis(500), 64);
    }

    /** The same limits with another time budget. */
    public Limits withMaxTime(Duration time) {
        return new Limits(maxExpressionLength, maxExpressionNesting, maxConditions, maxDocumentDepth, maxDocumentNodes,
                maxSteps, time, maxSubstitutions);
    }
}
