/**
 * Verification of image signatures: resolves a reference to its digest once, fetches the signatures of both cosign
 * layouts once whatever the number of keys, checks each signature over its exact bytes before reading any claim,
 * and reports per-signature outcomes as data ({@link dev.signet.verification.SignatureCheck}), never
 * void-or-throw. An exception means "could not decide" (registry unreachable, denied).
 *
 * <p>Allowed dependencies: {@code reference}, {@code oci}, {@code keys}, {@code signature}, {@code registry}, the JDK.
 */
package dev.signet.verification;
