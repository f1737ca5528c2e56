package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.json.Json;
import dev.signet.keys.PemKeys;
import dev.signet.keys.VerificationKey;
import dev.signet.oci.Descriptor;
import dev.signet.oci.ImageManifest;
import dev.signet.oci.MediaTypes;
import dev.signet.oci.RawManifest;
import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import dev.signet.registry.HttpRegistryClient;
import dev.signet.registry.RegistryOptions;
import dev.signet.registry.auth.CredentialProvider;
import dev.signet.signature.AttestationLayers;
import dev.signet.signature.BundleManifest;
import dev.signet.signature.CosignAnnotations;
import dev.signet.signature.DsseEnvelope;
import dev.signet.signature.PredicateTypes;
import dev.signet.signature.SignatureManifest;
import dev.signet.signature.SignatureTags;
import dev.signet.signature.SigstoreBundle;
import dev.signet.testing.Images;
import dev.signet.testing.LocalRegistry;
import dev.signet.testing.Vectors;
import dev.signet.verification.AttestationCheck;
import dev.signet.verification.AttestationResult;
import dev.signet.verification.AttestationVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code signet attest | verify-attestation} and the attestation verifier against the real registry (distribution
 * 2.8: bundles through the referrers fallback tag), with cosign's own attestations pushed in from the vectors.
 */
class AttestationIT {
    private static final String SLSA = "{\"builder\":{\"id\":\"https://github.com/acme/builder\"},\"buildType\":\"https://example.com/build\"}";
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

    private String key(String file) {
        if (!Files.exists(dir.resolve("cosign.key"))) {
            assertThat(CliRun.of(env(), "generate-key-pair", "--output-dir", dir.toString()).exitCode()).isZero();
        }
        return dir.resolve(file).toString();
    }

    @Test
    void attestBothLayouts_verifyAttestationRoundTrips_andPrintsOneEnvelopePerLine() throws Exception {
        Repository repository = registry.uniqueRepository("att/app");
        RawManifest image = Images.pushRandom(client, repository, "v1");
        Path predicate = Files.writeString(dir.resolve("slsa.json"), SLSA);
        String ref = repository + ":v1";

        CliRun legacy = CliRun.of(env(), "attest", "--key", key("cosign.key"), "--type", "slsaprovenance", "--predicate", predicate.toString(),
                "--tlog-upload=false", "--yes", ref);
        CliRun again = CliRun.of(env(), "attest", "--key", key("cosign.key"), "--type", "slsaprovenance", "--predicate", predicate.toString(),
                "--tlog-upload=false", ref);
        CliRun bundle = CliRun.of(env(), "attest", "--key", key("cosign.key"), "--type", "slsaprovenance", "--predicate", predicate.toString(),
                "--bundle", ref);
        CliRun verify = CliRun.of(env(), "verify-attestation", "--key", key("cosign.pub"), "--type", "slsaprovenance", ref);

        assertThat(legacy.exitCode()).as(legacy.err()).isZero();
        assertThat(legacy.err()).contains("Pushed attestation to: " + repository + ":sha256-" + image.digest().hex() + ".att");
        assertThat(again.err()).contains("Attestation already present at:");
        assertThat(bundle.exitCode()).as(bundle.err()).isZero();
        assertThat(verify.exitCode()).as(verify.err()).isZero();
        List<String> lines = verify.out().lines().toList();
        assertThat(lines).hasSize(2);
        for (String line : lines) {
            JsonNode envelope = Json.mapper().readTree(line);
            JsonNode statement = Json.mapper().readTree(Base64.getDecoder().decode(envelope.path("payload").asText()));
            assertThat(envelope.path("payloadType").asText()).isEqualTo("application/vnd.in-toto+json");
            assertThat(statement.path("_type").asText()).isEqualTo("https://in-toto.io/Statement/v0.1");
            assertThat(statement.path("predicateType").asText()).isEqualTo(PredicateTypes.SLSA_PROVENANCE_02);
            assertThat(statement.at("/subject/0/digest/sha256").asText()).isEqualTo(image.digest().hex());
            assertThat(statement.at("/predicate/builder/id").asText()).isEqualTo("https://github.com/acme/builder");
        }
    }

    @Test
    void attAsCosignWritesIt_oneDsseLayerPerAttestation_withThePredicateTypeAnnotation() {
        Repository repository = registry.uniqueRepository("att/shape");
        RawManifest image = Images.pushRandom(client, repository, "v1");
        Path predicate = writePredicate("hello\n");
        CliRun.of(env(), "attest", "--key", key("cosign.key"), "--predicate", predicate.toString(), repository + ":v1");
        CliRun.of(env(), "attest", "--key", key("cosign.key"), "--type", "https://example.com/review/v1", "--predicate",
                writePredicate("{\"ok\":true}").toString(), repository + ":v1");

        RawManifest att = client.getManifest(ImageReference.of(repository, Tag.parse(SignatureTags.attestation(image.digest()))));
        ImageManifest manifest = att.asImageManifest();

        assertThat(att.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(manifest.layers()).extracting(Descriptor::mediaType).containsOnly("application/vnd.dsse.envelope.v1+json");
        assertThat(manifest.layers()).extracting(l -> l.annotations()).containsExactly(
                Map.of(CosignAnnotations.SIGNATURE, "", AttestationLayers.PREDICATE_TYPE, PredicateTypes.CUSTOM),
                Map.of(CosignAnnotations.SIGNATURE, "", AttestationLayers.PREDICATE_TYPE, "https://example.com/review/v1"));
        // the config is the .sig image's: one history entry and diff_id per layer, byte for byte as cosign builds it
        assertThat(client.getBlob(repository, manifest.config().digest(), 4096))
                .isEqualTo(SignatureManifest.buildFromLayers(manifest.layers()).config());
        String raw = new String(att.bytes(), StandardCharsets.UTF_8);
        assertThat(raw).contains("\"annotations\":{\"dev.cosignproject.cosign/signature\":\"\",\"predicateType\":");
    }

    @Test
    void verifyAttestation_failures_useCosignsExitCodes() throws Exception {
        Repository repository = registry.uniqueRepository("att/codes");
        Images.pushRandom(client, repository, "bare");
        Images.pushRandom(client, repository, "attested");
        CliRun.of(env(), "attest", "--key", key("cosign.key"), "--predicate", writePredicate("x").toString(), repository + ":attested");
        Path other = Files.writeString(dir.resolve("other.pub"), Vectors.text("attestations/kyverno-cosign1/cosign.pub"));

        assertThat(CliRun.of(env(), "verify-attestation", "--key", key("cosign.pub"), repository + ":bare").exitCode()).isEqualTo(10);
        assertThat(CliRun.of(env(), "verify-attestation", "--key", key("cosign.pub"), repository + ":absent").exitCode()).isEqualTo(11);
        CliRun wrongKey = CliRun.of(env(), "verify-attestation", "--key", other.toString(), repository + ":attested");
        assertThat(wrongKey.exitCode()).isEqualTo(12);
        assertThat(wrongKey.err()).contains("NO_MATCHING_KEY");
        CliRun wrongType = CliRun.of(env(), "verify-attestation", "--key", key("cosign.pub"), "--type", "cyclonedx", repository + ":attested");
        assertThat(wrongType.exitCode()).isEqualTo(1);
        assertThat(wrongType.err()).contains("WRONG_PREDICATE_TYPE");
        assertThat(CliRun.of(env(), "verify-attestation", "--key", key("cosign.pub"), "--type", "not a type", repository + ":attested").exitCode()).isEqualTo(1);
    }

    @Test
    void cosignBundleAttestation_verifiesForItsDigest_andNotForAnotherOrAnotherType() {
        Repository repository = registry.uniqueRepository("att/cosign-bundle");
        Digest subject = Digest.parse("sha256:732112270d7e59418a8c080b134b24cabd67d250d0d0147a97ed95ba5c280aa4");
        Digest other = Images.pushRandom(client, repository, "other").digest();
        byte[] bytes = Vectors.bytes("attestations/cosign-bundle/oci-attestation.sigstore.json");
        attach(repository, subject, bytes);
        attach(repository, other, bytes);
        VerificationKey signer = PemKeys.parsePublicKey(Vectors.text("attestations/cosign-bundle/signer.pub"), "signer");
        VerificationKey kyverno = PemKeys.parsePublicKey(Vectors.text("attestations/kyverno-cosign1/cosign.pub"), "kyverno");
        AttestationVerifier verifier = new AttestationVerifier(client);

        assertThat(verifier.verify(ImageReference.of(repository, subject), List.of(signer), PredicateTypes.CUSTOM).outcome())
                .isEqualTo(AttestationResult.Outcome.VERIFIED);
        assertThat(status(verifier.verify(ImageReference.of(repository, other), List.of(signer), PredicateTypes.CUSTOM)))
                .isEqualTo(AttestationCheck.Status.DIGEST_MISMATCH);
        assertThat(status(verifier.verify(ImageReference.of(repository, subject), List.of(signer), PredicateTypes.SLSA_PROVENANCE_1)))
                .isEqualTo(AttestationCheck.Status.WRONG_PREDICATE_TYPE);
        assertThat(status(verifier.verify(ImageReference.of(repository, subject), List.of(kyverno), PredicateTypes.CUSTOM)))
                .isEqualTo(AttestationCheck.Status.NO_MATCHING_KEY);
    }

    @Test
    void cosign1AttLayers_signatureVerifies_butTheirPayloadTypeIsRefused_andTamperingBreaksTheSignature() {
        Repository repository = registry.uniqueRepository("att/cosign1");
        Digest image = Digest.parse("sha256:b31bfb4d0213f254d361e0079deaaebefa4f82ba7aa76ef82e90b4935ad5b105");
        List<String> files = List.of("kyverno-cosign1/codereview-1.json", "kyverno-cosign1/custom.json", "negative/custom-payload-tampered.json");
        List<Descriptor> layers = files.stream().map(file -> {
            DsseEnvelope envelope = DsseEnvelope.parse(Vectors.bytes("attestations/" + file), file);
            client.putBlob(repository, Descriptor.of(MediaTypes.DSSE_ENVELOPE, envelope.bytes()).digest(), envelope.bytes());
            return AttestationLayers.layer(envelope, envelope.payloadType());
        }).toList();
        SignatureManifest.Built built = SignatureManifest.buildFromLayers(layers);
        client.putBlob(repository, built.manifest().asImageManifest().config().digest(), built.config());
        client.putManifest(ImageReference.of(repository, Tag.parse(SignatureTags.attestation(image))), built.manifest());
        VerificationKey key = PemKeys.parsePublicKey(Vectors.text("attestations/kyverno-cosign1/cosign.pub"), "kyverno");

        AttestationResult result = new AttestationVerifier(client).verify(ImageReference.of(repository, image), List.of(key), PredicateTypes.CUSTOM);

        assertThat(result.checks()).extracting(AttestationCheck::status).containsExactly(AttestationCheck.Status.WRONG_PAYLOAD_TYPE,
                AttestationCheck.Status.WRONG_PAYLOAD_TYPE, AttestationCheck.Status.NO_MATCHING_KEY);
        assertThat(result.outcome()).isEqualTo(AttestationResult.Outcome.NO_MATCHING_ATTESTATION);
    }

    private static AttestationCheck.Status status(AttestationResult result) {
        return result.checks().get(0).status();
    }

    private static void attach(Repository repository, Digest subject, byte[] bytes) {
        SigstoreBundle bundle = SigstoreBundle.parse(bytes, "vector");
        RawManifest referrer = BundleManifest.build(bundle, Descriptor.of(MediaTypes.OCI_MANIFEST, subject, 1000), Instant.now(), PredicateTypes.CUSTOM);
        client.putBlob(repository, bundle.digest(), bytes);
        client.putBlob(repository, BundleManifest.EMPTY_CONFIG_DIGEST, BundleManifest.EMPTY_CONFIG);
        client.putManifest(ImageReference.of(repository, referrer.digest()), referrer);
        client.addReferrer(repository, subject, BundleManifest.referrerDescriptor(referrer));
    }

    private Path writePredicate(String text) {
        try {
            return Files.writeString(Files.createTempFile(dir, "predicate", ".json"), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
