/**
 * Kyverno {@code conditions} without I/O: {@code all}/{@code any} lists of {@code {key, operator, value, message}}
 * whose keys and values hold {@code {{ jmespath }}} variables, evaluated against a JSON document (an attestation's
 * predicate, later an admission request) with Kyverno's substitution rules, operators and JMESPath functions.
 *
 * <p>Outcomes are data ({@link dev.signet.conditions.ConditionsResult}): a failed condition names itself and the
 * value it saw; an expression that cannot be evaluated is an error, never a pass. Every evaluation is bounded in
 * expression size, document size and depth, JMESPath steps and wall time ({@link dev.signet.conditions.Limits}).
 *
 * <p>Allowed dependencies: the JDK, Jackson and {@code io.burt.jmespath}; no other Signet package but the root.
 */
package dev.signet.conditions;
