package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, item 6: {@code signet verify-blob} as cosign's {@code verify-blob --bundle}, run in-process on
 * sigstore-conformance's {@code bundle-verify} folders and on the mock stack's frozen run, and on all 70 conformance
 * cases at once, driven exactly as the suite drives cosign (the artifact, {@code --bundle}, {@code
 * --certificate-identity} and {@code --certificate-oidc-issuer} or {@code --key key.pub}, {@code --trusted-root}).
 */
class VerifyBlobCommandTest {
    static final String DEFAULT_IDENTITY =
            "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
    static final String DEFAULT_ISSUER = "https://token.actions.githubusercontent.com";
    static final String MOCK_IDENTITY = "https://github.com/acme/signet-demo/.github/workflows/release.yml@refs/heads/main";

    @TempDir
    Path dir;

    static Path suite() throws URISyntaxException {
        return Path.of(VerifyBlobCommandTest.class.getResource("/vectors/keyless/sigstore-conformance/bundle-verify").toURI());
    }

    static Path mock() throws URISyntaxException {
        return Path.of(VerifyBlobCommandTest.class.getResource("/vectors/keyless/mock").toURI());
    }

    /** The command line the conformance suite's cosign client builds for one case folder. */
    static List<String> conformanceArgs(Path folder) throws IOException, URISyntaxException {
        List<String> args = new ArrayList<>(List.of("verify-blob", "--bundle", folder.resolve("bundle.sigstore.json").toString()));
        if (Files.exists(folder.resolve("key.pub"))) {
            args.addAll(List.of("--key", folder.resolve("key.pub").toString()));
        } else {
            args.addAll(List.of("--certificate-identity", read(folder.resolve("identity"), DEFAULT_IDENTITY),
                    "--certificate-oidc-issuer", read(folder.resolve("issuer"), DEFAULT_ISSUER)));
        }
        if (Files.exists(folder.resolve("trusted_root.json"))) {
            args.addAll(List.of("--trusted-root", folder.resolve("trusted_root.json").toString()));
        }
        Path artifact = Files.exists(folder.resolve("artifact")) ? folder.resolve("artifact") : suite().resolve("a.txt");
        args.add(artifact.toString());
        return args;
    }

    private static String read(Path file, String otherwise) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : otherwise;
    }

    private static CliRun run(List<String> args) {
        return CliRun.of(Map.of(), args.toArray(String[]::new));
    }

    private static CliRun conformance(String name) throws Exception {
        return run(conformanceArgs(suite().resolve(name)));
    }

    private static void assertOneLineError(CliRun run) {
        assertThat(run.err().strip()).as(run.err()).doesNotContain("\n").startsWith("Error: ");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void happyPathV03_verifiesAndListsTheChecksAndTheIdentity() throws Exception {
        CliRun run = conformance("happy-path-v0.3");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("Verified OK: signature, tlog, chain, sct, identity\n")
                .contains("Identity: " + DEFAULT_IDENTITY + " (issuer " + DEFAULT_ISSUER + ")");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void dsseBundle_verifiesWithTheFileAsTheStatementsSubject() throws Exception {
        CliRun run = conformance("happy-path-intoto-in-dsse-v3");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("Verified OK: signature").contains("identity");
    }

    @Test
    void managedKey_verifiesWithKeyPub_withoutIdentityFlags() throws Exception {
        CliRun run = conformance("managed-key-happy-path");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("Verified OK: signature, timestamp, tlog\n").contains("Key: ");
    }

    @Test
    void wrongIdentity_isNoneMatched_withTheIdentityCheckNamed() throws Exception {
        List<String> args = conformanceArgs(suite().resolve("happy-path-v0.3"));
        args.set(args.indexOf("--certificate-identity") + 1, "https://github.com/someone/else/.github/workflows/x.yml@refs/heads/main");

        CliRun run = run(args);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.NO_MATCHING_SIGNATURE);
        assertOneLineError(run);
        assertThat(run.err()).contains("identity: subject");
    }

    @Test
    void identityRegexpAndIssuerRegexp_areAcceptedAsCosignsFlags() throws Exception {
        List<String> args = conformanceArgs(suite().resolve("happy-path-v0.3"));
        args.set(args.indexOf("--certificate-identity"), "--certificate-identity-regexp");
        args.set(args.indexOf("--certificate-identity-regexp") + 1, "^https://github.com/sigstore-conformance/");
        args.set(args.indexOf("--certificate-oidc-issuer"), "--certificate-oidc-issuer-regexp");
        args.set(args.indexOf("--certificate-oidc-issuer-regexp") + 1, "githubusercontent");
        args.addAll(1, List.of("--yes", "--allow-insecure-registry", "--tlog-upload=false"));

        CliRun run = run(args);

        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    @Test
    void tamperedBundle_isRefused_withTheFailedCheckNamed() throws Exception {
        CliRun run = conformance("signature-mismatch_fail");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
        assertOneLineError(run);
        assertThat(run.err()).contains("signature: the signature does not verify");
    }

    @Test
    void tamperedInclusionProof_namesTheTransparencyLog() throws Exception {
        CliRun run = conformance("inclusion-proof-corrupted-hash_fail");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
        assertOneLineError(run);
        assertThat(run.err()).contains("transparency log: ");
    }

    @Test
    void wrongKey_isNoneMatched() throws Exception {
        CliRun run = conformance("managed-key-wrong-key_fail");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.NO_MATCHING_SIGNATURE);
        assertOneLineError(run);
    }

    @Test
    void missingIssuerFlag_isAUsageError_asCosignRefusesIt() throws Exception {
        List<String> args = conformanceArgs(suite().resolve("happy-path-v0.3"));
        int at = args.indexOf("--certificate-oidc-issuer");
        args.remove(at + 1);
        args.remove(at);

        CliRun run = run(args);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.INPUT_ERROR);
        assertOneLineError(run);
        assertThat(run.err()).contains("--certificate-oidc-issuer");
    }

    @Test
    void missingIdentityFlag_isAUsageError() throws Exception {
        Path folder = suite().resolve("happy-path-v0.3");
        CliRun run = run(List.of("verify-blob", "--bundle", folder.resolve("bundle.sigstore.json").toString(),
                "--certificate-oidc-issuer", DEFAULT_ISSUER, suite().resolve("a.txt").toString()));

        assertThat(run.exitCode()).isEqualTo(ExitCodes.INPUT_ERROR);
        assertOneLineError(run);
        assertThat(run.err()).contains("--certificate-identity");
    }

    @Test
    void mockStack_withItsTrustedRoot_verifiesTheDsseSubject() throws Exception {
        CliRun run = run(List.of("verify-blob", "--bundle", mock().resolve("dsse-intoto.sigstore.json").toString(),
                "--trusted-root", mock().resolve("trusted_root.json").toString(),
                "--certificate-identity", MOCK_IDENTITY, "--certificate-oidc-issuer", DEFAULT_ISSUER,
                "--certificate-github-workflow-repository", "acme/signet-demo",
                mock().resolve("subject.bin").toString()));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("Verified OK: signature, timestamp, tlog, chain, sct, identity\n")
                .contains("Identity: " + MOCK_IDENTITY);
    }

    @Test
    void mockStack_againstTheDefaultProductionRoot_isRefused() throws Exception {
        CliRun run = run(List.of("verify-blob", "--bundle", mock().resolve("dsse-intoto.sigstore.json").toString(),
                "--certificate-identity", MOCK_IDENTITY, "--certificate-oidc-issuer", DEFAULT_ISSUER,
                mock().resolve("subject.bin").toString()));

        assertThat(run.exitCode()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
        assertOneLineError(run);
    }

    @Test
    void mockStack_anotherFile_isNotTheStatementsSubject() throws Exception {
        Path other = Files.writeString(dir.resolve("other.bin"), "not the subject");
        CliRun run = run(List.of("verify-blob", "--bundle", mock().resolve("dsse-intoto.sigstore.json").toString(),
                "--trusted-root", mock().resolve("trusted_root.json").toString(),
                "--certificate-identity", MOCK_IDENTITY, "--certificate-oidc-issuer", DEFAULT_ISSUER, other.toString()));

        assertThat(run.exitCode()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
        assertOneLineError(run);
        assertThat(run.err()).contains("artifact: the statement's subjects do not include");
    }

    /**
     * The whole bundle-verify suite through the command line, as sigstore-conformance drives cosign: every case
     * ending in {@code _fail} exits non-zero with one line on stderr, every other exits 0.
     */
    @Test
    void allConformanceCases_throughTheCli_match() throws Exception {
        List<String> names;
        try (Stream<Path> folders = Files.list(suite())) {
            names = folders.filter(Files::isDirectory).map(path -> path.getFileName().toString()).sorted().toList();
        }
        List<String> missed = new ArrayList<>();
        for (String name : names) {
            CliRun run = conformance(name);
            boolean refused = run.exitCode() != 0;
            boolean oneLine = refused ? run.err().strip().lines().count() == 1 : run.out().startsWith("Verified OK: ");
            if (refused != name.endsWith("_fail") || !oneLine) {
                missed.add(name + " (exit " + run.exitCode() + ": " + run.err().strip() + ")");
            }
        }
        System.out.println("sigstore-conformance bundle-verify through signet verify-blob: " + (names.size() - missed.size()) + " of "
                + names.size() + " match");
        assertThat(names).hasSize(70);
        assertThat(missed).isEmpty();
    }
}
