/**
 * cosign's signature formats, without I/O: the simple-signing payload, signatures over it, the legacy signature
 * manifest stored under {@code sha256-<hex>.sig}, and the tags and annotations that locate them.
 *
 * <p>See {@code shared/spec/cosign-formats.md} §2. Signatures are checked over the exact payload bytes before any
 * claim in the payload is read: {@link dev.signet.signature.CosignSignature#verifiedPayload} is the only way to a
 * parsed payload from a signature.
 *
 * <p>Allowed dependencies: {@code reference}, {@code json}, {@code oci}, {@code keys}, the JDK and Jackson.
 */
package dev.signet.signature;
