package dev.signet.keys;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A public key that checks signatures, with the algorithm cosign would use for it.
 *
 * <p>Accepted, as cosign's default algorithm registry accepts them: ECDSA P-256/P-384/P-521, RSA of exactly 2048,
 * 3072 or 4096 bits (PKCS#1 v1.5 by default, PSS on request) and Ed25519. Anything else is refused when the key is
 * loaded, not when a signature is checked.
 */
public final class VerificationKey {
    private static final Set<String> DIGESTS = Set.of("SHA-224", "SHA-256", "SHA-384", "SHA-512");
    private final PublicKey publicKey;
    private final KeyAlgorithm algorithm;
    private final String name;
    private final String hint;
    /**
     * The one JCA digest signatures must have been made over ("SHA-512"), or null for the algorithm's own (see
     * {@link KeyAlgorithm#verificationAlgorithms()}).
     */
    private final String digest;
    /** ECDSA keys: the faster verifier (see {@link EcdsaVerifier}); null for other keys. */
    private final EcdsaVerifier ecdsa;

    private VerificationKey(PublicKey publicKey, KeyAlgorithm algorithm, String name, String digest) {
        this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.name = Objects.requireNonNull(name, "name");
        this.digest = digest;
        this.hint = Base64.getEncoder().encodeToString(sha256(publicKey.getEncoded()));
        this.ecdsa = publicKey instanceof ECPublicKey ec && algorithm.isEcdsa() ? EcdsaVerifier.of(ec, algorithm, digest == null
                ? algorithm.verificationAlgorithms().stream().map(KeyAlgorithm::ecdsaDigest).toList() : List.of(digest)) : null;
    }

    private VerificationKey(PublicKey publicKey, KeyAlgorithm algorithm, String name) {
        this(publicKey, algorithm, name, null);
    }

    /** Wraps a public key with the algorithm cosign uses for its type; refuses types and sizes cosign refuses. */
    public static VerificationKey of(PublicKey publicKey, String name) {
        return new VerificationKey(publicKey, Curves.algorithmOf(publicKey, name), name);
    }

    /** Wraps a public key with an explicit algorithm, e.g. {@link KeyAlgorithm#RSA_PSS} for an RSA key. */
    public static VerificationKey of(PublicKey publicKey, KeyAlgorithm algorithm, String name) {
        KeyAlgorithm detected = Curves.algorithmOf(publicKey, name);
        boolean rsaVariant = detected == KeyAlgorithm.RSA_PKCS1V15 && algorithm == KeyAlgorithm.RSA_PSS;
        if (detected != algorithm && !rsaVariant) {
            throw KeyException.unsupported("load key", name, "a " + detected + " key cannot verify " + algorithm + " signatures");
        }
        return new VerificationKey(publicKey, algorithm, name);
    }

    /**
     * This key, accepting only signatures made over a {@code digest} of the message ("SHA-224", "SHA-256", "SHA-384",
     * "SHA-512"), as sigstore's {@code signature.LoadVerifier(key, hash)} does for policy-controller's
     * {@code key.hashAlgorithm}: ECDSA over that hash, RSA PKCS#1 v1.5 or PSS with it (PSS's MGF1 too). Ed25519 signs the
     * message itself, so the digest changes nothing for it.
     */
    public VerificationKey withDigest(String digest) {
        if (!DIGESTS.contains(digest)) {
            throw new IllegalArgumentException("not a SHA-2 digest: " + digest);
        }
        if (algorithm == KeyAlgorithm.ED25519) {
            return this;
        }
        return new VerificationKey(publicKey, algorithm, name, digest);
    }

    /**
     * Checks {@code signature} over exactly {@code data}. Returns false for a wrong or malformed signature: a
     * signature that does not verify is an outcome, not an error.
     */
    public boolean verify(byte[] data, byte[] signature) {
        if (ecdsa != null) {
            return ecdsa.verify(data, signature);
        }
        if (algorithm == KeyAlgorithm.RSA_PKCS1V15 && digest != null) {
            return verifyWith(digest.replace("-", "") + "withRSA", null, data, signature);
        }
        for (String jcaName : algorithm.verificationAlgorithms()) {
            if (algorithm == KeyAlgorithm.RSA_PSS) {
                if (verifyPss(data, signature)) {
                    return true;
                }
            } else if (verifyWith(jcaName, null, data, signature)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Checks an ECDSA {@code signature} over a message of which only the SHA-256 {@code digest} is known (a Sigstore
     * bundle's {@code messageDigest}, a hashedrekord entry). False for other key types, which cannot verify a digest
     * alone here, and for a wrong or malformed signature.
     */
    public boolean verifyDigest(byte[] digest, byte[] signature) {
        return ecdsa != null && ecdsa.verifyHash(digest, signature);
    }

    /**
     * Go signs PSS with the longest salt the key allows and verifies with any salt length; the JDK needs the salt
     * length up front, so try the hash length (what other signers use) and then the maximum.
     */
    private boolean verifyPss(byte[] data, byte[] signature) {
        String hash = digest == null ? "SHA-256" : digest;
        int hashLength = Integer.parseInt(hash.substring(4)) / 8;
        int maxSalt = (((RSAPublicKey) publicKey).getModulus().bitLength() + 7) / 8 - hashLength - 2;
        for (int salt : new int[] {hashLength, maxSalt}) {
            PSSParameterSpec spec = new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), salt, 1);
            if (verifyWith("RSASSA-PSS", spec, data, signature)) {
                return true;
            }
        }
        return false;
    }

    private boolean verifyWith(String jcaName, PSSParameterSpec pss, byte[] data, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(jcaName);
            if (pss != null) {
                verifier.setParameter(pss);
            }
            verifier.initVerify(publicKey);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (NoSuchAlgorithmException | InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("the JDK lacks " + jcaName, e);
        } catch (GeneralSecurityException | RuntimeException e) {
            // malformed DER, wrong length: the signature simply does not verify
            return false;
        }
    }

    /** The key as the JCA sees it. */
    public PublicKey publicKey() {
        return publicKey;
    }

    public KeyAlgorithm algorithm() {
        return algorithm;
    }

    /** The one digest signatures must be made over, if {@link #withDigest} set one. */
    public Optional<String> digest() {
        return Optional.ofNullable(digest);
    }

    /** Where the key came from (file, {@code namespace/secret}, policy path): used in messages. */
    public String name() {
        return name;
    }

    /** The SubjectPublicKeyInfo DER encoding. */
    public byte[] spki() {
        return publicKey.getEncoded();
    }

    /** The key as cosign writes {@code cosign.pub}. */
    public String toPem() {
        return PemKeys.publicKeyPem(publicKey);
    }

    /**
     * base64(SHA-256(SPKI DER)): the {@code verificationMaterial.publicKey.hint} cosign writes into bundles, and a
     * stable key identifier that is safe to log.
     */
    public String hint() {
        return hint;
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VerificationKey key && algorithm == key.algorithm && hint.equals(key.hint) && Objects.equals(digest, key.digest);
    }

    @Override
    public int hashCode() {
        return hint.hashCode();
    }

    @Override
    public String toString() {
        return "VerificationKey[" + name + ", " + algorithm + (digest == null ? "" : ", " + digest) + ", hint=" + hint + "]";
    }
}
