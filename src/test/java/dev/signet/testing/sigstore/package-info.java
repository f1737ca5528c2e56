/**
 * A Sigstore deployment in process for tests (issue 14): {@link dev.signet.testing.sigstore.TestFulcio} (CA with
 * embedded SCTs), {@link dev.signet.testing.sigstore.TestCtLog}, {@link dev.signet.testing.sigstore.TestRekor} (Rekor
 * v1: SET, RFC 6962 inclusion proof, signed checkpoint), {@link dev.signet.testing.sigstore.TestTsa} (RFC 3161) and
 * the facade {@link dev.signet.testing.sigstore.TestSigstore}, which writes the trusted root and signs bundles and
 * cosign's legacy layers. No network and no Docker are available where Signet is tested, so the real services cannot
 * run; what this package emits is checked against npm {@code @sigstore/verify} ({@code TestSigstoreInteropTest}).
 * Test scope only: it may use BouncyCastle's bcpkix and Signet's {@code keys}, {@code reference} and {@code signature}.
 */
package dev.signet.testing.sigstore;
