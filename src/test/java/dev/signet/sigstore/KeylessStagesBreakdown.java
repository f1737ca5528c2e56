package dev.signet.sigstore;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.Callable;

/**
 * Bench-only: thread CPU time per stage of {@link SigstoreVerifier#verify} on one bundle, each stage repeated alone
 * on a bundle parsed once (the JDK's CertificateFactory returns the same X509Certificate for the same DER, so a
 * certificate's signature check is then cached by the JDK; "chain, fresh certificate" re-parses it to show the
 * uncached cost). Run: {@code java -cp ... dev.signet.sigstore.KeylessStagesBreakdown BUNDLE ARTIFACT_OR_DIGEST_FILE [ROOT]}.
 */
public final class KeylessStagesBreakdown {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private KeylessStagesBreakdown() {
    }

    public static void main(String[] args) throws Exception {
        String json = Files.readString(Path.of(args[0]));
        if (!json.contains("\"logIndex\"") || json.indexOf("\"logIndex\"") == json.lastIndexOf("\"logIndex\"")) {
            // protobuf JSON omits a proof's logIndex 0, which TlogEntry still requires (see VerifyBlobCommandTest)
            json = json.replaceFirst("\"inclusionProof\":\\s*\\{", "\"inclusionProof\": {\"logIndex\": \"0\", ");
        }
        byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String artifact = Files.readString(Path.of(args[1])).strip();
        byte[] digest = artifact.startsWith("sha256:") ? HexFormat.of().parseHex(artifact.substring(7))
                : MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(Path.of(args[1])));
        TrustedRoot root = args.length > 2 ? TrustedRoot.parse(Files.readAllBytes(Path.of(args[2])), args[2]) : TrustedRoot.production();
        BundleDocument bundle = BundleDocument.parse(bytes, "stages");
        FulcioCertificate certificate = bundle.certificate().orElseThrow();
        SignedContent content = bundle.content() instanceof SignedContent.Message m ? new SignedContent.Message(digest, m.signature()) : bundle.content();
        TlogEntry entry = bundle.entries().get(0);
        Instant time = TransparencyLogs.verify(entry, root, true, "s").orElseGet(() -> Timestamps.verify(bundle.timestamps().get(0), content.signature(), root, "s"));
        TrustedRoot.CertificateAuthority ca = certificate.verifyChain(root, time);
        for (int pass = 0; pass < 2; pass++) {
            print = pass == 1; // the first pass only warms every stage up
            stages(bytes, root, bundle, certificate, content, entry, time, ca, print ? 2 : 1);
        }
    }

    private static boolean print;

    private static void stages(byte[] bytes, TrustedRoot root, BundleDocument bundle, FulcioCertificate certificate, SignedContent content,
            TlogEntry entry, Instant time, TrustedRoot.CertificateAuthority ca, double seconds) throws Exception {
        report("BundleDocument.parse", seconds, () -> BundleDocument.parse(bytes, "s"));
        report("signature (leaf key, new VerificationKey)", seconds, () -> content instanceof SignedContent.Message m
                ? certificate.key().verifyDigest(m.sha256(), m.signature())
                : certificate.key().verify(((SignedContent.Envelope) content).pae(), content.signature()));
        for (byte[] ts : bundle.timestamps()) {
            report("RFC 3161 timestamp (Timestamps.verify)", seconds, () -> Timestamps.verify(ts, content.signature(), root, "s"));
        }
        report("logged body (LoggedBodies.check)", seconds, () -> {
            LoggedBodies.check(entry, content, certificate.der(), "s");
            return 1;
        });
        report("tlog: SET + inclusion proof + checkpoint (TransparencyLogs.verify)", seconds, () -> TransparencyLogs.verify(entry, root, true, "s"));
        report("chain at signing time, certificate cached by the JDK", seconds, () -> certificate.verifyChain(root, time));
        report("chain at signing time, fresh certificate (uncached X509Certificate.verify)", seconds,
                () -> BundleDocument.parse(bytes.clone(), "s").certificate().orElseThrow().verifyChain(root, time));
        report("SCT (verifySct)", seconds, () -> {
            certificate.verifySct(root, ca);
            return 1;
        });
        report("identity()", seconds, certificate::identity);
    }

    private static void report(String what, double seconds, Callable<Object> op) throws Exception {
        loop(op, seconds / 2);
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long n = loop(op, seconds);
        if (!print) {
            return;
        }
        System.out.printf("  %-80s %8.1f us CPU/op%n", what, (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e3 / n);
    }

    private static long loop(Callable<Object> op, double seconds) throws Exception {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long n = 0;
        while (System.nanoTime() < end) {
            if (op.call() == null) {
                throw new IllegalStateException();
            }
            n++;
        }
        return n;
    }
}
