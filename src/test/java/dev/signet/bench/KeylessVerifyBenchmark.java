package dev.signet.bench;

import dev.signet.sigstore.BundleDocument;
import dev.signet.sigstore.IdentityMatcher;
import dev.signet.sigstore.SigstoreVerifier;
import dev.signet.sigstore.TextMatch;
import dev.signet.sigstore.TrustedRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 14's target: keyless verification of one bundle against a cached (parsed once) trusted root, on one thread,
 * at least 2,000/s. One operation is what {@code verify-blob} does after reading the files: parse the bundle JSON,
 * then the signature, the transparency-log entry (SET, inclusion proof, signed checkpoint, logged body), any RFC 3161
 * timestamp, the certificate chain at the signing time, the embedded SCT and the identity.
 * <ul>
 *   <li>{@code PUBLIC_GOOD}: sigstore-java 2.0.0's bundle from Maven Central (v0.3, hashedrekord message signature,
 *       no timestamp) against the embedded production root, identity by regexp as cosign's
 *       {@code --certificate-identity-regexp}.</li>
 *   <li>{@code CONFORMANCE_V03}: sigstore-conformance's {@code happy-path-v0.3} (public-good, hashedrekord over
 *       {@code a.txt}), the production bundle bench/sigstore-js also gives @sigstore/verify, which needs the artifact
 *       itself (the sigstore-java jar is not in the repository).</li>
 *   <li>{@code MOCK_DSSE}: the frozen mock stack's DSSE in-toto bundle (Rekor dsse entry, one RFC 3161 timestamp)
 *       against its own root; the artifact is the statement's subject.</li>
 * </ul>
 * Run: {@code bench/run KeylessVerifyBenchmark -wi 3 -w 2 -i 5 -r 2 -f 1}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
@Fork(1)
public class KeylessVerifyBenchmark {
    private static final Path VECTORS = Path.of("src/test/resources/vectors/keyless");
    static final String GITHUB_ISSUER = "https://token.actions.githubusercontent.com";

    @Param({"PUBLIC_GOOD", "CONFORMANCE_V03", "MOCK_DSSE"})
    public String bundle;

    private byte[] bundleBytes;
    private byte[] artifactSha256;
    private TrustedRoot root;
    private SigstoreVerifier.Expectation expected;
    private Instant now;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Fixture fixture = Fixture.of(bundle);
        bundleBytes = fixture.bundle();
        artifactSha256 = fixture.artifactSha256();
        root = fixture.root();
        expected = fixture.expected();
        now = Instant.now();
        verify(); // fails the trial if the bundle does not verify
    }

    @Benchmark
    public SigstoreVerifier.Verified verify() {
        BundleDocument document = BundleDocument.parse(bundleBytes, "bench");
        return SigstoreVerifier.verifyBundle(document, Optional.of(artifactSha256), root, expected, SigstoreVerifier.Requirements.ALL, now, "bench");
    }

    /** One bundle with what verifying it takes. */
    record Fixture(byte[] bundle, byte[] artifactSha256, TrustedRoot root, SigstoreVerifier.Expectation expected) {
        static Fixture of(String name) throws IOException {
            return switch (name) {
                case "PUBLIC_GOOD" -> new Fixture(
                        Files.readAllBytes(VECTORS.resolve("public-good/sigstore-java-2.0.0.jar.sigstore.json")),
                        HexFormat.of().parseHex(Files.readString(VECTORS.resolve("public-good/sigstore-java-2.0.0.jar.digest")).strip()
                                .substring("sha256:".length())),
                        TrustedRoot.production(),
                        identity(TextMatch.regexp("^https://github.com/sigstore/sigstore-java/")));
                case "CONFORMANCE_V03" -> new Fixture(
                        Files.readAllBytes(VECTORS.resolve("sigstore-conformance/bundle-verify/happy-path-v0.3/bundle.sigstore.json")),
                        sha256(Files.readAllBytes(VECTORS.resolve("sigstore-conformance/bundle-verify/a.txt"))),
                        TrustedRoot.production(),
                        identity(TextMatch.regexp("^https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/")));
                case "MOCK_DSSE" -> new Fixture(mockBundle("dsse-intoto.sigstore.json"),
                        sha256(Files.readAllBytes(VECTORS.resolve("mock/subject.bin"))),
                        TrustedRoot.parse(Files.readAllBytes(VECTORS.resolve("mock/trusted_root.json")), "mock/trusted_root.json"),
                        identity(TextMatch.exact("https://github.com/acme/signet-demo/.github/workflows/release.yml@refs/heads/main")));
                default -> throw new IllegalArgumentException(name);
            };
        }

        private static SigstoreVerifier.Expectation identity(TextMatch subject) {
            return new SigstoreVerifier.Expectation.Identities(List.of(new IdentityMatcher(subject, TextMatch.exact(GITHUB_ISSUER))));
        }

        static byte[] mockBundle(String name) throws IOException {
            return Files.readAllBytes(VECTORS.resolve("mock/" + name));
        }

        private static byte[] sha256(byte[] bytes) {
            try {
                return MessageDigest.getInstance("SHA-256").digest(bytes);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
