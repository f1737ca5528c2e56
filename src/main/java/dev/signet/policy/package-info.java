/**
 * Policies (policy.md): compiling SignetClusterImagePolicy/SignetImagePolicy and Kyverno ClusterPolicy/Policy documents once per
 * change ({@link dev.signet.policy.PolicyCompiler} and the compilers it delegates to, by concern), matching images and
 * objects to rules, judging each rule from the signatures {@code verification} found ({@link dev.signet.policy.RuleJudge},
 * pure), caching outcomes by digest and policy version ({@link dev.signet.policy.VerdictCache}) and weighing them into
 * one {@link dev.signet.policy.Verdict} ({@link dev.signet.policy.PolicyEvaluator}). Never talks to a registry itself:
 * it asks {@code verification} for the signatures of a digest.
 *
 * <p>Allowed dependencies: {@code reference}, {@code json}, {@code oci}, {@code keys}, {@code signature}, {@code sigstore},
 * {@code verification}, {@code conditions} (Kyverno's wildcard), {@code kms} (KMS key URIs, parsed at load),
 * Jackson (policy documents are JSON trees) and Caffeine (the verdict cache).
 */
package dev.signet.policy;
