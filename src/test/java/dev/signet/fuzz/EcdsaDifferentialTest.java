package dev.signet.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.keys.VerificationKey;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Signet verifies ECDSA with BouncyCastle's arithmetic (for speed) and must accept exactly what the JDK's SunEC accepts,
 * the reference it replaced: signatures mutated as DER trees and as bytes (non-minimal integers, negative values,
 * trailing bytes, long-form lengths, r or s of 0 or n, high s, other messages' signatures) get the same answer from
 * both. Deterministic: the seed is fixed, and a disagreement names the case's bytes.
 */
class EcdsaDifferentialTest {
    private static final byte[] MESSAGE = "{\"critical\":{\"type\":\"cosign container image signature\"}}".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest(name = "{0}: {1} mutants")
    @CsvSource({"secp256r1, SHA256withECDSA, 10000", "secp384r1, SHA384withECDSA, 1000", "secp521r1, SHA512withECDSA, 500"})
    void signetAndTheJdkAgreeOnEveryMutant(String curve, String algorithm, int cases) throws GeneralSecurityException {
        KeyPair pair = keyPair(curve);
        VerificationKey key = VerificationKey.of(pair.getPublic(), "differential " + curve);
        BigInteger order = ((ECPublicKey) pair.getPublic()).getParams().getOrder();
        List<byte[]> seeds = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            byte[] signature = sign(pair, algorithm, MESSAGE);
            seeds.add(signature);
            seeds.add(highS(signature, order));
        }
        seeds.add(sign(pair, algorithm, "another message".getBytes(StandardCharsets.UTF_8)));
        seeds.add(der(BigInteger.ZERO, BigInteger.ONE));
        seeds.add(der(BigInteger.ONE, order));
        seeds.add(der(order.add(BigInteger.ONE), BigInteger.ONE));

        Mutator<byte[]> mutator = Mutators.either(0.6, Mutators.der(), Mutators.bytes());
        SplittableRandom random = new SplittableRandom(0x5167_6e65_7445_4344L);
        int accepted = 0;
        for (int i = 0; i < cases; i++) {
            byte[] seed = seeds.get(random.nextInt(seeds.size()));
            byte[] mutant = i < seeds.size() ? seeds.get(i) : mutator.mutate(seed, random, seeds);
            boolean jdk = jdkVerifies(pair, algorithm, mutant);
            assertThat(key.verify(MESSAGE, mutant))
                    .as("case %d, signature %s: the JDK says %s", i, HexFormat.of().formatHex(mutant), jdk)
                    .isEqualTo(jdk);
            accepted += jdk ? 1 : 0;
        }
        // the unmutated signatures and their high-s twins verify: the comparison covered both answers
        assertThat(accepted).isGreaterThanOrEqualTo(8);
    }

    private static KeyPair keyPair(String curve) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    private static byte[] sign(KeyPair pair, String algorithm, byte[] message) throws GeneralSecurityException {
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(pair.getPrivate());
        signer.update(message);
        return signer.sign();
    }

    private static boolean jdkVerifies(KeyPair pair, String algorithm, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(pair.getPublic());
            verifier.update(MESSAGE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** The same signature with s replaced by n - s: valid ECDSA (Go and the JDK accept it; no low-s rule). */
    private static byte[] highS(byte[] signature, BigInteger order) {
        BigInteger[] rs = parse(signature);
        return der(rs[0], order.subtract(rs[1]));
    }

    private static BigInteger[] parse(byte[] der) {
        int offset = (der[1] & 0xff) == 0x81 ? 3 : 2;
        int rLength = der[offset + 1];
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(der, offset + 2, offset + 2 + rLength));
        offset += 2 + rLength;
        int sLength = der[offset + 1];
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(der, offset + 2, offset + 2 + sLength));
        return new BigInteger[] {r, s};
    }

    private static byte[] der(BigInteger r, BigInteger s) {
        byte[] rBytes = r.toByteArray();
        byte[] sBytes = s.toByteArray();
        int body = 2 + rBytes.length + 2 + sBytes.length;
        byte[] header = body < 0x80 ? new byte[] {0x30, (byte) body} : new byte[] {0x30, (byte) 0x81, (byte) body};
        byte[] out = new byte[header.length + body];
        System.arraycopy(header, 0, out, 0, header.length);
        int offset = header.length;
        out[offset++] = 0x02;
        out[offset++] = (byte) rBytes.length;
        System.arraycopy(rBytes, 0, out, offset, rBytes.length);
        offset += rBytes.length;
        out[offset++] = 0x02;
        out[offset++] = (byte) sBytes.length;
        System.arraycopy(sBytes, 0, out, offset, sBytes.length);
        return out;
    }
}
