/**
 * Keys in cosign's formats: ECDSA P-256 generation, the encrypted private key PEM ({@code ENCRYPTED SIGSTORE
 * PRIVATE KEY}: scrypt + NaCl secretbox over PKCS#8), public keys as SPKI PEM, imports of unencrypted PKCS#8, SEC1
 * and PKCS#1 keys, and verification keys for every algorithm cosign accepts.
 *
 * <p>See {@code shared/spec/cosign-formats.md} §1. This package knows encodings, never where keys live: that is the
 * job of a key provider in an adapter package. Key types never print material in {@code toString}; passwords are
 * {@code char[]} and are cleared by the caller that owns them.
 *
 * <p>Allowed dependencies: the JDK, BouncyCastle's lightweight API (scrypt, XSalsa20, Poly1305, EC point maths,
 * ASN.1) and the root package. No JSON library: the encrypted-key envelope is small and fixed, so a bounded reader
 * of its own keeps this package free of the JSON stack.
 */
package dev.signet.keys;
