/**
 * Verification of image signatures: resolves a reference to its digest once, fetches the signatures of both cosign
 * layouts once whatever the number of keys ({@link dev.signet.verification.SignatureFetcher}), checks each signature
 * over its exact bytes before reading any claim, with one verifier per kind of evidence behind
 * {@link dev.signet.verification.SignatureVerifier}, and reports per-signature outcomes as data
 * ({@link dev.signet.verification.SignatureCheck}), never void-or-throw. An exception means "could not decide"
 * (registry unreachable, denied).
 *
 * <p>Allowed dependencies: {@code reference}, {@code oci}, {@code keys}, {@code signature}, {@code sigstore}, {@code registry}, the JDK.
 */
package dev.signet.verification;
