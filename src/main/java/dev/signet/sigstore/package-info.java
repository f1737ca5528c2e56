/**
 * Keyless (Sigstore) evidence, offline: the trusted root ({@link dev.signet.sigstore.TrustedRoot}), Fulcio certificates
 * (chain at the signing time, code-signing EKU, embedded SCTs, the identity they name), transparency-log proof (Rekor
 * SETs, RFC 6962 inclusion proofs, signed checkpoints, entry bodies), RFC 3161 timestamps, and Sigstore bundles of
 * every version. Pure: no I/O, no clock but the one passed in. A check that fails is reported with the check's name
 * ({@link dev.signet.sigstore.SigstoreException}), never as a silent false.
 *
 * <p>Allowed dependencies: {@code reference}, {@code json}, {@code keys}, {@code signature}, the JDK, Jackson,
 * BouncyCastle (ASN.1 only).
 */
package dev.signet.sigstore;
