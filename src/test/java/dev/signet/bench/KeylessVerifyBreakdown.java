package dev.signet.bench;

import dev.signet.keys.SigningKey;
import dev.signet.keys.VerificationKey;
import dev.signet.sigstore.BundleDocument;
import dev.signet.sigstore.SigstoreVerifier;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a keyless verification's time goes, as thread CPU time per operation (so a loaded machine inflates it less
 * than wall time): the whole parse+verify of {@link KeylessVerifyBenchmark}'s bundles, the parse alone, and the
 * cryptographic primitives it is made of (ECDSA P-256 with Signet's BouncyCastle verifier on a cached and on a fresh
 * key, JDK SunEC P-256 and P-384). Run: {@code java -cp ... dev.signet.bench.KeylessVerifyBreakdown [seconds per line]}.
 */
public final class KeylessVerifyBreakdown {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private KeylessVerifyBreakdown() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        for (String name : new String[] {"PUBLIC_GOOD", "CONFORMANCE_V03", "MOCK_DSSE"}) {
            KeylessVerifyBenchmark.Fixture f = KeylessVerifyBenchmark.Fixture.of(name);
            Instant now = Instant.now();
            report(name + " parse+verify", seconds, () -> SigstoreVerifier.verifyBundle(BundleDocument.parse(f.bundle(), "bench"),
                    Optional.of(f.artifactSha256()), f.root(), f.expected(), SigstoreVerifier.Requirements.ALL, now, "bench"));
            report(name + " BundleDocument.parse only", seconds, () -> BundleDocument.parse(f.bundle(), "bench"));
            BundleDocument parsed = BundleDocument.parse(f.bundle(), "bench");
            report(name + " verify only (parsed once)", seconds, () -> SigstoreVerifier.verifyBundle(parsed, Optional.of(f.artifactSha256()), f.root(),
                    f.expected(), SigstoreVerifier.Requirements.ALL, now, "bench"));
            report(name + " FulcioCertificate.key() (new VerificationKey per call)", seconds, () -> parsed.certificate().get().key());
        }
        byte[] data = "keyless breakdown".getBytes(StandardCharsets.UTF_8);
        SigningKey p256 = SigningKey.generate("p256");
        byte[] sig = p256.sign(data);
        VerificationKey cached = p256.verificationKey();
        report("ECDSA P-256 verify, Signet VerificationKey (BC), key reused", seconds, () -> check(cached.verify(data, sig)));
        report("ECDSA P-256 verify, Signet VerificationKey (BC), new key object each time", seconds,
                () -> check(VerificationKey.of(cached.publicKey(), "fresh").verify(data, sig)));
        jdk("secp256r1", "SHA256withECDSA", data, seconds);
        jdk("secp384r1", "SHA384withECDSA", data, seconds);
        report("SHA-256 of 1 KiB", seconds, () -> sha256(new byte[1024]));
    }

    private static void jdk(String curve, String algorithm, byte[] data, double seconds) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        KeyPair pair = generator.generateKeyPair();
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(pair.getPrivate());
        signer.update(data);
        byte[] sig = signer.sign();
        report("ECDSA " + curve + " verify, JDK " + algorithm, seconds, () -> {
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(pair.getPublic());
            verifier.update(data);
            return check(verifier.verify(sig));
        });
    }

    private static Object sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean check(boolean ok) {
        if (!ok) {
            throw new IllegalStateException("did not verify");
        }
        return ok;
    }

    interface Op {
        Object run() throws Exception;
    }

    private static void report(String what, double seconds, Op op) throws Exception {
        loop(op, seconds / 2); // warm-up
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        long n = loop(op, seconds);
        double cpuUs = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e3 / n;
        double wallUs = (System.nanoTime() - wall0) / 1e3 / n;
        System.out.printf("%-80s %9.1f us CPU/op  (%9.1f us wall, %8.0f /s CPU-bound)%n", what, cpuUs, wallUs, 1e6 / cpuUs);
    }

    private static long loop(Op op, double seconds) throws Exception {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long n = 0;
        Object sink = null;
        while (System.nanoTime() < end) {
            sink = op.run();
            n++;
        }
        if (sink == null) {
            throw new IllegalStateException();
        }
        return n;
    }
}
