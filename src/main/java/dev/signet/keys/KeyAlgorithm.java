package dev.signet.keys;

import java.util.List;

/**
 * The signature algorithms cosign accepts for keys, each with the JCA algorithm names used to sign and verify.
 *
 * <p>Hashes follow cosign: SHA-256 for P-256, RSA and as the default. cosign 2.6 and later sign P-384 with SHA-384
 * and P-521 with SHA-512, while older releases used SHA-256 for every curve; verification therefore tries the
 * curve's hash first and SHA-256 second, so signatures from either generation verify.
 */
public enum KeyAlgorithm {
    /** cosign's default: NIST P-256 with SHA-256, ASN.1 DER signatures. */
    ECDSA_P256("SHA256withECDSA", List.of("SHA256withECDSA")),
    /** NIST P-384; SHA-384 since cosign 2.6, SHA-256 before. */
    ECDSA_P384("SHA384withECDSA", List.of("SHA384withECDSA", "SHA256withECDSA")),
    /** NIST P-521; SHA-512 since cosign 2.6, SHA-256 before. */
    ECDSA_P521("SHA512withECDSA", List.of("SHA512withECDSA", "SHA256withECDSA")),
    /** RSA 2048, 3072 or 4096 bits, PKCS#1 v1.5 padding with SHA-256 (cosign's default for RSA keys). */
    RSA_PKCS1V15("SHA256withRSA", List.of("SHA256withRSA")),
    /** RSA with PSS padding, SHA-256 and MGF1-SHA-256 (opt-in in cosign). */
    RSA_PSS("RSASSA-PSS", List.of("RSASSA-PSS")),
    /** Ed25519 over the message itself (no pre-hash), as sigstore's ED25519 verifier does. */
    ED25519("Ed25519", List.of("Ed25519"));

    private final String signingAlgorithm;
    private final List<String> verificationAlgorithms;

    KeyAlgorithm(String signingAlgorithm, List<String> verificationAlgorithms) {
        this.signingAlgorithm = signingAlgorithm;
        this.verificationAlgorithms = verificationAlgorithms;
    }

    /** The JCA signature algorithm Signet signs with. */
    public String signingAlgorithm() {
        return signingAlgorithm;
    }

    /** The JCA signature algorithms a signature by this key may have been made with, preferred first. */
    public List<String> verificationAlgorithms() {
        return verificationAlgorithms;
    }

    /** The JCA digest of an ECDSA verification algorithm: "SHA256withECDSA" -> "SHA-256". */
    static String ecdsaDigest(String jcaAlgorithm) {
        int with = jcaAlgorithm.indexOf("withECDSA");
        if (!jcaAlgorithm.startsWith("SHA") || with < 0) {
            throw new IllegalArgumentException(jcaAlgorithm + " is not an ECDSA algorithm");
        }
        return "SHA-" + jcaAlgorithm.substring(3, with);
    }

    /** Whether this is one of the ECDSA curves. */
    public boolean isEcdsa() {
        return this == ECDSA_P256 || this == ECDSA_P384 || this == ECDSA_P521;
    }
}
