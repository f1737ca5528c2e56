package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.json.Json;
import dev.signet.oci.RawManifest;
import dev.signet.reference.Repository;
import dev.signet.registry.HttpRegistryClient;
import dev.signet.registry.RegistryOptions;
import dev.signet.registry.auth.CredentialProvider;
import dev.signet.testing.Images;
import dev.signet.testing.LocalRegistry;
import dev.signet.testing.sigstore.FulcioCertificate;
import dev.signet.testing.sigstore.KeylessAttestations;
import dev.signet.testing.sigstore.TestSigstore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code signet verify-attestation --certificate-identity ... --certificate-oidc-issuer ... --trusted-root FILE} against
 * the real CNCF distribution registry: keyless SLSA attestations from the test Sigstore stack in both cosign layouts
 * (the {@code .att} image with an {@code intoto} entry as Rekor stores it, and a bundle v0.3 referrer), with cosign's
 * exit codes: 0 and one envelope per line, 12 for another identity, 1 for another type, 10 without attestations.
 */
class VerifyAttestationKeylessIT {
    private static final String SLSA1 = "https://slsa.dev/provenance/v1";
    private static LocalRegistry registry;
    private static HttpRegistryClient client;
    private static TestSigstore sigstore;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        registry = LocalRegistry.anonymous();
        client = new HttpRegistryClient(RegistryOptions.defaults(), CredentialProvider.anonymous());
        sigstore = TestSigstore.create();
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    private CliRun verify(String identity, String type, String image) throws Exception {
        Path root = Files.writeString(dir.resolve("trusted_root.json"), sigstore.trustedRootJson());
        return CliRun.of(Map.of("HOME", dir.toString()), "verify-attestation", "--type", type, "--certificate-identity", identity,
                "--certificate-oidc-issuer", TestSigstore.DEFAULT_ISSUER, "--trusted-root", root.toString(), image);
    }

    @Test
    void bothLayouts_verifyForTheIdentity_withCosignsExitCodes() throws Exception {
        Repository repository = registry.uniqueRepository("katt/app");
        RawManifest image = Images.pushRandom(client, repository, "v1");
        RawManifest bare = Images.pushRandom(client, repository, "bare");
        FulcioCertificate signer = sigstore.certificate();
        byte[] statement = KeylessAttestations.statement(repository.toString(), image.digest(), SLSA1, "{\"buildDefinition\":{\"buildType\":\"x\"}}");
        KeylessAttestations.pushLegacy(client, repository, image.digest(), sigstore.attestImage(signer, statement, SLSA1, false));
        KeylessAttestations.pushBundle(client, repository, image, sigstore.signStatement(signer, statement).json(), SLSA1);
        String ref = repository + ":v1";

        CliRun verified = verify(TestSigstore.DEFAULT_SAN, "slsaprovenance1", ref);
        CliRun otherIdentity = verify("https://github.com/evil/app/.github/workflows/x.yml@refs/heads/main", "slsaprovenance1", ref);
        CliRun otherType = verify(TestSigstore.DEFAULT_SAN, "cyclonedx", ref);
        CliRun none = verify(TestSigstore.DEFAULT_SAN, "slsaprovenance1", repository + ":bare");

        assertThat(verified.exitCode()).as(verified.err()).isZero();
        assertThat(verified.err()).contains("certificate chains to a Fulcio CA of", "with an SCT", "transparency-log entry",
                "The certificate names subject \"" + TestSigstore.DEFAULT_SAN + "\"", "signature, tlog, chain, sct, identity");
        assertThat(verified.out().strip().split("\n")).hasSize(2).allSatisfy(line -> {
            var envelope = Json.mapper().readTree(line);
            assertThat(new String(Base64.getDecoder().decode(envelope.path("payload").asText()))).contains(image.digest().hex(), SLSA1);
        });
        assertThat(otherIdentity.exitCode()).as(otherIdentity.err()).isEqualTo(ExitCodes.NO_MATCHING_SIGNATURE);
        assertThat(otherIdentity.err()).contains("identity: subject " + TestSigstore.DEFAULT_SAN + " does not match");
        assertThat(otherType.exitCode()).as(otherType.err()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
        assertThat(none.exitCode()).as(none.err()).isEqualTo(ExitCodes.NO_SIGNATURES);
        assertThat(bare.digest()).isNotEqualTo(image.digest());
    }
}
