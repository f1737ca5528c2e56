package dev.signet.verification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.keys.PemKeys;
import dev.signet.keys.VerificationKey;
import dev.signet.oci.Digests;
import dev.signet.signature.CosignAnnotations;
import dev.signet.signature.CosignSignature;
import dev.signet.sigstore.TrustedRoot;
import dev.signet.testing.Vectors;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The log check of a key signature starts from a signature the key already verified on its payload, so it works for
 * every key type cosign signs with: an RSA key's signature is not re-checked from the payload's digest (which only
 * ECDSA can be), and what is missing or wrong is the log entry, named as such. The ECDSA path with a real public-good
 * Rekor entry is in {@code PolicyKeyTlogTest}.
 */
class KeySignatureLogTest {
    private static final byte[] PAYLOAD = Vectors.bytes("signatures/key-rekor/payload.json");

    private static StoredSignature rsaSigned(KeyPair rsa, boolean withCosignsRekorBundle) throws Exception {
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(rsa.getPrivate());
        signer.update(PAYLOAD);
        Map<String, String> annotations = new HashMap<>();
        annotations.put(CosignAnnotations.SIGNATURE, Base64.getEncoder().encodeToString(signer.sign()));
        if (withCosignsRekorBundle) {
            // a genuine public-good SET, but of cosign 2's ECDSA signature of this payload, not of this one
            annotations.put(CosignAnnotations.BUNDLE, Vectors.text("signatures/key-rekor/rekor-bundle.json").strip());
        }
        CosignSignature signature = CosignSignature.of(PAYLOAD, annotations, "rsa-signed");
        return StoredSignature.layer("rsa-signed", Digests.sha256(PAYLOAD), signature);
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    @Test
    void rsaKeySignature_withoutAnEntry_isRefusedForTheMissingEntry_notForItsSignature() throws Exception {
        KeyPair rsa = rsa();
        VerificationKey key = VerificationKey.of(rsa.getPublic(), "rsa");
        StoredSignature stored = rsaSigned(rsa, false);
        assertThat(((StoredSignature.Layer) stored.content()).signature().verifiedPayload(key)).as("the key verifies it").isPresent();

        assertThat(KeySignatureLog.problem(stored, key, TrustedRoot.production())).hasValueSatisfying(problem -> assertThat(problem)
                .contains("carries no transparency-log entry").doesNotContain("does not verify with the key"));
    }

    @Test
    void rsaKeySignature_besideAnotherSignaturesEntry_isRefusedByTheEntrysBody() throws Exception {
        KeyPair rsa = rsa();
        StoredSignature stored = rsaSigned(rsa, true);

        assertThat(KeySignatureLog.problem(stored, VerificationKey.of(rsa.getPublic(), "rsa"), TrustedRoot.production()))
                .hasValueSatisfying(problem -> assertThat(problem).contains("transparency log").doesNotContain("does not verify with the key"));
    }

    @Test
    void theSignatureCosignLogged_passesUnderThePublicGoodRekor() {
        Map<String, String> annotations = Map.of(CosignAnnotations.SIGNATURE, Vectors.text("signatures/key-rekor/signature.b64").strip(),
                CosignAnnotations.BUNDLE, Vectors.text("signatures/key-rekor/rekor-bundle.json").strip());
        StoredSignature stored = StoredSignature.layer("key-rekor", Digests.sha256(PAYLOAD), CosignSignature.of(PAYLOAD, annotations, "key-rekor"));
        VerificationKey cosign2 = PemKeys.parsePublicKey(Vectors.text("signatures/key-rekor/cosign2.pub"), "cosign2");

        assertThat(KeySignatureLog.problem(stored, cosign2, TrustedRoot.production())).isEmpty();
    }
}
