package dev.signet.sigstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.keys.PemKeys;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 14: every case of sigstore-conformance's {@code bundle-verify} suite (70 bundles with expected outcomes, commit
 * in {@code vectors/keyless/sigstore-conformance/COMMIT}), driven as the suite drives a client: the artifact, the
 * identity and issuer (or {@code key.pub}) and the trusted root of each folder. A case ending in {@code _fail} must be
 * refused, every other accepted. The score is printed and must stay at the README's number.
 */
class SigstoreConformanceTest {
    static final String DEFAULT_IDENTITY =
            "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
    static final String DEFAULT_ISSUER = "https://token.actions.githubusercontent.com";
    private static final List<String> MATCHED = new ArrayList<>();
    private static final List<String> MISSED = new ArrayList<>();

    static Path suite() throws URISyntaxException {
        return Path.of(SigstoreConformanceTest.class.getResource("/vectors/keyless/sigstore-conformance/bundle-verify").toURI());
    }

    static Stream<String> cases() throws IOException, URISyntaxException {
        try (Stream<Path> folders = Files.list(suite())) {
            return folders.filter(Files::isDirectory).map(path -> path.getFileName().toString()).sorted().toList().stream();
        }
    }

    /** Runs one case as the suite's client would; the outcome's message when refused, empty when verified. */
    static Optional<String> run(Path folder) throws IOException, URISyntaxException {
        Path artifact = Files.exists(folder.resolve("artifact")) ? folder.resolve("artifact") : suite().resolve("a.txt");
        Path rootFile = folder.resolve("trusted_root.json");
        try {
            TrustedRoot root = Files.exists(rootFile) ? TrustedRoot.parse(Files.readAllBytes(rootFile), rootFile.getFileName().toString())
                    : TrustedRoot.production();
            BundleDocument bundle = BundleDocument.parse(Files.readAllBytes(folder.resolve("bundle.sigstore.json")), folder.getFileName().toString());
            SigstoreVerifier.Expectation expected;
            if (Files.exists(folder.resolve("key.pub"))) {
                expected = new SigstoreVerifier.Expectation.Key(PemKeys.parsePublicKeys(Files.readString(folder.resolve("key.pub")), "key.pub").get(0));
            } else {
                String identity = read(folder.resolve("identity"), DEFAULT_IDENTITY);
                String issuer = read(folder.resolve("issuer"), DEFAULT_ISSUER);
                expected = new SigstoreVerifier.Expectation.Identities(List.of(new IdentityMatcher(TextMatch.exact(identity), TextMatch.exact(issuer))));
            }
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(artifact));
            SigstoreVerifier.verifyBundle(bundle, Optional.of(digest), root, expected, SigstoreVerifier.Requirements.ALL, Instant.now(),
                    folder.getFileName().toString());
            return Optional.empty();
        } catch (dev.signet.SignetException e) {
            return Optional.of(e.getMessage());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path file, String otherwise) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : otherwise;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void bundleVerify(String name) throws Exception {
        Optional<String> refused = run(suite().resolve(name));
        boolean shouldFail = name.endsWith("_fail");
        (refused.isPresent() == shouldFail ? MATCHED : MISSED).add(name + (refused.isPresent() ? ": " + refused.get() : ": verified"));
        if (shouldFail) {
            assertThat(refused).as(name + " must be refused").isPresent();
        } else {
            assertThat(refused).as(name + " must verify").isEmpty();
        }
    }

    @AfterAll
    static void score() {
        System.out.println("sigstore-conformance bundle-verify: " + MATCHED.size() + " of " + (MATCHED.size() + MISSED.size()) + " match");
        MATCHED.stream().filter(line -> !line.endsWith(": verified")).forEach(refused -> System.out.println("  refused " + refused));
        MISSED.forEach(missed -> System.out.println("  missed " + missed));
    }
}
