package dev.signet.fuzz;

import dev.signet.json.Json;
import dev.signet.keys.SigningKey;
import dev.signet.oci.Descriptor;
import dev.signet.oci.ImageIndex;
import dev.signet.oci.InvalidManifestException;
import dev.signet.oci.MediaTypes;
import dev.signet.oci.Platform;
import dev.signet.oci.RawManifest;
import dev.signet.reference.Digest;
import dev.signet.signature.BundleManifest;
import dev.signet.signature.CosignSignature;
import dev.signet.signature.SignatureFormatException;
import dev.signet.signature.SignatureManifest;
import dev.signet.signature.SigstoreBundle;
import dev.signet.signature.SimpleSigningPayload;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Manifests and indexes as registries serve them: whatever a registry (or anything between us and it) sends is parsed
 * into {@code ImageManifest} and {@link ImageIndex}. What parses must write back to JSON, as a signer appends to the
 * {@code .sig} manifest it read.
 */
class ManifestFuzzTest {
    private static final Digest DIGEST = Digest.parse("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

    @TestFactory
    Stream<DynamicTest> fuzz() {
        List<byte[]> seeds = seeds();
        return Fuzzer.tests(
                FuzzTarget.<byte[]>named("oci.manifest")
                        .seeds(seeds)
                        .mutator(Mutators.json())
                        .parse(bytes -> RawManifest.of(bytes, MediaTypes.OCI_MANIFEST).asImageManifest())
                        .rejects(InvalidManifestException.class)
                        // a signer appends to the .sig manifest it read, so what was read must be writable
                        .check((input, result) -> Json.write(result))
                        .build(),
                FuzzTarget.<byte[]>named("oci.index")
                        .seeds(seeds)
                        .mutator(Mutators.json())
                        .parse(bytes -> RawManifest.of(bytes, MediaTypes.OCI_INDEX).asImageIndex())
                        .rejects(InvalidManifestException.class)
                        .check((input, result) -> Json.write(result))
                        .build(),
                FuzzTarget.<byte[]>named("signature.manifest")
                        .seeds(seeds)
                        .mutator(Mutators.json())
                        .parse(bytes -> SignatureManifest.signatureLayers(RawManifest.of(bytes, MediaTypes.OCI_MANIFEST), "fuzz.sig"))
                        .rejects(InvalidManifestException.class, SignatureFormatException.class)
                        .build());
    }

    /** cosign's manifests from the vectors, and the manifests and indexes Signet builds itself. */
    static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>(Seeds.resources("vectors/signatures/testimage/manifests", ".json"));
        SigningKey key = SigningKey.generate("fuzz");
        CosignSignature signature = CosignSignature.sign(SimpleSigningPayload.of("registry.example.com/app", DIGEST), key);
        RawManifest sig = SignatureManifest.build(List.of(signature)).manifest();
        seeds.add(sig.bytes());
        RawManifest referrer = BundleManifest.build(SigstoreBundle.sign(DIGEST, Map.of("a", "b"), key), sig.descriptor(), Instant.EPOCH);
        seeds.add(referrer.bytes());
        Descriptor amd64 = Descriptor.of(MediaTypes.OCI_MANIFEST, DIGEST, 1234)
                .withAnnotations(Map.of("org.opencontainers.image.ref.name", "v1"));
        Descriptor arm64 = new Descriptor(MediaTypes.DOCKER_MANIFEST, 527, DIGEST, List.of("https://mirror.example.com/blob"), Map.of(),
                new Platform("arm64", "linux", "10.0", List.of("sse4"), "v8"), null);
        seeds.add(Json.write(ImageIndex.of(List.of(amd64, arm64))));
        seeds.add(Json.write(ImageIndex.of(List.of(BundleManifest.referrerDescriptor(referrer)))));
        seeds.add(("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST_LIST + "\",\"manifests\":[{\"mediaType\":\""
                + MediaTypes.DOCKER_MANIFEST + "\",\"size\":7143,\"digest\":\"" + DIGEST + "\",\"platform\":{\"architecture\":\"ppc64le\","
                + "\"os\":\"linux\"}}]}").getBytes(StandardCharsets.UTF_8));
        return seeds;
    }
}
