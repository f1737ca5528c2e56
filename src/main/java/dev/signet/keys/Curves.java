package dev.signet.keys;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Maps public keys to the algorithm cosign uses for them and refuses what cosign refuses: curves other than the
 * NIST ones (secp256k1 is 256 bits too, so the curve order is compared, not the size), RSA sizes other than
 * 2048/3072/4096, and Ed448.
 */
final class Curves {
    private static final Map<String, KeyAlgorithm> NIST_CURVES = Map.of(
            "secp256r1", KeyAlgorithm.ECDSA_P256,
            "secp384r1", KeyAlgorithm.ECDSA_P384,
            "secp521r1", KeyAlgorithm.ECDSA_P521);
    private static final Map<BigInteger, KeyAlgorithm> BY_ORDER = ordersOfNistCurves();
    private static final Set<Integer> RSA_SIZES = Set.of(2048, 3072, 4096);

    private Curves() {
    }

    static KeyAlgorithm algorithmOf(PublicKey key, String name) {
        if (key instanceof ECPublicKey ec) {
            KeyAlgorithm algorithm = BY_ORDER.get(ec.getParams().getOrder());
            if (algorithm == null) {
                throw KeyException.unsupported("load key", name, "ECDSA curve is not P-256, P-384 or P-521");
            }
            return algorithm;
        }
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (!RSA_SIZES.contains(bits)) {
                throw KeyException.unsupported("load key", name, "RSA key of " + bits + " bits; cosign accepts 2048, 3072 or 4096");
            }
            return KeyAlgorithm.RSA_PKCS1V15;
        }
        if (key instanceof EdECPublicKey ed && "Ed25519".equalsIgnoreCase(ed.getParams().getName())) {
            return KeyAlgorithm.ED25519;
        }
        throw KeyException.unsupported("load key", name, "key type " + key.getAlgorithm() + " is not ECDSA, RSA or Ed25519");
    }

    /** The JDK's parameters of a NIST curve, used to generate keys and rebuild public points. */
    static ECParameterSpec parameters(String curveName) {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec(curveName));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks curve " + curveName, e);
        }
    }

    /** The name BouncyCastle's curve table uses for the curve of {@code algorithm}. */
    static String curveName(KeyAlgorithm algorithm) {
        return NIST_CURVES.entrySet().stream()
                .filter(entry -> entry.getValue() == algorithm)
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(algorithm + " is not an ECDSA curve"));
    }

    private static Map<BigInteger, KeyAlgorithm> ordersOfNistCurves() {
        Map<BigInteger, KeyAlgorithm> orders = new HashMap<>();
        NIST_CURVES.forEach((curve, algorithm) -> orders.put(parameters(curve).getOrder(), algorithm));
        return Map.copyOf(orders);
    }

    static KeyAlgorithm ecdsaByOrder(BigInteger order) {
        return BY_ORDER.get(order);
    }
}
