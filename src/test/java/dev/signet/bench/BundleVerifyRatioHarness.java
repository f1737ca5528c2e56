package dev.signet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.json.Json;
import dev.signet.keys.PemKeys;
import dev.signet.keys.SigningKey;
import dev.signet.keys.VerificationKey;
import dev.signet.oci.Digests;
import dev.signet.reference.Digest;
import dev.signet.signature.BundleFormat;
import dev.signet.signature.Dsse;
import dev.signet.signature.SignatureFormatException;
import dev.signet.signature.SigstoreBundle;
import dev.signet.sigstore.BundleDocument;
import dev.signet.sigstore.IdentityMatcher;
import dev.signet.sigstore.SigstoreException;
import dev.signet.sigstore.SigstoreVerifier;
import dev.signet.sigstore.TextMatch;
import dev.signet.sigstore.TrustedRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;
import java.util.function.UnaryOperator;

/**
 * Signet's Sigstore-bundle verification on the same bundle files an independent verifier (npm
 * {@code @sigstore/verify}, bench/sigstore-js.d/verify.mjs) reads, for the side-by-side ratio of issue 7.
 * Run through {@code bench/sigstore-js}, in three modes:
 * <ul>
 *   <li>{@code write DIR N}: signs N random image digests with a fresh key through {@link SigstoreBundle#sign},
 *       the bytes Signet pushes as the referrer's bundle layer, and adds tampered copies, a wrong-subject case and
 *       cosign's own bundle with its negatives; {@code DIR/cases.tsv} says what each verifier must conclude.</li>
 *   <li>{@code check DIR}: every case must get its expected verdict, else exit 1.</li>
 *   <li>{@code measure DIR WARMUP_S SECONDS}: check, warm up, then verify the N bundles round-robin on this one
 *       thread for SECONDS and print verifications per second.</li>
 *   <li>{@code keyless TSV WARMUP_S SECONDS}: the keyless bundles of bench/sigstore-js.d/keyless.tsv, each verified
 *       as {@code signet verify-blob} does (trusted root parsed once; per operation the bundle JSON, signature,
 *       transparency log, timestamps, chain at the signing time, SCT, identity by regexp and issuer, the artifact's
 *       digest); another SAN must be refused; then each is timed alone on this thread.</li>
 * </ul>
 * One verification is what {@code BundleSignatures} does once the blob is fetched: parse the bundle JSON, check the
 * DSSE signature over PAE, parse the statement, require cosign's sign predicate and the image digest as subject.
 */
public final class BundleVerifyRatioHarness {
    // bundles/cosign-v3-sign-key's subject, per src/test/resources/vectors/README.md
    private static final String COSIGN_VECTOR_DIGEST = "sha256:5099b89d7666cc2186cad769ddc262ddc7c335b33f5fe79f9ffe50a01282b23e";
    private static final Path VECTORS = Path.of("src/test/resources/vectors");

    private BundleVerifyRatioHarness() {
    }

    /** One row of cases.tsv: a bundle file, the key file to trust, the image digest, the verdict both must reach. */
    record Case(String bundle, String key, String digest, boolean accept, boolean timed) {
        String row() {
            return String.join("\t", bundle, key, digest, accept ? "accept" : "reject", timed ? "timed" : "-");
        }

        static Case parse(String row) {
            String[] f = row.split("\t", -1);
            if (f.length != 5) {
                throw new IllegalArgumentException("cases.tsv: expected 5 columns in: " + row);
            }
            return new Case(f[0], f[1], f[2], f[3].equals("accept"), f[4].equals("timed"));
        }
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[1]);
        switch (args[0]) {
            case "write" -> write(dir, Integer.parseInt(args[2]));
            case "check" -> System.exit(check(dir, true) ? 0 : 1);
            case "measure" -> {
                if (!check(dir, false)) {
                    System.exit(1);
                }
                double warmup = Double.parseDouble(args[2]);
                double seconds = Double.parseDouble(args[3]);
                System.out.printf("signet_verify_per_s=%.1f%n", measure(dir, warmup, seconds));
                System.out.printf("signet_signature_only_per_s=%.1f%n", measureSignatureOnly(dir, warmup / 2, seconds / 2));
            }
            case "keyless" -> keyless(dir, Double.parseDouble(args[2]), Double.parseDouble(args[3]));
            default -> throw new IllegalArgumentException("mode must be write, check, measure or keyless: " + args[0]);
        }
    }

    static void write(Path dir, int count) throws IOException {
        Files.createDirectories(dir);
        SigningKey key = SigningKey.generate("bench");
        Files.writeString(dir.resolve("signet.pub"), key.verificationKey().toPem());
        List<Case> cases = new ArrayList<>();
        SecureRandom random = new SecureRandom();
        List<Digest> digests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] image = new byte[64];
            random.nextBytes(image);
            Digest digest = Digests.sha256(image);
            // every other one as `signet sign -a` writes it, so the statement's annotation encoding is read too
            Map<String, String> annotations = i % 2 == 0 ? Map.of() : Map.of("dev.signet/bench", "image " + i);
            String name = String.format("signet-%03d.json", i);
            Files.write(dir.resolve(name), SigstoreBundle.sign(digest, annotations, key).bytes());
            cases.add(new Case(name, "signet.pub", digest.toString(), true, true));
            digests.add(digest);
        }
        String first = Files.readString(dir.resolve(cases.get(0).bundle()));
        Files.writeString(dir.resolve("tampered-payload.json"), replaceEnvelopeField(first, "payload", BundleVerifyRatioHarness::changeSubjectDigit));
        Files.writeString(dir.resolve("tampered-signature.json"), replaceSignature(first));
        cases.add(new Case("tampered-payload.json", "signet.pub", digests.get(0).toString(), false, false));
        cases.add(new Case("tampered-signature.json", "signet.pub", digests.get(0).toString(), false, false));
        if (count > 1) {
            cases.add(new Case(cases.get(0).bundle(), "signet.pub", digests.get(1).toString(), false, false));
        }
        Files.copy(VECTORS.resolve("bundles/cosign-v3-sign-key/cosign.pub"), dir.resolve("cosign.pub"));
        Files.copy(VECTORS.resolve("bundles/cosign-v3-sign-key/bundle.json"), dir.resolve("cosign-v3-sign-key.json"));
        cases.add(new Case("cosign-v3-sign-key.json", "cosign.pub", COSIGN_VECTOR_DIGEST, true, false));
        cases.add(new Case("cosign-v3-sign-key.json", "signet.pub", COSIGN_VECTOR_DIGEST, false, false));
        for (String negative : List.of("statement-digest-changed", "signature-truncated", "payload-type-changed", "message-signature")) {
            String name = "cosign-negative-" + negative + ".json";
            Files.copy(VECTORS.resolve("negative/bundles/" + negative + ".json"), dir.resolve(name));
            cases.add(new Case(name, "cosign.pub", COSIGN_VECTOR_DIGEST, false, false));
        }
        StringBuilder tsv = new StringBuilder("# bundle\tkey\timage digest\tverdict\ttimed\n");
        cases.forEach(c -> tsv.append(c.row()).append('\n'));
        Files.writeString(dir.resolve("cases.tsv"), tsv);
        System.out.printf("wrote %d Signet bundles and %d other cases to %s%n", count, cases.size() - count, dir);
    }

    /** The statement with the last hex digit of its subject digest changed: still a well-formed statement. */
    private static byte[] changeSubjectDigit(byte[] statement) {
        String text = new String(statement, StandardCharsets.UTF_8);
        int end = text.indexOf("\"}");
        char digit = text.charAt(end - 1);
        return (text.substring(0, end - 1) + (digit == '0' ? '1' : '0') + text.substring(end)).getBytes(StandardCharsets.UTF_8);
    }

    /** The DSSE signature with its last byte (the low byte of ECDSA's s) flipped: still DER, no longer valid. */
    private static String replaceSignature(String bundle) throws IOException {
        JsonNode sig = Json.mapper().readTree(bundle).path("dsseEnvelope").path("signatures").path(0).path("sig");
        byte[] bytes = Base64.getDecoder().decode(sig.asText());
        bytes[bytes.length - 1] ^= 0x01;
        return replaceOnce(bundle, sig.asText(), Base64.getEncoder().encodeToString(bytes));
    }

    private static String replaceEnvelopeField(String bundle, String field, UnaryOperator<byte[]> change) throws IOException {
        String encoded = Json.mapper().readTree(bundle).path("dsseEnvelope").path(field).asText();
        byte[] changed = change.apply(Base64.getDecoder().decode(encoded));
        return replaceOnce(bundle, encoded, Base64.getEncoder().encodeToString(changed));
    }

    // every other byte of the bundle stays as Signet wrote it
    private static String replaceOnce(String text, String old, String replacement) {
        int at = text.indexOf(old);
        if (at < 0 || text.indexOf(old, at + 1) >= 0 || old.equals(replacement)) {
            throw new IllegalStateException("cannot tamper: the field value is not unique in the bundle");
        }
        return text.substring(0, at) + replacement + text.substring(at + old.length());
    }

    static List<Case> cases(Path dir) throws IOException {
        return Files.readAllLines(dir.resolve("cases.tsv")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).map(Case::parse).toList();
    }

    /** Every case gets its verdict; prints the non-timed ones one by one and the timed ones as a count. */
    static boolean check(Path dir, boolean print) throws IOException {
        Map<String, VerificationKey> keys = new HashMap<>();
        boolean ok = true;
        int timed = 0;
        for (Case c : cases(dir)) {
            VerificationKey key = keys.computeIfAbsent(c.key(), name -> readKey(dir, name));
            String verdict = verify(Files.readAllBytes(dir.resolve(c.bundle())), key, Digest.parse(c.digest()));
            boolean accepted = verdict.equals("accepted");
            ok &= accepted == c.accept();
            if (c.timed() && accepted == c.accept()) {
                timed++;
            } else if (print || accepted != c.accept()) {
                System.out.printf("  signet  %-8s %-44s key %-10s %s%s%n", accepted ? "accept" : "reject", c.bundle(), c.key(),
                        verdict, accepted == c.accept() ? "" : "   <-- WRONG, expected " + (c.accept() ? "accept" : "reject"));
            }
        }
        if (print) {
            System.out.printf("  signet  accept   %d Signet-written bundles%n", timed);
        }
        return ok;
    }

    static double measure(Path dir, double warmupSeconds, double seconds) throws IOException {
        List<byte[]> bundles = new ArrayList<>();
        List<Digest> digests = new ArrayList<>();
        VerificationKey key = null;
        for (Case c : cases(dir)) {
            if (c.timed()) {
                bundles.add(Files.readAllBytes(dir.resolve(c.bundle())));
                digests.add(Digest.parse(c.digest()));
                key = readKey(dir, c.key());
            }
        }
        VerificationKey signer = key;
        IntPredicate check = i -> verify(bundles.get(i), signer, digests.get(i)).equals("accepted");
        timed(check, bundles.size(), warmupSeconds);
        return timed(check, bundles.size(), seconds) / seconds;
    }

    /**
     * The floor under {@link #measure}: only PAE plus the ECDSA check, with the envelope decoded beforehand, so the
     * output shows how much of a verification is the JCA signature check.
     */
    static double measureSignatureOnly(Path dir, double warmupSeconds, double seconds) throws IOException {
        List<String> types = new ArrayList<>();
        List<byte[]> payloads = new ArrayList<>();
        List<byte[]> signatures = new ArrayList<>();
        VerificationKey key = null;
        for (Case c : cases(dir)) {
            if (c.timed()) {
                JsonNode envelope = Json.mapper().readTree(dir.resolve(c.bundle()).toFile()).path("dsseEnvelope");
                types.add(envelope.path("payloadType").asText());
                payloads.add(Base64.getDecoder().decode(envelope.path("payload").asText()));
                signatures.add(Base64.getDecoder().decode(envelope.path("signatures").path(0).path("sig").asText()));
                key = readKey(dir, c.key());
            }
        }
        VerificationKey signer = key;
        IntPredicate check = i -> signer.verify(Dsse.pae(types.get(i), payloads.get(i)), signatures.get(i));
        timed(check, types.size(), warmupSeconds);
        return timed(check, types.size(), seconds) / seconds;
    }

    private static long timed(IntPredicate check, int size, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long count = 0;
        int i = 0;
        while (System.nanoTime() < end) {
            if (!check.test(i)) {
                throw new IllegalStateException("bundle " + i + " failed during the timed loop, after passing the check");
            }
            i = (i + 1) % size;
            count++;
        }
        return count;
    }

    /** "accepted" or why not, as BundleSignatures judges a fetched bundle with no required annotations. */
    static String verify(byte[] bytes, VerificationKey key, Digest image) {
        try {
            return SigstoreBundle.parse(bytes, "bench").verifiedStatement(key)
                    .map(statement -> !BundleFormat.COSIGN_SIGN_PREDICATE.equals(statement.predicateType()) ? "wrong predicate"
                            : !statement.names(image) ? "statement names another digest"
                            : !statement.hasAnnotations(Map.of()) ? "lacks annotations"
                            : "accepted")
                    .orElse("signature does not verify");
        } catch (SignatureFormatException e) {
            return "malformed: " + e.getMessage();
        }
    }

    /** One row of keyless.tsv with what verifying it takes, read once. */
    record KeylessCase(String name, byte[] bundle, byte[] artifactSha256, TrustedRoot root, String san, String issuer) {
        static KeylessCase parse(String row) throws IOException {
            String[] f = row.split("\t", -1);
            if (f.length != 6) {
                throw new IllegalArgumentException("keyless.tsv: expected 6 columns in: " + row);
            }
            byte[] bundle = Files.readAllBytes(Path.of(f[1]));
            byte[] digest;
            try {
                digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(Path.of(f[2])));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            return new KeylessCase(f[0], bundle, digest, TrustedRoot.parse(Files.readAllBytes(Path.of(f[3])), f[3]), f[4], f[5]);
        }

        /** What verify-blob builds from its flags, once per command. */
        SigstoreVerifier.Expectation expectation(String sanRegexp) {
            return new SigstoreVerifier.Expectation.Identities(List.of(new IdentityMatcher(TextMatch.regexp(sanRegexp), TextMatch.exact(issuer))));
        }

        /** "accepted" or the one-line reason, as verify-blob would print it. */
        String verify(SigstoreVerifier.Expectation expected) {
            try {
                SigstoreVerifier.verifyBundle(BundleDocument.parse(bundle, name), Optional.of(artifactSha256), root, expected,
                        SigstoreVerifier.Requirements.ALL, Instant.now(), name);
                return "accepted";
            } catch (SigstoreException e) {
                return "rejected: " + e.getMessage();
            }
        }
    }

    static void keyless(Path tsv, double warmupSeconds, double seconds) throws IOException {
        List<KeylessCase> cases = new ArrayList<>();
        for (String row : Files.readAllLines(tsv)) {
            if (!row.isBlank() && !row.startsWith("#")) {
                cases.add(KeylessCase.parse(row));
            }
        }
        for (KeylessCase c : cases) {
            String verdict = c.verify(c.expectation(c.san()));
            String other = c.verify(c.expectation("^https://example\\.com/someone-else$"));
            System.out.printf("  signet  %-18s %s; another SAN: %s%n", c.name(), verdict, other.equals("accepted") ? "ACCEPTED (wrong)" : "refused");
            if (!verdict.equals("accepted") || other.equals("accepted")) {
                System.exit(1);
            }
        }
        for (KeylessCase c : cases) {
            SigstoreVerifier.Expectation expected = c.expectation(c.san());
            IntPredicate check = i -> c.verify(expected).equals("accepted");
            timed(check, 1, warmupSeconds);
            System.out.printf("signet_keyless_%s_per_s=%.1f%n", c.name().replaceAll("[^A-Za-z0-9]", "_"), timed(check, 1, seconds) / seconds);
        }
    }

    private static VerificationKey readKey(Path dir, String name) {
        try {
            return PemKeys.parsePublicKey(Files.readString(dir.resolve(name)), name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
