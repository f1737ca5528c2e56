/**
 * The admission webhook adapter (admission.md): AdmissionReview {@code admission.k8s.io/v1} in, one
 * {@code admission.requested} to the verifier (in this process, or a Knative Service), the verdict back as an
 * AdmissionReview with the digest JSONPatch on the mutating path; the uid is echoed whatever happens, and the adapter
 * answers by the failure policy itself before the API server's timeout. Decisions are made by
 * {@link dev.signet.policy.PolicyEvaluator} through {@link dev.signet.events.AdmissionVerifier}; this package is the wire.
 *
 * <p>Allowed dependencies: {@code reference}, {@code json}, {@code policy}, {@code events} and {@code events.outbound}
 * (the verifier and its event data), {@code http}, JAX-RS, Jackson, Micrometer and JBoss logging.
 */
package dev.signet.admission;
