package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.json.Json;
import dev.signet.oci.Descriptor;
import dev.signet.oci.MediaTypes;
import dev.signet.oci.RawManifest;
import dev.signet.reference.Repository;
import dev.signet.registry.HttpRegistryClient;
import dev.signet.registry.RegistryOptions;
import dev.signet.registry.auth.CredentialProvider;
import dev.signet.signature.SignatureTags;
import dev.signet.testing.CosignTestImage;
import dev.signet.testing.Images;
import dev.signet.testing.LocalRegistry;
import dev.signet.testing.Vectors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code signet sign | verify | triangulate} against the real registry, with cosign's exit codes. */
class RegistryCommandsIT {
    private static LocalRegistry registry;
    private static HttpRegistryClient client;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        registry = LocalRegistry.anonymous();
        client = new HttpRegistryClient(RegistryOptions.defaults(), CredentialProvider.anonymous());
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    private Map<String, String> env() {
        return Map.of("COSIGN_PASSWORD", "pw", "HOME", dir.toString());
    }

    private Path keyPair() {
        assertThat(CliRun.of(env(), "generate-key-pair", "--output-dir", dir.toString()).exitCode()).isZero();
        return dir;
    }

    @Test
    void signThenVerify_legacyAndBundle_printCosignsPayloadAndExitZero() throws Exception {
        Path keys = keyPair();
        Repository repository = registry.uniqueRepository("cli/app");
        RawManifest image = Images.pushRandom(client, repository, "v1");
        String ref = repository + ":v1";

        CliRun legacy = CliRun.of(env(), "sign", "--key", keys.resolve("cosign.key").toString(), "-a", "team=payments", ref);
        CliRun bundle = CliRun.of(env(), "sign", "--key", keys.resolve("cosign.key").toString(), "--bundle", ref);
        CliRun again = CliRun.of(env(), "sign", "--key", keys.resolve("cosign.key").toString(), "-a", "team=payments", ref);
        CliRun verify = CliRun.of(env(), "verify", "--key", keys.resolve("cosign.pub").toString(), ref);
        CliRun annotated = CliRun.of(env(), "verify", "--key", keys.resolve("cosign.pub").toString(), "-a", "team=payments", ref);

        assertThat(legacy.exitCode()).as(legacy.err()).isZero();
        assertThat(legacy.err()).contains("Pushed signature to: " + repository + ":sha256-" + image.digest().hex() + ".sig");
        assertThat(bundle.exitCode()).as(bundle.err()).isZero();
        assertThat(again.err()).contains("Signature already present at:");
        assertThat(verify.exitCode()).as(verify.err()).isZero();
        JsonNode payloads = Json.mapper().readTree(verify.out());
        assertThat(payloads).hasSize(2);
        // each payload as signed: the .sig layer's simple-signing document and the bundle's in-toto statement
        JsonNode simpleSigning = payloads.get(payloads.get(0).has("critical") ? 0 : 1);
        JsonNode statement = payloads.get(payloads.get(0).has("critical") ? 1 : 0);
        assertThat(simpleSigning.at("/critical/image/docker-manifest-digest").asText()).isEqualTo(image.digest().toString());
        assertThat(simpleSigning.at("/critical/type").asText()).isEqualTo("cosign container image signature");
        assertThat(statement.at("/subject/0/digest/sha256").asText()).isEqualTo(image.digest().hex());
        assertThat(annotated.exitCode()).isZero();
        assertThat(Json.mapper().readTree(annotated.out())).hasSize(1);
    }

    @Test
    void verify_cosignSignedVector_exitsZeroWithAlicesKey() throws Exception {
        Repository repository = registry.uniqueRepository("securesystemsengineering/testimage");
        CosignTestImage.pushSignatures(client, repository, CosignTestImage.ALICE);
        Path alice = dir.resolve("alice.pub");
        Files.writeString(alice, Vectors.text("signatures/testimage/keys/alice.pub"));

        CliRun run = CliRun.of(env(), "verify", "--key", alice.toString(), repository + "@" + CosignTestImage.ALICE);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Json.mapper().readTree(run.out()).get(0).at("/critical/image/docker-manifest-digest").asText())
                .isEqualTo(CosignTestImage.ALICE.toString());
        // the payload exactly as cosign signed it (issue 13, item 15): the layer blob, byte for byte, inside the array
        RawManifest signatures = RawManifest.of(Vectors.bytes("signatures/testimage/manifests/" + SignatureTags.signature(CosignTestImage.ALICE) + ".json"),
                MediaTypes.OCI_MANIFEST);
        Descriptor layer = signatures.asImageManifest().layers().get(0);
        String signed = new String(Vectors.bytes("signatures/testimage/blobs/" + layer.digest().toString().replace(':', '-') + ".json"), StandardCharsets.UTF_8);
        assertThat(run.out().strip()).isEqualTo("[" + signed + "]");
    }

    @Test
    void verifyKeyless_cosignsPublicGoodSignature_exitsZeroForItsIdentity_12ForAnother_2WithoutAnIssuer() {
        Repository repository = registry.uniqueRepository("securesystemsengineering/testimage");
        CosignTestImage.pushSignatures(client, repository, CosignTestImage.KEYLESS);
        String image = repository + "@" + CosignTestImage.KEYLESS;

        CliRun verified = CliRun.of(env(), "verify", "--certificate-identity", "philipp.belitz@securesystems.de",
                "--certificate-oidc-issuer", "https://github.com/login/oauth", "--yes", image);
        CliRun regexp = CliRun.of(env(), "verify", "--certificate-identity-regexp", "@securesystems\\.de$",
                "--certificate-oidc-issuer-regexp", "^https://github\\.com/", image);
        CliRun other = CliRun.of(env(), "verify", "--certificate-identity", "someone@example.com",
                "--certificate-oidc-issuer", "https://github.com/login/oauth", image);
        CliRun noIssuer = CliRun.of(env(), "verify", "--certificate-identity", "philipp.belitz@securesystems.de", image);

        assertThat(verified.exitCode()).as(verified.err()).isZero();
        assertThat(verified.err()).contains("certificate chains to a Fulcio CA of the Sigstore public-good trusted root", "with an SCT",
                "transparency-log entry", "signature, tlog, chain, sct, identity");
        assertThat(regexp.exitCode()).as(regexp.err()).isZero();
        assertThat(other.exitCode()).isEqualTo(ExitCodes.NO_MATCHING_SIGNATURE);
        assertThat(other.err()).contains("identity: subject philipp.belitz@securesystems.de does not match \"someone@example.com\"");
        assertThat(noIssuer.exitCode()).isEqualTo(ExitCodes.INPUT_ERROR);
        assertThat(noIssuer.err()).contains("--certificate-oidc-issuer");
    }

    @Test
    void verify_failures_useCosignsExitCodes() throws Exception {
        Path keys = keyPair();
        Repository repository = registry.uniqueRepository("cli/codes");
        Images.pushRandom(client, repository, "unsigned");
        Images.pushRandom(client, repository, "signed");
        assertThat(CliRun.of(env(), "sign", "--key", keys.resolve("cosign.key").toString(), repository + ":signed").exitCode()).isZero();
        Path other = dir.resolve("other.pub");
        Files.writeString(other, Vectors.text("signatures/testimage/keys/alice.pub"));
        String pub = keys.resolve("cosign.pub").toString();

        CliRun unsigned = CliRun.of(env(), "verify", "--key", pub, repository + ":unsigned");
        CliRun missing = CliRun.of(env(), "verify", "--key", pub, repository + ":absent");
        CliRun wrongKey = CliRun.of(env(), "verify", "--key", other.toString(), repository + ":signed");
        CliRun badRef = CliRun.of(env(), "verify", "--key", pub, "registry.local/Team/app:v1");
        CliRun unreachable = CliRun.of(env(), "verify", "--key", pub, "127.0.0.1:1/nothing:here");

        assertThat(unsigned.exitCode()).isEqualTo(10);
        assertThat(unsigned.err()).contains("no signatures found");
        assertThat(missing.exitCode()).isEqualTo(11);
        assertThat(wrongKey.exitCode()).isEqualTo(12);
        assertThat(wrongKey.err()).contains("NO_MATCHING_KEY");
        assertThat(badRef.exitCode()).isEqualTo(2);
        assertThat(badRef.err()).contains("parse reference \"registry.local/Team/app:v1\"");
        assertThat(unreachable.exitCode()).as(unreachable.err()).isEqualTo(3);
    }

    @Test
    void triangulate_printsTheSignatureTagAndBundleReferrers() {
        Path keys = keyPair();
        Repository repository = registry.uniqueRepository("cli/where");
        RawManifest image = Images.pushRandom(client, repository, "v1");
        CliRun.of(env(), "sign", "--key", keys.resolve("cosign.key").toString(), "--bundle", repository + ":v1");

        CliRun signature = CliRun.of(env(), "triangulate", repository + ":v1");
        CliRun bundle = CliRun.of(env(), "triangulate", "--type", "bundle", repository + ":v1");

        assertThat(signature.out().strip()).isEqualTo(repository + ":sha256-" + image.digest().hex() + ".sig");
        assertThat(bundle.out().strip()).startsWith(repository + "@sha256:").doesNotContain("\n");
    }
}
