package dev.signet.testing.sigstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.reference.Digest;
import dev.signet.signature.CosignAnnotations;
import dev.signet.signature.DsseEnvelope;
import dev.signet.signature.SimpleSigningPayload;
import dev.signet.sigstore.FulcioExtension;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.Test;

/**
 * The stack checks itself where that is cheap, re-deriving each artefact another way than it was made: Merkle roots
 * from audit paths (RFC 9162's algorithm, not the tree's recursion), SETs and checkpoints with the Rekor key, the SCT
 * from the final certificate with its SCT extension removed (as verifiers do, not from the precertificate), the chain
 * with the JDK. The independent check is {@code TestSigstoreInteropTest}.
 */
class TestSigstoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final TestSigstore sigstore = TestSigstore.create();

    @Test
    void merkleTree_everyLeafOfEverySize_auditPathLeadsToRoot() {
        MerkleTree tree = new MerkleTree();
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            leaves.add(("leaf " + i).getBytes(StandardCharsets.UTF_8));
            tree.append(leaves.get(i));
        }
        for (int size = 1; size <= 13; size++) {
            for (int index = 0; index < size; index++) {
                byte[] root = TestRekor.rootFromProof(leaves.get(index), index, size, tree.inclusionProof(index, size));
                assertThat(root).as("leaf %d of %d", index, size).isEqualTo(tree.rootHash(size));
            }
        }
    }

    @Test
    void merkleTree_threeLeaves_rootIsRfc6962Shape() {
        MerkleTree tree = new MerkleTree();
        byte[][] leaves = {{'a'}, {'b'}, {'c'}};
        Arrays.stream(leaves).forEach(tree::append);
        byte[] expected = MerkleTree.nodeHash(MerkleTree.nodeHash(MerkleTree.leafHash(leaves[0]), MerkleTree.leafHash(leaves[1])), MerkleTree.leafHash(leaves[2]));
        assertThat(tree.rootHash(3)).isEqualTo(expected);
        assertThat(tree.inclusionProof(2, 3)).containsExactly(MerkleTree.nodeHash(MerkleTree.leafHash(leaves[0]), MerkleTree.leafHash(leaves[1])));
        assertThat(MerkleTree.leafHash(leaves[0])).isEqualTo(Encodings.sha256(new byte[] {0, 'a'}));
    }

    @Test
    void rekor_set_verifiesWithLogKeyOverSortedJson() throws Exception {
        RekorEntry entry = sigstore.rekor().append("hashedrekord", "0.0.1", "{\"kind\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        String payload = new String(TestRekor.setPayload(entry.body(), entry.integratedTime(), entry.logId(), entry.logIndex()), StandardCharsets.UTF_8);
        assertThat(payload).isEqualTo("{\"body\":\"eyJraW5kIjoieCJ9\",\"integratedTime\":" + entry.integratedTime() + ",\"logID\":\""
                + Encodings.hex(sigstore.rekor().logId()) + "\",\"logIndex\":0}");
        assertThat(verify(sigstore.rekor().publicKey(), payload.getBytes(StandardCharsets.UTF_8), entry.signedEntryTimestamp())).isTrue();
        assertThat(verify(sigstore.rekor().publicKey(), payload.replace("\"logIndex\":0", "\"logIndex\":1").getBytes(StandardCharsets.UTF_8),
                entry.signedEntryTimestamp())).isFalse();
        assertThat(entry.logId()).isEqualTo(Encodings.sha256(sigstore.rekor().publicKey().getEncoded()));
    }

    @Test
    void rekor_checkpoint_signedNoteWithLogIdKeyHint() throws Exception {
        for (int i = 0; i < 4; i++) {
            sigstore.rekor().append("hashedrekord", "0.0.1", new byte[] {(byte) i});
        }
        RekorEntry entry = sigstore.rekor().append("hashedrekord", "0.0.1", new byte[] {9});
        RekorEntry.InclusionProof proof = entry.inclusionProof();
        assertThat(proof.treeSize()).isEqualTo(5);
        assertThat(proof.hashes()).hasSize(1);
        assertThat(TestRekor.rootFromProof(entry.body(), proof.logIndex(), proof.treeSize(), proof.hashes())).isEqualTo(proof.rootHash());
        String[] parts = proof.checkpoint().split("\n\n", 2);
        String note = parts[0] + "\n";
        assertThat(note).isEqualTo(sigstore.rekor().origin() + "\n5\n" + Base64.getEncoder().encodeToString(proof.rootHash()) + "\n");
        assertThat(parts[1]).startsWith("\u2014 rekor.signet.test ").endsWith("\n");
        byte[] hinted = Base64.getDecoder().decode(parts[1].substring("\u2014 rekor.signet.test ".length()).trim());
        assertThat(Arrays.copyOf(hinted, 4)).isEqualTo(Arrays.copyOf(sigstore.rekor().logId(), 4));
        assertThat(verify(sigstore.rekor().publicKey(), note.getBytes(StandardCharsets.UTF_8), Arrays.copyOfRange(hinted, 4, hinted.length))).isTrue();
    }

    @Test
    void rekor_indexOffset_entryIndexIsGlobalProofIndexLocal() {
        TestSigstore sharded = TestSigstore.create(sigstore.clock(), true, 1000);
        RekorEntry entry = sharded.signMessage(sharded.certificate(), new byte[] {1}).entry();
        assertThat(entry.logIndex()).isEqualTo(1000);
        assertThat(entry.inclusionProof().logIndex()).isZero();
    }

    @Test
    void fulcio_leaf_chainsAndCarriesIdentity() throws Exception {
        FulcioCertificate signer = sigstore.certificate(LeafSpec.uri(TestSigstore.DEFAULT_SAN, TestSigstore.DEFAULT_ISSUER)
                .withWorkflow(FulcioExtension.GITHUB_WORKFLOW_REPOSITORY, "acme/signet-demo")
                .withExtension("1.3.6.1.4.1.57264.1.12", "https://github.com/acme/signet-demo"));
        X509Certificate leaf = signer.certificate();
        List<X509Certificate> chain = sigstore.fulcio().chain();
        assertThat(chain).hasSize(2);
        leaf.verify(chain.get(0).getPublicKey());
        chain.get(0).verify(chain.get(1).getPublicKey());
        chain.get(1).verify(chain.get(1).getPublicKey());
        assertThat(leaf.getPublicKey()).isEqualTo(signer.key().verificationKey().publicKey());
        assertThat(leaf.getSubjectAlternativeNames()).singleElement().isEqualTo(List.of(6, TestSigstore.DEFAULT_SAN));
        assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.3");
        assertThat(leaf.getKeyUsage()[0]).isTrue();
        assertThat(leaf.getNotAfter().getTime() - leaf.getNotBefore().getTime()).isEqualTo(600_000);
        assertThat(new String(extensionValue(leaf, FulcioExtension.ISSUER_V1.oid()), StandardCharsets.UTF_8)).isEqualTo(TestSigstore.DEFAULT_ISSUER);
        assertThat(ASN1UTF8String.getInstance(extensionValue(leaf, FulcioExtension.ISSUER_V2.oid())).getString()).isEqualTo(TestSigstore.DEFAULT_ISSUER);
        assertThat(new String(extensionValue(leaf, FulcioExtension.GITHUB_WORKFLOW_REPOSITORY.oid()), StandardCharsets.UTF_8)).isEqualTo("acme/signet-demo");
        assertThat(ASN1UTF8String.getInstance(extensionValue(leaf, "1.3.6.1.4.1.57264.1.12")).getString()).isEqualTo("https://github.com/acme/signet-demo");
        assertThat(leaf.getExtensionValue(TestFulcio.CT_POISON_OID)).isNull();
    }

    @Test
    void fulcio_embeddedSct_verifiesOverTbsWithoutSctExtension() throws Exception {
        X509Certificate leaf = sigstore.certificate().certificate();
        Sct sct = Sct.single(extensionValue(leaf, TestFulcio.SCT_LIST_OID));
        assertThat(sct.logId()).isEqualTo(sigstore.ctLog().logId());
        byte[] signed = sct.signedData(Encodings.sha256(sigstore.fulcio().issuer().getPublicKey().getEncoded()), tbsWithout(leaf, TestFulcio.SCT_LIST_OID));
        assertThat(verify(sigstore.ctLog().publicKey(), signed, sct.signature())).isTrue();
        assertThat(verify(sigstore.foreignCtLog().publicKey(), signed, sct.signature())).isFalse();
    }

    @Test
    void fulcio_negativeSwitches_changeOnlyWhatTheySay() throws Exception {
        TestCtLog foreign = sigstore.foreignCtLog();
        X509Certificate foreignSct = sigstore.certificate(LeafSpec.uri("https://x", "https://issuer").withSctFrom(foreign)).certificate();
        assertThat(Sct.single(extensionValue(foreignSct, TestFulcio.SCT_LIST_OID)).logId()).isEqualTo(foreign.logId());
        assertThat(sigstore.certificate(LeafSpec.uri("https://x", "https://issuer").withoutSct()).certificate().getExtensionValue(TestFulcio.SCT_LIST_OID)).isNull();
        assertThat(sigstore.certificate(LeafSpec.uri("https://x", "https://issuer").withoutCodeSigning()).certificate().getExtendedKeyUsage())
                .doesNotContain("1.3.6.1.5.5.7.3.3");
        X509Certificate email = sigstore.certificate(LeafSpec.email("dev@acme.test", "https://accounts.google.com")).certificate();
        assertThat(email.getSubjectAlternativeNames()).singleElement().isEqualTo(List.of(1, "dev@acme.test"));
        TestSigstore rootOnly = TestSigstore.create(sigstore.clock(), false, 0);
        X509Certificate direct = rootOnly.certificate().certificate();
        direct.verify(rootOnly.fulcio().root().getPublicKey());
        assertThat(rootOnly.fulcio().chain()).containsExactly(rootOnly.fulcio().root());
    }

    @Test
    void signImage_legacyAnnotations_holdHashedrekordOverPayload() throws Exception {
        Digest image = Digest.parse("sha256:" + "c0".repeat(32));
        FulcioCertificate signer = sigstore.certificate();
        LegacySignature legacy = sigstore.signImage(signer, "registry.example/acme/demo", image);
        assertThat(SimpleSigningPayload.parse(legacy.payload(), "payload").digest()).isEqualTo(image);
        byte[] signature = Base64.getDecoder().decode(legacy.annotations().get(CosignAnnotations.SIGNATURE));
        assertThat(signer.key().verificationKey().verify(legacy.payload(), signature)).isTrue();
        assertThat(legacy.annotations().get(CosignAnnotations.CHAIN)).isEqualTo(Encodings.pem(sigstore.chain()));
        JsonNode bundle = JSON.readTree(legacy.annotations().get(CosignAnnotations.BUNDLE));
        assertThat(bundle.get("Payload").fieldNames()).toIterable().containsExactly("body", "integratedTime", "logIndex", "logID");
        JsonNode body = JSON.readTree(Base64.getDecoder().decode(bundle.at("/Payload/body").asText()));
        assertThat(body.at("/spec/data/hash/value").asText()).isEqualTo(Encodings.hex(Encodings.sha256(legacy.payload())));
        assertThat(new String(Base64.getDecoder().decode(body.at("/spec/signature/publicKey/content").asText()), StandardCharsets.UTF_8)).isEqualTo(signer.pem());
        byte[] set = Base64.getDecoder().decode(bundle.get("SignedEntryTimestamp").asText());
        byte[] payload = TestRekor.setPayload(Base64.getDecoder().decode(bundle.at("/Payload/body").asText()), bundle.at("/Payload/integratedTime").asLong(),
                sigstore.rekor().logId(), bundle.at("/Payload/logIndex").asLong());
        assertThat(verify(sigstore.rekor().publicKey(), payload, set)).isTrue();
    }

    @Test
    void attestImage_legacyAttLayer_envelopeIsCosignBlobAndIntotoEntryNamesIt() throws Exception {
        byte[] statement = "{\"_type\":\"https://in-toto.io/Statement/v0.1\"}".getBytes(StandardCharsets.UTF_8);
        FulcioCertificate signer = sigstore.certificate();
        LegacySignature attestation = sigstore.attestImage(signer, statement, "https://slsa.dev/provenance/v0.2");
        DsseEnvelope envelope = DsseEnvelope.parse(attestation.payload(), "att");
        assertThat(envelope.verifiedBy(signer.key().verificationKey())).isTrue();
        assertThat(attestation.annotations()).containsEntry(CosignAnnotations.SIGNATURE, "").containsEntry("predicateType", "https://slsa.dev/provenance/v0.2");
        JsonNode body = JSON.readTree(attestation.entry().body());
        assertThat(body.at("/spec/content/hash/value").asText()).isEqualTo(Encodings.hex(Encodings.sha256(attestation.payload())));
        assertThat(body.at("/spec/content/payloadHash/value").asText()).isEqualTo(Encodings.hex(Encodings.sha256(statement)));
        assertThat(new String(Base64.getDecoder().decode(body.at("/spec/content/envelope/signatures/0/sig").asText()), StandardCharsets.US_ASCII))
                .isEqualTo(Base64.getEncoder().encodeToString(envelope.signatures().get(0).sig()));
    }

    @Test
    void rekorBodies_dsse_envelopeHashAsTheMockVectorComputesIt() throws Exception {
        byte[] body = RekorBodies.dsse("application/vnd.in-toto+json", "{}".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2}, "PEM");
        JsonNode spec = JSON.readTree(body).get("spec");
        String envelope = "{\"payload\":\"e30=\",\"payloadType\":\"application/vnd.in-toto+json\",\"signatures\":[{\"sig\":\"AQI=\"}]}";
        assertThat(spec.at("/envelopeHash/value").asText()).isEqualTo(Encodings.hex(Encodings.sha256(envelope.getBytes(StandardCharsets.UTF_8))));
        assertThat(new String(body, StandardCharsets.UTF_8)).startsWith("{\"apiVersion\":\"0.0.1\",\"kind\":\"dsse\",\"spec\":{\"envelopeHash\":");
    }

    @Test
    void tsa_timestamp_validatesWithSigningCertificateOverSignatureHash() throws Exception {
        SignedBundle bundle = sigstore.timestamped(sigstore.signMessage(sigstore.certificate(), new byte[] {1}));
        TimeStampResponse response = new TimeStampResponse(bundle.rfc3161Timestamp());
        assertThat(response.getStatus()).isZero();
        TimeStampToken token = response.getTimeStampToken();
        token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(sigstore.tsa().chain().get(0)));
        assertThat(token.getTimeStampInfo().getMessageImprintDigest()).isEqualTo(Encodings.sha256(bundle.signature()));
        assertThat(token.getTimeStampInfo().getGenTime().toInstant()).isEqualTo(sigstore.clock().instant());
        sigstore.tsa().chain().get(0).verify(sigstore.tsa().chain().get(1).getPublicKey());
    }

    private static boolean verify(PublicKey key, byte[] data, byte[] signature) throws Exception {
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(key);
        verifier.update(data);
        return verifier.verify(signature);
    }

    /** The extension's value with the extnValue OCTET STRING unwrapped once. */
    private static byte[] extensionValue(X509Certificate certificate, String oid) {
        byte[] wrapped = certificate.getExtensionValue(oid);
        assertThat(wrapped).as(oid).isNotNull();
        return ASN1OctetString.getInstance(wrapped).getOctets();
    }

    /** The certificate's TBS with one extension removed: what a verifier rebuilds to check an embedded SCT. */
    private static byte[] tbsWithout(X509Certificate certificate, String oid) throws Exception {
        TBSCertificate tbs = Certificate.getInstance(certificate.getEncoded()).getTBSCertificate();
        V3TBSCertificateGenerator copy = new V3TBSCertificateGenerator();
        copy.setSerialNumber(tbs.getSerialNumber());
        copy.setSignature(tbs.getSignature());
        copy.setIssuer(tbs.getIssuer());
        copy.setStartDate(tbs.getStartDate());
        copy.setEndDate(tbs.getEndDate());
        copy.setSubject(tbs.getSubject());
        copy.setSubjectPublicKeyInfo(tbs.getSubjectPublicKeyInfo());
        copy.setExtensions(new Extensions(Arrays.stream(tbs.getExtensions().getExtensionOIDs()).filter(o -> !o.equals(new ASN1ObjectIdentifier(oid)))
                .map(o -> tbs.getExtensions().getExtension(o)).toArray(Extension[]::new)));
        return copy.generateTBSCertificate().getEncoded("DER");
    }

    /** One SCT read back from a TLS-encoded list, by hand. */
    private record Sct(byte[] logId, long timestamp, byte[] signature) {
        static Sct single(byte[] list) {
            ByteBuffer in = ByteBuffer.wrap(ASN1OctetString.getInstance(list).getOctets());
            assertThat(Short.toUnsignedInt(in.getShort())).isEqualTo(in.remaining());
            assertThat(Short.toUnsignedInt(in.getShort())).isEqualTo(in.remaining());
            assertThat(in.get()).isZero();
            byte[] logId = new byte[32];
            in.get(logId);
            long timestamp = in.getLong();
            assertThat(in.getShort()).isZero();
            assertThat(in.get()).isEqualTo((byte) 4);
            assertThat(in.get()).isEqualTo((byte) 3);
            byte[] signature = new byte[Short.toUnsignedInt(in.getShort())];
            in.get(signature);
            assertThat(in.remaining()).isZero();
            return new Sct(logId, timestamp, signature);
        }

        byte[] signedData(byte[] issuerKeyHash, byte[] tbs) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(new byte[] {0, 0});
            out.writeBytes(ByteBuffer.allocate(8).putLong(timestamp).array());
            out.writeBytes(new byte[] {0, 1});
            out.writeBytes(issuerKeyHash);
            out.writeBytes(new byte[] {(byte) (tbs.length >> 16), (byte) (tbs.length >> 8), (byte) tbs.length});
            out.writeBytes(tbs);
            out.writeBytes(new byte[] {0, 0});
            return out.toByteArray();
        }
    }
}
