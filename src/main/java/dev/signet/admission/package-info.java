/**
 * Admission: the verifier functions ({@code admission.requested} -> {@code admission.allowed}/{@code denied},
 * {@code image.verification.requested} -> {@code image.verified}/{@code verification.failed}, cache pre-warming on
 * {@code image.signed}) and the webhook adapter that turns AdmissionReviews into those events and back
 * (admission.md). Decisions are made by {@link dev.signet.policy.PolicyEvaluator}; this package is the wire.
 */
package dev.signet.admission;
