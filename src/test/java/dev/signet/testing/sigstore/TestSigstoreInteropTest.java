package dev.signet.testing.sigstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.reference.Digest;
import dev.signet.signature.CosignAnnotations;
import dev.signet.signature.DsseEnvelope;
import dev.signet.testing.MutableClock;
import dev.signet.testing.SigstoreJs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof that {@link TestSigstore} emits real Sigstore artefacts: npm {@code @sigstore/verify} (pinned in
 * {@code .ci/sigstore-js/}, run by {@code verify-keyless.mjs}) accepts its message-signature and DSSE bundles against
 * its trusted root with the right SAN and issuer, and refuses each doctored copy for the reason it was made for
 * (the harness checks the refusal's message), so a test of Signet's keyless verifier built on the stack tests against
 * what public-good Sigstore would produce.
 */
class TestSigstoreInteropTest {
    private static final String SAN = TestSigstore.DEFAULT_SAN;
    private static final String ISSUER = TestSigstore.DEFAULT_ISSUER;
    private static final String STATEMENT = "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"registry.example/acme/demo\","
            + "\"digest\":{\"sha256\":\"" + "c0".repeat(32) + "\"}}],\"predicateType\":\"https://sigstore.dev/cosign/sign/v1\",\"predicate\":{}}";

    // a shard offset, as public-good Rekor has: entry logIndex (signed by the SET) and proof logIndex differ
    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final TestSigstore sigstore = TestSigstore.create(clock, true, 7_000_000);
    private final List<String> cases = new ArrayList<>();

    @TempDir
    Path dir;

    @Test
    void bundles_sigstoreJs_acceptsGoodAndRefusesEachNegativeForItsReason() throws Exception {
        Files.writeString(dir.resolve("trusted_root.json"), sigstore.trustedRootJson());
        byte[] artifact = "the artifact".getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("artifact"), artifact);
        Files.write(dir.resolve("other-artifact"), "another artifact".getBytes(StandardCharsets.UTF_8));
        byte[] statement = STATEMENT.getBytes(StandardCharsets.UTF_8);
        FulcioCertificate signer = sigstore.certificate();

        SignedBundle message = sigstore.signMessage(signer, artifact);
        accept("message signature, hashedrekord", write("message", message), "artifact", SAN, ISSUER);
        Files.write(dir.resolve("message-v02.sigstore.json"), message.jsonV02());
        accept("message signature, bundle v0.2", "message-v02.sigstore.json", "artifact", SAN, ISSUER);
        accept("dsse envelope, dsse entry", write("dsse", sigstore.signStatement(signer, statement)), "-", SAN, ISSUER);
        accept("dsse envelope, intoto entry", write("intoto", sigstore.signStatement(signer, statement, TestSigstore.DsseEntry.INTOTO)), "-", SAN, ISSUER);
        FulcioCertificate person = sigstore.certificate(LeafSpec.email("dev@acme.test", "https://accounts.google.com"));
        accept("email identity", write("email", sigstore.signMessage(person, artifact)), "artifact", "dev@acme.test", "https://accounts.google.com");
        LegacySignature legacy = sigstore.signImage(signer, "registry.example/acme/demo", Digest.parse("sha256:" + "c0".repeat(32)));
        Files.write(dir.resolve("payload"), legacy.payload());
        accept("legacy .sig layer as a bundle", write("legacy", legacyAsBundle(signer, legacy)), "payload", SAN, ISSUER);
        LegacySignature attestation = sigstore.attestImage(signer, statement, "https://sigstore.dev/cosign/sign/v1");
        accept("legacy .att layer as a bundle", write("legacy-att", attestationAsBundle(signer, attestation)), "-", SAN, ISSUER);
        // the intoto body as public-good Rekor stores it (payload left out, payloadHash kept): what real .att layers carry
        LegacySignature canonical = sigstore.attestImage(signer, statement, "https://sigstore.dev/cosign/sign/v1", false);
        accept("legacy .att layer, intoto body without the payload", write("legacy-att-canonical", attestationAsBundle(signer, canonical)), "-", SAN, ISSUER);
        accept("message signature with an RFC 3161 timestamp", write("timestamped", sigstore.timestamped(message)), "artifact", SAN, ISSUER);
        accept("dsse envelope with an RFC 3161 timestamp", write("dsse-timestamped", sigstore.timestamped(sigstore.signStatement(signer, statement))), "-",
                SAN, ISSUER);
        FulcioCertificate noCodeSigning = sigstore.certificate(LeafSpec.uri(SAN, ISSUER).withoutCodeSigning());
        // a gap of the reference verifier, recorded so it is known: Signet's verifier must refuse this one
        accept("no codeSigning EKU (@sigstore/verify 3.1.1 does not check EKU)", write("no-eku", sigstore.signMessage(noCodeSigning, artifact)), "artifact",
                SAN, ISSUER);

        String bundle = write("message", message);
        reject("another SAN", bundle, "artifact", "https://github.com/evil/app/.github/workflows/release.yml@refs/heads/main", ISSUER,
                "certificate identity error - expected https://github.com/evil/");
        reject("another issuer", bundle, "artifact", SAN, "https://accounts.google.com", "invalid certificate extension - expected issuer=https://accounts.google.com");
        reject("another artifact", bundle, "other-artifact", SAN, ISSUER, "SIGNATURE_ERROR: signature verification failed");
        reject("SCT from a CT log not in the trusted root",
                write("foreign-sct", sigstore.signMessage(sigstore.certificate(LeafSpec.uri(SAN, ISSUER).withSctFrom(sigstore.foreignCtLog())), artifact)),
                "artifact", SAN, ISSUER, "CERTIFICATE_ERROR: SCT verification failed");
        reject("no SCT", write("no-sct", sigstore.signMessage(sigstore.certificate(LeafSpec.uri(SAN, ISSUER).withoutSct()), artifact)), "artifact", SAN, ISSUER,
                "CERTIFICATE_ERROR: expected 1 SCTs, got 0");
        // the first entry proved against the tree as it is now (what Rekor answers when asked later), so the audit path is not empty
        RekorEntry entry = message.entry().withInclusionProof(sigstore.rekor().prove(message.entry().inclusionProof().logIndex(), sigstore.rekor().size()));
        accept("inclusion proof in a later tree", write("later-proof", message.withEntry(entry)), "artifact", SAN, ISSUER);
        byte[] set = entry.signedEntryTimestamp().clone();
        set[set.length - 1] ^= 1;
        reject("SET with one bit flipped", write("tampered-set", message.withEntry(entry.withSignedEntryTimestamp(set))), "artifact", SAN, ISSUER,
                "TLOG_INCLUSION_PROMISE_ERROR: inclusion promise could not be verified");
        reject("inclusion proof with a wrong audit hash", write("wrong-proof", message.withEntry(entry.withInclusionProof(wrongHash(entry.inclusionProof())))),
                "artifact", SAN, ISSUER, "TLOG_INCLUSION_PROOF_ERROR: calculated root hash does not match inclusion proof");
        reject("checkpoint signed by another log key", write("foreign-checkpoint", message.withEntry(entry.withInclusionProof(foreignCheckpoint(entry.inclusionProof())))),
                "artifact", SAN, ISSUER, "TLOG_INCLUSION_PROOF_ERROR: invalid checkpoint signature");
        reject("timestamp over another signature", write("timestamp-elsewhere",
                message.withTimestamp(sigstore.tsa().timestamp(sigstore.signMessage(signer, "x".getBytes(StandardCharsets.UTF_8)).signature()))),
                "artifact", SAN, ISSUER, "TIMESTAMP_ERROR: timestamp could not be verified");
        reject("timestamp from a TSA not in the trusted root", write("foreign-timestamp", message.withTimestamp(TestTsa.create(clock).timestamp(message.signature()))),
                "artifact", SAN, ISSUER, "TIMESTAMP_ERROR: timestamp could not be verified");
        FulcioCertificate expiring = sigstore.certificate();
        clock.advance(Duration.ofMinutes(11));
        reject("logged after the certificate expired", write("expired", sigstore.signMessage(expiring, artifact)), "artifact", SAN, ISSUER,
                "certificate is not valid or expired at the specified date");
        reject("dsse payload swapped", write("dsse-swapped", swappedPayload(sigstore.signStatement(sigstore.certificate(), statement))), "-", SAN, ISSUER,
                "TLOG_BODY_ERROR: DSSE payload hash mismatch");
        TestSigstore stranger = TestSigstore.create(clock);
        reject("bundle from a stack the trusted root does not list", write("stranger", stranger.signMessage(stranger.certificate(), artifact)), "artifact",
                SAN, ISSUER, "CERTIFICATE_ERROR: Failed to verify certificate chain");

        verifyAll();
    }

    @Test
    void rootOnlyStack_sigstoreJs_acceptsLeavesIssuedByTheRoot() throws Exception {
        TestSigstore rootOnly = TestSigstore.create(clock, false, 0);
        Files.writeString(dir.resolve("trusted_root.json"), rootOnly.trustedRootJson());
        Files.write(dir.resolve("artifact"), new byte[] {1, 2, 3});
        FulcioCertificate signer = rootOnly.certificate();
        accept("root-only chain, message signature", write("message", rootOnly.signMessage(signer, new byte[] {1, 2, 3})), "artifact", SAN, ISSUER);
        accept("root-only chain, dsse envelope", write("dsse", rootOnly.signStatement(signer, STATEMENT.getBytes(StandardCharsets.UTF_8))), "-", SAN, ISSUER);
        reject("root-only chain, bundle from a stack with an intermediate", write("stranger", sigstore.signMessage(sigstore.certificate(), new byte[] {1, 2, 3})),
                "artifact", SAN, ISSUER, "CERTIFICATE_ERROR: Failed to verify certificate chain");
        verifyAll();
    }

    /** Runs the harness on the cases written so far; each must end as expected, a refusal for its stated reason. */
    private void verifyAll() throws IOException, InterruptedException {
        Files.writeString(dir.resolve("cases.tsv"), "# name\tbundle\tartifact\tsan\tissuer\tverdict\n" + String.join("\n", cases) + "\n");
        String output = SigstoreJs.run("verify-keyless.mjs", dir);
        System.out.println(output);
        assertThat(output).as(output).containsPattern("(?m)^" + cases.size() + " passed, 0 failed$");
        for (String c : cases) {
            String[] fields = c.split("\t");
            assertThat(output).as(output).contains((fields[5].equals("accept") ? "ok   accept " : "ok   reject ") + fields[0] + ":");
        }
    }

    private void accept(String name, String bundle, String artifact, String san, String issuer) {
        cases.add(String.join("\t", name, bundle, artifact, san, issuer, "accept"));
    }

    private void reject(String name, String bundle, String artifact, String san, String issuer, String because) {
        cases.add(String.join("\t", name, bundle, artifact, san, issuer, "reject:" + because));
    }

    private String write(String name, SignedBundle bundle) throws IOException {
        String file = name + ".sigstore.json";
        Files.write(dir.resolve(file), bundle.json());
        return file;
    }

    /** What a verifier that knows only bundles sees of a legacy signature: the same entry around a message signature. */
    private static SignedBundle legacyAsBundle(FulcioCertificate signer, LegacySignature legacy) {
        ObjectNode content = new ObjectMapper().createObjectNode();
        content.putObject("messageDigest").put("algorithm", "SHA2_256").put("digest", Encodings.b64(Encodings.sha256(legacy.payload())));
        content.put("signature", legacy.annotations().get(CosignAnnotations.SIGNATURE));
        return new SignedBundle(signer, legacy.entry(), "messageSignature", content);
    }

    /** The same for an attestation: the envelope blob as a bundle's {@code dsseEnvelope}, around its {@code intoto} entry. */
    private static SignedBundle attestationAsBundle(FulcioCertificate signer, LegacySignature attestation) {
        DsseEnvelope envelope = DsseEnvelope.parse(attestation.payload(), "att");
        ObjectNode content = new ObjectMapper().createObjectNode();
        content.put("payload", Encodings.b64(envelope.payload()));
        content.put("payloadType", envelope.payloadType());
        content.putArray("signatures").addObject().put("sig", Encodings.b64(envelope.signatures().get(0).sig()));
        return new SignedBundle(signer, attestation.entry(), "dsseEnvelope", content);
    }

    private static RekorEntry.InclusionProof wrongHash(RekorEntry.InclusionProof proof) {
        assertThat(proof.hashes()).as("the entry must not be alone in its tree, or its proof has no hash to corrupt").isNotEmpty();
        List<byte[]> hashes = new ArrayList<>(proof.hashes());
        byte[] first = hashes.get(0).clone();
        first[0] ^= 1;
        hashes.set(0, first);
        return new RekorEntry.InclusionProof(proof.logIndex(), proof.treeSize(), proof.rootHash(), hashes, proof.checkpoint());
    }

    /** The same checkpoint text signed by a log with the same name and another key. */
    private RekorEntry.InclusionProof foreignCheckpoint(RekorEntry.InclusionProof proof) {
        String forged = TestRekor.create("rekor.signet.test", 0, clock).checkpoint(proof.treeSize(), proof.rootHash());
        assertThat(forged.split("\n\n")[0]).isEqualTo(proof.checkpoint().split("\n\n")[0]);
        return new RekorEntry.InclusionProof(proof.logIndex(), proof.treeSize(), proof.rootHash(), proof.hashes(), forged);
    }

    /** Another statement in the envelope, the signature and log entry kept. */
    private static SignedBundle swappedPayload(SignedBundle bundle) {
        ObjectNode envelope = bundle.content().deepCopy();
        String statement = new String(Base64.getDecoder().decode(envelope.get("payload").asText()), StandardCharsets.UTF_8);
        envelope.put("payload", Encodings.b64(statement.replace("acme/demo", "acme/other").getBytes(StandardCharsets.UTF_8)));
        return new SignedBundle(bundle.signer(), bundle.entry(), bundle.contentField(), envelope);
    }
}
