package dev.signet.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.fuzz.Describe;
import dev.signet.fuzz.FuzzTarget;
import dev.signet.fuzz.Fuzzer;
import dev.signet.fuzz.Mutator;
import dev.signet.fuzz.Mutators;
import dev.signet.fuzz.Seeds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.generators.SCrypt;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Keys as they arrive from Secrets, files, policies and the command line: PEM public and private keys, cosign's
 * encrypted keys, and signatures checked with {@link VerificationKey}. Lives in the keys package for
 * {@link SecretBox}, which seals mutated plaintexts so they get past decryption.
 *
 * <p>scrypt makes each decryption cost about 0.1 s, so the cheap encrypted-key target keeps only mutants that fail
 * before scrypt runs (checked with the envelope's own rules, see {@link #reachesScrypt}), and a small bounded target
 * takes the ones that reach it.
 */
class KeyFuzzTest {
    private static final char[] PASSWORD = "hello".toCharArray();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Integer> COSIGN_N = Set.of(32768, 65536, 131072);
    private static final List<KeyPair> PAIRS = List.of(
            TestKeys.ec("secp256r1"), TestKeys.ec("secp384r1"), TestKeys.ec("secp521r1"), TestKeys.rsa(2048), TestKeys.ed25519());

    @TestFactory
    Stream<DynamicTest> fuzz() {
        return Fuzzer.tests(publicKeys(), verification(), privateKeys(), encryptedKeys(), encryptedKeysThroughScrypt());
    }

    static FuzzTarget<String> publicKeys() {
        List<String> seeds = new ArrayList<>();
        for (String folder : List.of("vectors/keys", "vectors/signatures", "vectors/bundles")) {
            seeds.addAll(Seeds.texts(folder, ".pub"));
        }
        PAIRS.forEach(pair -> seeds.add(PemKeys.publicKeyPem(pair.getPublic())));
        seeds.add(PemKeys.encode(PemKeys.RSA_PUBLIC_KEY, rsaPublicKeyPkcs1(PAIRS.get(3))));
        seeds.add(PemKeys.publicKeyPem(generate("Ed448").getPublic()));
        seeds.add(PemKeys.publicKeyPem(generate("X25519").getPublic()));
        seeds.add(seeds.get(0) + "some text between blocks\n" + seeds.get(seeds.size() - 4));
        return FuzzTarget.<String>named("keys.public")
                .seeds(seeds)
                .mutator(Mutators.either(0.8, Mutators.pemText(), Mutators.text()))
                .parse(text -> PemKeys.parsePublicKeys(text, "fuzz.pub"))
                .rejects(KeyException.class)
                .check((input, result) -> {
                    for (Object key : (List<?>) result) {
                        assertThat(((VerificationKey) key).verify(new byte[] {1}, new byte[] {0x30, 0})).isFalse();
                    }
                })
                .build();
    }

    /** A signature check: which key, the data and the signature. */
    record VerifyCase(int key, byte[] data, byte[] signature, boolean original) {
        @Override
        public String toString() {
            return "key " + key + ", data " + Describe.bytes(data) + ", signature " + HexFormat.of().formatHex(signature);
        }
    }

    static FuzzTarget<VerifyCase> verification() {
        // P-521 left out: its checks cost ten times those of P-256 and run the same code
        List<SigningKey> keys = new ArrayList<>();
        PAIRS.stream().filter(pair -> !pair.getPublic().toString().contains("secp521r1"))
                .forEach(pair -> keys.add(signingKey(pair.getPrivate())));
        keys.add(keys.stream().filter(key -> key.verificationKey().algorithm() == KeyAlgorithm.RSA_PKCS1V15).findFirst().orElseThrow().withPss());
        byte[] data = "{\"critical\":{}}".getBytes(StandardCharsets.UTF_8);
        List<VerifyCase> seeds = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            seeds.add(new VerifyCase(i, data, keys.get(i).sign(data), true));
        }
        Mutator<byte[]> der = Mutators.der();
        Mutator<byte[]> bytes = Mutators.bytes();
        Mutator<VerifyCase> mutator = (seed, random, pool) -> switch (random.nextInt(6)) {
            case 0, 1 -> new VerifyCase(seed.key(), seed.data(), der.mutate(seed.signature(), random, signatures(pool)), false);
            case 2 -> new VerifyCase(seed.key(), seed.data(), bytes.mutate(seed.signature(), random, signatures(pool)), false);
            case 3 -> new VerifyCase(seed.key(), bytes.mutate(seed.data(), random, List.of(seed.data())), seed.signature(), false);
            case 4 -> new VerifyCase(random.nextInt(keys.size()), seed.data(), seed.signature(), false);
            default -> new VerifyCase(seed.key(), seed.data(), new byte[random.nextInt(3) == 0 ? random.nextInt(2048) : random.nextInt(8)], false);
        };
        return FuzzTarget.<VerifyCase>named("keys.verify")
                .seeds(seeds)
                .mutator(mutator)
                // a signature that does not verify is an outcome: verify documents no exception at all
                .parse(input -> keys.get(input.key()).verificationKey().verify(input.data(), input.signature()))
                .check((input, result) -> assertThat(!input.original() || (Boolean) result).as("an untouched signature verifies").isTrue())
                .build();
    }

    static FuzzTarget<String> privateKeys() {
        List<String> seeds = new ArrayList<>();
        PAIRS.forEach(pair -> seeds.add(PemKeys.encode(PemKeys.PRIVATE_KEY, pair.getPrivate().getEncoded())));
        PrivateKeyInfo ec = PrivateKeyInfo.getInstance(PAIRS.get(0).getPrivate().getEncoded());
        PrivateKeyInfo rsa = PrivateKeyInfo.getInstance(PAIRS.get(3).getPrivate().getEncoded());
        try {
            ECPrivateKey sec1 = ECPrivateKey.getInstance(ec.parsePrivateKey());
            seeds.add(PemKeys.encode(PemKeys.EC_PRIVATE_KEY,
                    new ECPrivateKey(256, sec1.getKey(), ec.getPrivateKeyAlgorithm().getParameters()).getEncoded()));
            seeds.add(PemKeys.encode(PemKeys.RSA_PRIVATE_KEY, rsa.parsePrivateKey().toASN1Primitive().getEncoded()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        seeds.add(PemKeys.encode(PemKeys.PRIVATE_KEY, generate("Ed448").getPrivate().getEncoded()));
        seeds.add(Seeds.text("vectors/keys/sigstore-label/cosign.key"));
        return FuzzTarget.<String>named("keys.private")
                .seeds(seeds)
                .mutator(Mutators.either(0.85, Mutators.pemText(), Mutators.text()))
                .parse(text -> PemKeys.parsePrivateKey(text, "fuzz.key"))
                .rejects(KeyException.class)
                .check((input, result) -> assertSignsAndVerifies(input, (SigningKey) result))
                .build();
    }

    static FuzzTarget<String> encryptedKeys() {
        List<String> seeds = encryptedSeeds();
        Mutator<String> pem = Mutators.either(0.85, Mutators.pemText(), Mutators.text());
        // keep only mutants that fail before scrypt: a decryption costs 0.1 s, the expensive target covers those
        Mutator<String> cheap = (seed, random, pool) -> {
            String mutant = pem.mutate(seed, random, pool);
            for (int attempt = 0; attempt < 50 && reachesScrypt(mutant); attempt++) {
                mutant = pem.mutate(seed, random, pool);
            }
            return mutant;
        };
        return FuzzTarget.<String>named("keys.encrypted")
                .seeds(seeds.stream().filter(seed -> !reachesScrypt(seed)).toList())
                .mutator(cheap)
                .parse(text -> CosignEncryptedKey.decrypt(text, PASSWORD, "fuzz.key"))
                .rejects(KeyException.class)
                .check((input, result) -> assertSignsAndVerifies(input, (SigningKey) result))
                .build();
    }

    static FuzzTarget<String> encryptedKeysThroughScrypt() {
        List<String> seeds = encryptedSeeds().stream().filter(KeyFuzzTest::reachesScrypt).toList();
        List<Sealer> sealers = List.of(new Sealer(Seeds.text("vectors/keys/sigstore-label/cosign.key")),
                new Sealer(Seeds.text("vectors/keys/cosign-label/cosign.key")));
        Mutator<String> pem = Mutators.pemText();
        Mutator<byte[]> der = Mutators.der();
        List<byte[]> plaintexts = PAIRS.stream().map(pair -> pair.getPrivate().getEncoded()).toList();
        Mutator<String> mutator = (seed, random, pool) -> {
            if (random.nextBoolean()) {
                // a PKCS#8 plaintext mutated and sealed under the right key: decryption succeeds, parsing is next
                byte[] plaintext = plaintexts.get(random.nextInt(plaintexts.size()));
                return sealers.get(random.nextInt(sealers.size())).seal(der.mutate(plaintext, random, plaintexts), random);
            }
            // an envelope mutated where scrypt still runs: salt, nonce, ciphertext, case of the keys
            String mutant = pem.mutate(seed, random, pool);
            for (int attempt = 0; attempt < 100 && !reachesScrypt(mutant); attempt++) {
                mutant = pem.mutate(seed, random, pool);
            }
            return mutant;
        };
        return FuzzTarget.<String>named("keys.encrypted.scrypt")
                .seeds(seeds)
                .mutator(mutator)
                .parse(text -> CosignEncryptedKey.decrypt(text, PASSWORD, "fuzz.key"))
                .rejects(KeyException.class)
                .check((input, result) -> assertSignsAndVerifies(input, (SigningKey) result))
                .cases(60)
                .timeout(Duration.ofSeconds(30))
                .build();
    }

    private static List<String> encryptedSeeds() {
        List<String> seeds = new ArrayList<>(Seeds.texts("vectors/keys", ".key"));
        seeds.addAll(Seeds.texts("vectors/negative/keys", ".key"));
        return seeds;
    }

    /**
     * Whether decryption of {@code pem} would get as far as scrypt: the envelope's checks of
     * {@code CosignEncryptedKey}, repeated with Jackson. A wrong guess only costs one case 0.1 s.
     */
    static boolean reachesScrypt(String pem) {
        try {
            PemBlock block = PemKeys.decodeOne(pem, "probe");
            if (!CosignEncryptedKey.isEncryptedType(block.type())) {
                return false;
            }
            JsonNode root = lowerCaseKeys(JSON.readTree(block.der()));
            JsonNode kdf = root.path("kdf");
            JsonNode params = kdf.path("params");
            JsonNode cipher = root.path("cipher");
            return "scrypt".equals(kdf.path("name").textValue()) && "nacl/secretbox".equals(cipher.path("name").textValue())
                    && params.path("n").isIntegralNumber() && COSIGN_N.contains(params.path("n").intValue())
                    && params.path("r").isIntegralNumber() && params.path("r").intValue() == 8
                    && params.path("p").isIntegralNumber() && params.path("p").intValue() == 1
                    && decodes(kdf.path("salt")) > 0 && decodes(cipher.path("nonce")) == SecretBox.NONCE_LENGTH
                    && decodes(root.path("ciphertext")) >= 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static int decodes(JsonNode node) {
        try {
            return node.isTextual() ? Base64.getDecoder().decode(node.textValue()).length : -1;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    private static JsonNode lowerCaseKeys(JsonNode node) {
        if (!node.isObject()) {
            return node;
        }
        ObjectNode lowered = JSON.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            lowered.set(field.getKey().toLowerCase(Locale.ROOT), lowerCaseKeys(field.getValue()));
        }
        return lowered;
    }

    /** Seals plaintexts under the secretbox key of one vector key, so they decrypt with its password. */
    private static final class Sealer {
        private final String label;
        private final JsonNode envelope;
        private final byte[] boxKey;

        Sealer(String pem) {
            PemBlock block = PemKeys.decodeOne(pem, "vector");
            try {
                this.label = block.type();
                this.envelope = JSON.readTree(block.der());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            byte[] salt = Base64.getDecoder().decode(envelope.path("kdf").path("salt").textValue());
            int n = envelope.path("kdf").path("params").path("N").intValue();
            this.boxKey = SCrypt.generate(new String(PASSWORD).getBytes(StandardCharsets.UTF_8), salt, n, 8, 1, SecretBox.KEY_LENGTH);
        }

        String seal(byte[] plaintext, SplittableRandom random) {
            byte[] nonce = new byte[SecretBox.NONCE_LENGTH];
            for (int i = 0; i < nonce.length; i++) {
                nonce[i] = (byte) random.nextInt(256);
            }
            ObjectNode copy = envelope.deepCopy();
            ((ObjectNode) copy.path("cipher")).put("nonce", Base64.getEncoder().encodeToString(nonce));
            copy.put("ciphertext", Base64.getEncoder().encodeToString(SecretBox.seal(boxKey, nonce, plaintext)));
            return PemKeys.encode(label, copy.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * What a key parser accepts must sign, and its public half must verify what it signed. ECDSA signing costs
     * milliseconds, so a deterministic quarter of the accepted keys is checked (every one that took another path).
     */
    private static void assertSignsAndVerifies(String input, SigningKey key) {
        if (key.verificationKey().algorithm().isEcdsa() && Math.floorMod(input.hashCode(), 4) != 0) {
            return;
        }
        byte[] data = "signet".getBytes(StandardCharsets.UTF_8);
        assertThat(key.verificationKey().verify(data, key.sign(data))).as("the key pair agrees with itself").isTrue();
    }

    private static SigningKey signingKey(PrivateKey key) {
        return PemKeys.parsePrivateKey(PemKeys.encode(PemKeys.PRIVATE_KEY, key.getEncoded()), "seed");
    }

    private static List<byte[]> signatures(List<VerifyCase> pool) {
        return pool.stream().map(VerifyCase::signature).toList();
    }

    private static byte[] rsaPublicKeyPkcs1(KeyPair rsa) {
        try {
            return SubjectPublicKeyInfo.getInstance(rsa.getPublic().getEncoded()).parsePublicKey().getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generate(String algorithm) {
        try {
            return KeyPairGenerator.getInstance(algorithm).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
