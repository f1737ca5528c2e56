package dev.signet.bench;

import dev.signet.keys.CosignEncryptedKey;
import dev.signet.keys.PemKeys;
import dev.signet.keys.SigningKey;
import dev.signet.keys.VerificationKey;
import dev.signet.reference.Digest;
import dev.signet.signature.CosignSignature;
import dev.signet.signature.SimpleSigningPayload;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ECDSA P-256 sign and verify through Signet's API against raw JCA on the same key and bytes (target: Signet at
 * least 0.9x raw), the full payload check (verify, then parse), and cosign key decryption (scrypt dominates).
 * Run with {@code bench/run CryptoBenchmark}; results go to BENCHMARKS.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CryptoBenchmark {
    private byte[] payload;
    private KeyPair rawPair;
    private SigningKey signetKey;
    private VerificationKey signetPublic;
    private byte[] signature;
    private CosignSignature cosignSignature;
    private String encryptedKey;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        rawPair = generator.generateKeyPair();
        // the same private key through Signet's import path, so both sides sign with identical material
        signetKey = PemKeys.parsePrivateKey(PemKeys.encode(PemKeys.PRIVATE_KEY, rawPair.getPrivate().getEncoded()), "bench");
        signetPublic = signetKey.verificationKey();
        encryptedKey = CosignEncryptedKey.encrypt(signetKey, "bench".toCharArray());
        SimpleSigningPayload simple = SimpleSigningPayload.of("registry.local/team/app",
                Digest.parse("sha256:071bf7a986f1ca9cb2a1f0bc8392822a7777f90d58f2d2c6f271913e08de7c81"));
        payload = simple.toBytes();
        signature = signetKey.sign(payload);
        cosignSignature = CosignSignature.sign(simple, signetKey);
    }

    @Benchmark
    public byte[] signRawJca() throws GeneralSecurityException {
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(rawPair.getPrivate());
        signer.update(payload);
        return signer.sign();
    }

    @Benchmark
    public byte[] signSignet() {
        return signetKey.sign(payload);
    }

    @Benchmark
    public boolean verifyRawJca() throws GeneralSecurityException {
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(rawPair.getPublic());
        verifier.update(payload);
        return verifier.verify(signature);
    }

    @Benchmark
    public boolean verifySignet() {
        return signetPublic.verify(payload, signature);
    }

    /** What verification of one cosign layer costs in Signet: signature check over the bytes, then the payload parse. */
    @Benchmark
    public Object verifyAndParsePayloadSignet() {
        return cosignSignature.verifiedPayload(signetPublic).orElseThrow();
    }

    /** scrypt N=65536 + secretbox + PKCS#8: paid once per key load, never per signature. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 10)
    public SigningKey decryptCosignKey() {
        return CosignEncryptedKey.decrypt(encryptedKey, "bench".toCharArray(), "bench");
    }
}
