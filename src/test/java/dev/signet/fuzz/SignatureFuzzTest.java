package dev.signet.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.keys.PemKeys;
import dev.signet.keys.SigningKey;
import dev.signet.keys.VerificationKey;
import dev.signet.oci.Descriptor;
import dev.signet.oci.MediaTypes;
import dev.signet.oci.RawManifest;
import dev.signet.reference.Digest;
import dev.signet.signature.BundleFormat;
import dev.signet.signature.CosignAnnotations;
import dev.signet.signature.CosignSignature;
import dev.signet.signature.Dsse;
import dev.signet.signature.SignatureFormatException;
import dev.signet.signature.SignatureManifest;
import dev.signet.signature.SigstoreBundle;
import dev.signet.signature.SimpleSigningPayload;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * cosign's signature formats as registries serve them: simple-signing payloads, {@code .sig} layers with their
 * annotations, Sigstore bundles with DSSE envelopes. Mutants are also re-signed with a test key, so the claims behind a
 * valid signature (the payload, the in-toto statement) are fuzzed too, not only the signature checks before them.
 */
class SignatureFuzzTest {
    private static final String TESTIMAGE = "vectors/signatures/testimage/";
    private static final Digest DIGEST = Digest.parse("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    /** Re-signs mutants. RSA: its checks cost a twentieth of ECDSA's, which would otherwise dominate these targets. */
    private static final SigningKey OWN = rsaKey();

    @TestFactory
    Stream<DynamicTest> fuzz() {
        return Fuzzer.tests(payload(), cosignSignature(), bundle(), dsse());
    }

    static FuzzTarget<byte[]> payload() {
        return FuzzTarget.<byte[]>named("signature.payload")
                .seeds(payloads())
                .mutator(Mutators.json())
                .parse(bytes -> SimpleSigningPayload.parse(bytes, "sha256:fuzz"))
                .rejects(SignatureFormatException.class)
                .build();
    }

    /** One {@code .sig} layer: the payload blob, the layer's annotations and which test key to verify with. */
    record Layer(byte[] payload, Map<String, String> annotations, int key) {
        @Override
        public String toString() {
            return "payload " + Describe.bytes(payload) + ", annotations " + Describe.of(annotations) + ", key " + key;
        }
    }

    static FuzzTarget<Layer> cosignSignature() {
        List<VerificationKey> keys = new ArrayList<>(Seeds.paths(TESTIMAGE + "keys", ".pub").stream()
                .map(path -> PemKeys.parsePublicKey(Seeds.text(TESTIMAGE + "keys/" + path.getFileName()), path.getFileName().toString()))
                .toList());
        keys.add(OWN.verificationKey());
        int own = keys.size() - 1;
        List<Layer> seeds = new ArrayList<>();
        for (String manifest : Seeds.paths(TESTIMAGE + "manifests", ".sig.json").stream().map(path -> path.getFileName().toString()).toList()) {
            RawManifest raw = RawManifest.of(Seeds.resource(TESTIMAGE + "manifests/" + manifest), MediaTypes.OCI_MANIFEST);
            for (Descriptor layer : SignatureManifest.signatureLayers(raw, manifest)) {
                byte[] payload = Seeds.resource(TESTIMAGE + "blobs/" + layer.digest().toString().replace(':', '-') + ".json");
                CosignSignature signature = CosignSignature.of(payload, layer.annotations(), manifest);
                // one verification per case: ECDSA costs a millisecond, and the signer's key is the one that gets past it
                int signer = IntStream.range(0, keys.size())
                        .filter(i -> signature.verifiedPayload(keys.get(i)).isPresent()).findFirst().orElse(own);
                seeds.add(new Layer(payload, layer.annotations(), signer));
            }
        }
        CosignSignature ownSignature = CosignSignature.sign(SimpleSigningPayload.of("registry.example.com/app", DIGEST), OWN);
        seeds.add(new Layer(ownSignature.payload(), ownSignature.annotations(), own));
        Mutator<byte[]> json = Mutators.json();
        Mutator<String> text = Mutators.text();
        Mutator<Layer> mutator = (seed, random, pool) -> {
            List<byte[]> payloads = pool.stream().map(Layer::payload).toList();
            // signature.payload fuzzes the payload parser directly; here most cases go to the signature and its layer
            switch (random.nextInt(10)) {
                case 0 -> {
                    return new Layer(json.mutate(seed.payload(), random, payloads), seed.annotations(), seed.key());
                }
                case 1, 2 -> {
                    // re-signed, so the mutated payload is parsed behind a signature that verifies
                    byte[] payload = json.mutate(seed.payload(), random, payloads);
                    return new Layer(payload, Map.of(CosignAnnotations.SIGNATURE, Base64.getEncoder().encodeToString(OWN.sign(payload))), own);
                }
                default -> {
                    Map<String, String> annotations = new LinkedHashMap<>(seed.annotations());
                    String signature = annotations.getOrDefault(CosignAnnotations.SIGNATURE, "");
                    switch (random.nextInt(4)) {
                        case 0 -> annotations.remove(CosignAnnotations.SIGNATURE);
                        case 1 -> annotations.put(CosignAnnotations.SIGNATURE, text.mutate(signature, random, List.of(signature)));
                        default -> {
                            byte[] der = Base64.getDecoder().decode(signature.strip());
                            annotations.put(CosignAnnotations.SIGNATURE,
                                    Base64.getEncoder().encodeToString(Mutators.der().mutate(der, random, List.of(der))));
                        }
                    }
                    return new Layer(seed.payload(), annotations, seed.key());
                }
            }
        };
        return FuzzTarget.<Layer>named("signature.cosign")
                .seeds(seeds)
                .mutator(mutator)
                .parse(layer -> CosignSignature.of(layer.payload(), layer.annotations(), "sha256:layer").verifiedPayload(keys.get(layer.key())))
                .rejects(SignatureFormatException.class)
                .build();
    }

    static FuzzTarget<byte[]> bundle() {
        List<byte[]> seeds = new ArrayList<>(Seeds.resources("vectors/bundles", ".json"));
        seeds.addAll(Seeds.resources("vectors/negative/bundles", ".json"));
        seeds.add(SigstoreBundle.sign(DIGEST, Map.of("team", "ci", "run", "42"), OWN).bytes());
        List<VerificationKey> keys = List.of(PemKeys.parsePublicKey(Seeds.text("vectors/bundles/cosign-v3-sign-key/cosign.pub"), "cosign.pub"),
                OWN.verificationKey());
        byte[] statement = statementOf(seeds.get(seeds.size() - 1));
        Mutator<byte[]> json = Mutators.json();
        Mutator<String> text = Mutators.text();
        Mutator<byte[]> mutator = (seed, random, pool) -> {
            if (random.nextInt(5) != 0) {
                return json.mutate(seed, random, pool);
            }
            // a mutated statement (and now and then payload type) in a DSSE envelope that verifies under OWN
            byte[] mutated = json.mutate(random.nextBoolean() ? statement : statementOf(seed), random, List.of(statement));
            String type = random.nextInt(4) == 0 ? text.mutate(BundleFormat.IN_TOTO_PAYLOAD_TYPE, random, List.of(BundleFormat.IN_TOTO_PAYLOAD_TYPE)) : BundleFormat.IN_TOTO_PAYLOAD_TYPE;
            return signedBundle(type, mutated);
        };
        return FuzzTarget.<byte[]>named("signature.bundle")
                .seeds(seeds)
                .mutator(mutator)
                .parse(bytes -> {
                    // the key the bundle's hint names, as a verifier picks it: one ECDSA check per signature, not two
                    SigstoreBundle bundle = SigstoreBundle.parse(bytes, "sha256:bundle");
                    VerificationKey key = bundle.hint().filter(OWN.verificationKey().hint()::equals).isPresent() ? keys.get(1) : keys.get(0);
                    return bundle.verifiedStatement(key);
                })
                .rejects(SignatureFormatException.class)
                .build();
    }

    /** A DSSE pre-authentication encoding: payload type and body. */
    record Envelope(String type, byte[] body) {
        @Override
        public String toString() {
            return "type " + Describe.text(type) + ", body " + Describe.bytes(body);
        }
    }

    static FuzzTarget<Envelope> dsse() {
        Mutator<String> text = Mutators.text();
        Mutator<byte[]> bytes = Mutators.bytes();
        Mutator<Envelope> mutator = (seed, random, pool) -> random.nextBoolean()
                ? new Envelope(text.mutate(seed.type(), random, List.of(seed.type())), seed.body())
                : new Envelope(seed.type(), bytes.mutate(seed.body(), random, List.of(seed.body())));
        return FuzzTarget.<Envelope>named("signature.dsse")
                .seeds(List.of(new Envelope(BundleFormat.IN_TOTO_PAYLOAD_TYPE, statementOf(SigstoreBundle.sign(DIGEST, Map.of(), OWN).bytes())),
                        new Envelope("", new byte[0]), new Envelope("application/vnd.dev.cosign.simplesigning.v1+json", "{}".getBytes(StandardCharsets.UTF_8))))
                .mutator(mutator)
                .parse(envelope -> Dsse.pae(envelope.type(), envelope.body()))
                .check((envelope, result) -> {
                    byte[] type = envelope.type().getBytes(StandardCharsets.UTF_8);
                    String head = "DSSEv1 " + type.length + " ";
                    String middle = " " + envelope.body().length + " ";
                    assertThat((byte[]) result).as("PAE length").hasSize(head.length() + type.length + middle.length() + envelope.body().length);
                    assertThat(new String((byte[]) result, 0, head.length(), StandardCharsets.US_ASCII)).isEqualTo(head);
                })
                .build();
    }

    private static SigningKey rsaKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return PemKeys.parsePrivateKey(PemKeys.encode(PemKeys.PRIVATE_KEY, generator.generateKeyPair().getPrivate().getEncoded()), "fuzz");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<byte[]> payloads() {
        List<byte[]> seeds = new ArrayList<>(Seeds.resources(TESTIMAGE + "blobs", ".json"));
        seeds.add(Seeds.resource("vectors/signatures/key-rekor/payload.json"));
        seeds.addAll(Seeds.resources("vectors/negative/payloads", ".json"));
        seeds.add(new SimpleSigningPayload("registry.example.com:5000/team/app", DIGEST, Map.of("build", "42", "git", "<a&b>\u2028")).toBytes());
        return seeds;
    }

    private static byte[] statementOf(byte[] bundle) {
        JsonNode root = JsonMutator.parse(bundle);
        String payload = root == null ? null : root.path("dsseEnvelope").path("payload").textValue();
        try {
            return payload == null ? "{}".getBytes(StandardCharsets.UTF_8) : Base64.getDecoder().decode(payload);
        } catch (IllegalArgumentException e) {
            return "{}".getBytes(StandardCharsets.UTF_8);
        }
    }

    private static byte[] signedBundle(String payloadType, byte[] statement) {
        Base64.Encoder b64 = Base64.getEncoder();
        String json = "{\"mediaType\":\"" + BundleFormat.BUNDLE_V03 + "\",\"verificationMaterial\":{\"publicKey\":{\"hint\":\""
                + OWN.verificationKey().hint() + "\"}},\"dsseEnvelope\":{\"payload\":\"" + b64.encodeToString(statement)
                + "\",\"payloadType\":\"" + new String(JsonStringEncoder.getInstance().quoteAsString(payloadType))
                + "\",\"signatures\":[{\"sig\":\"" + b64.encodeToString(OWN.sign(Dsse.pae(payloadType, statement))) + "\"}]}}";
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
