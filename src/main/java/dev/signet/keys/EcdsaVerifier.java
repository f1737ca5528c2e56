package dev.signet.keys;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;

/**
 * ECDSA verification on BouncyCastle's curve-specific field arithmetic instead of the JDK's constant-time one.
 *
 * <p>Why: a cold admission verdict checks every signature layer against every key of a policy, and JDK 17's SunEC
 * verifies P-256 in ~1.2 ms (measured in {@code CryptoBenchmark}), a third of the CPU of a whole cold verdict.
 * Verification handles only public values (key, message, signature), so it needs no constant-time arithmetic;
 * BouncyCastle's {@code SecP256R1} curve with cached windowed-NAF tables for the generator and for this key's point
 * does the same check several times faster. Signing stays on the JCA.
 *
 * <p>The signature encoding is checked as strictly as Go's {@code ecdsa.VerifyASN1} (which cosign uses) and the JDK
 * check it: one DER SEQUENCE of two minimal, positive INTEGERs and nothing after it; {@code r} and {@code s} in
 * [1, n-1] is checked by {@link ECDSASigner}. Anything else does not verify.
 */
final class EcdsaVerifier {
    /** One domain per curve, so the generator's precomputed tables are shared by every key on it. */
    private static final Map<KeyAlgorithm, ECDomainParameters> DOMAINS = new ConcurrentHashMap<>();

    private final ECPublicKeyParameters key;
    /** The JCA digests a signature by this key may have been made over, preferred first ("SHA-384", "SHA-256"). */
    private final List<String> digests;

    private EcdsaVerifier(ECPublicKeyParameters key, List<String> digests) {
        this.key = key;
        this.digests = digests;
    }

    /**
     * A verifier for {@code publicKey} on the NIST curve of {@code algorithm}, accepting signatures over any of
     * {@code digests} (JCA names, preferred first), or null when BouncyCastle does not
     * accept the point (the caller then keeps the JCA path, which refuses such keys its own way).
     */
    static EcdsaVerifier of(ECPublicKey publicKey, KeyAlgorithm algorithm, List<String> digests) {
        ECDomainParameters domain = DOMAINS.computeIfAbsent(algorithm, EcdsaVerifier::domain);
        try {
            ECPoint point = domain.getCurve().createPoint(publicKey.getW().getAffineX(), publicKey.getW().getAffineY());
            return new EcdsaVerifier(new ECPublicKeyParameters(point, domain), digests);
        } catch (IllegalArgumentException e) {
            // not on the curve, or the point at infinity
            return null;
        }
    }

    private static ECDomainParameters domain(KeyAlgorithm algorithm) {
        X9ECParameters curve = CustomNamedCurves.getByName(Curves.curveName(algorithm));
        return new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(), curve.getH());
    }

    /**
     * Whether {@code signature} (ASN.1 DER) is a signature of this key over a hash of {@code data}, with any of the
     * digests the key's algorithm allows (see {@link KeyAlgorithm#verificationAlgorithms()}).
     */
    boolean verify(byte[] data, byte[] signature) {
        BigInteger[] rs = decodeDer(signature);
        if (rs == null) {
            return false;
        }
        ECDSASigner signer = new ECDSASigner();
        signer.init(false, key);
        for (String digest : digests) {
            if (signer.verifySignature(hash(digest, data), rs[0], rs[1])) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code signature} (ASN.1 DER) is a signature of this key over exactly {@code hash}, already computed. */
    boolean verifyHash(byte[] hash, byte[] signature) {
        BigInteger[] rs = decodeDer(signature);
        if (rs == null) {
            return false;
        }
        ECDSASigner signer = new ECDSASigner();
        signer.init(false, key);
        return signer.verifySignature(hash, rs[0], rs[1]);
    }

    private static byte[] hash(String digest, byte[] data) {
        try {
            return MessageDigest.getInstance(digest).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + digest, e);
        }
    }

    /** {r, s} from {@code SEQUENCE { INTEGER r, INTEGER s }} in strict DER, or null. */
    static BigInteger[] decodeDer(byte[] der) {
        // P-521's signature is at most 139 bytes: the SEQUENCE length may take the long form 0x81 nn
        if (der.length < 8 || der[0] != 0x30) {
            return null;
        }
        int offset = 1;
        int length = der[offset++] & 0xff;
        if (length == 0x81) {
            length = der[offset++] & 0xff;
            if (length < 0x80) {
                return null; // the long form for a length the short form can hold is not DER
            }
        } else if (length > 0x7f) {
            return null;
        }
        if (offset + length != der.length) {
            return null;
        }
        BigInteger[] rs = new BigInteger[2];
        for (int i = 0; i < 2; i++) {
            if (offset + 2 > der.length || der[offset] != 0x02) {
                return null;
            }
            int size = der[offset + 1] & 0xff;
            offset += 2;
            if (size == 0 || size > 0x7f || offset + size > der.length) {
                return null;
            }
            boolean negative = der[offset] < 0;
            boolean redundantZero = size > 1 && der[offset] == 0 && der[offset + 1] >= 0;
            if (negative || redundantZero) {
                return null;
            }
            rs[i] = new BigInteger(1, Arrays.copyOfRange(der, offset, offset + size));
            offset += size;
        }
        return offset == der.length ? rs : null;
    }
}
