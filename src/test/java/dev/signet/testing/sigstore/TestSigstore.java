package dev.signet.testing.sigstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.keys.SigningKey;
import dev.signet.reference.Digest;
import dev.signet.signature.AttestationLayers;
import dev.signet.signature.BundleFormat;
import dev.signet.signature.CosignAnnotations;
import dev.signet.signature.Dsse;
import dev.signet.signature.DsseEnvelope;
import dev.signet.signature.SimpleSigningPayload;
import dev.signet.testing.MutableClock;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole Sigstore deployment in one test object (Fulcio, a CT log, Rekor v1 and a timestamp authority, all in
 * process, no network), so
 * keyless verification can be tested end to end with real artefacts: {@link #trustedRootJson()} is the trust a
 * verifier is configured with, and the {@code sign*} methods produce what {@code cosign sign} / {@code cosign attest}
 * publish, in the bundle layout and in the legacy {@code .sig} and {@code .att} layouts. Negatives come from {@link LeafSpec} switches,
 * from a {@link #foreignCtLog()} nobody trusts, and from {@link SignedBundle#withEntry} with a doctored entry.
 */
public final class TestSigstore {
    /** The identity of {@link #certificate()}, the same as the frozen mock vectors'. */
    public static final String DEFAULT_SAN = "https://github.com/acme/signet-demo/.github/workflows/release.yml@refs/heads/main";
    public static final String DEFAULT_ISSUER = "https://token.actions.githubusercontent.com";
    public static final String TRUSTED_ROOT_MEDIA_TYPE = "application/vnd.dev.sigstore.trustedroot+json;version=0.1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;
    private final Instant start;
    private final TestCtLog ctLog;
    private final TestFulcio fulcio;
    private final TestRekor rekor;
    private final TestTsa tsa;

    private TestSigstore(Clock clock, boolean intermediate, long rekorIndexOffset) {
        this.clock = clock;
        this.start = clock.instant().minus(1, ChronoUnit.DAYS);
        this.ctLog = TestCtLog.create("https://ctfe.signet.test");
        this.fulcio = intermediate ? TestFulcio.withIntermediate(clock, ctLog) : TestFulcio.rootOnly(clock, ctLog);
        this.rekor = TestRekor.create("rekor.signet.test", rekorIndexOffset, clock);
        this.tsa = TestTsa.create(clock);
    }

    /** A stack with an intermediate CA, on a {@link MutableClock} at now (whole seconds), Rekor shard offset 0. */
    public static TestSigstore create() {
        return create(new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS)));
    }

    /** A stack with an intermediate CA whose certificates, SCTs and log entries take their times from {@code clock}. */
    public static TestSigstore create(Clock clock) {
        return new TestSigstore(clock, true, 0);
    }

    /**
     * Every option: {@code intermediate} false for leaves issued by the root; {@code rekorIndexOffset} the global
     * index of the log shard's first entry, so entry {@code logIndex} and proof {@code logIndex} differ as in
     * public-good Rekor.
     */
    public static TestSigstore create(Clock clock, boolean intermediate, long rekorIndexOffset) {
        return new TestSigstore(clock, intermediate, rekorIndexOffset);
    }

    public Clock clock() {
        return clock;
    }

    public TestFulcio fulcio() {
        return fulcio;
    }

    public TestCtLog ctLog() {
        return ctLog;
    }

    public TestRekor rekor() {
        return rekor;
    }

    public TestTsa tsa() {
        return tsa;
    }

    /** A CT log with its own key that the trusted root does not list, for an SCT no verifier may accept. */
    public TestCtLog foreignCtLog() {
        return TestCtLog.create(ctLog.baseUrl());
    }

    /** A fresh P-256 key with a certificate for {@link #DEFAULT_SAN} and {@link #DEFAULT_ISSUER}. */
    public FulcioCertificate certificate() {
        return certificate(LeafSpec.uri(DEFAULT_SAN, DEFAULT_ISSUER));
    }

    /** A fresh P-256 key with a certificate as {@code spec} says. */
    public FulcioCertificate certificate(LeafSpec spec) {
        SigningKey key = SigningKey.generate("fulcio-leaf");
        PublicKey publicKey = key.verificationKey().publicKey();
        return new FulcioCertificate(key, fulcio.issue(publicKey, spec), fulcio.chain());
    }

    /**
     * The trusted root a verifier needs for this stack ({@code application/vnd.dev.sigstore.trustedroot+json;version=0.1},
     * the shape of {@code shared/vectors/keyless/mock/trusted_root.json}): the CA chain, the Rekor log, the CT log and
     * the timestamp authority, each valid from a day before the stack was made.
     */
    public String trustedRootJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("mediaType", TRUSTED_ROOT_MEDIA_TYPE);
        root.putArray("tlogs").add(logInstance(rekor.baseUrl(), rekor.publicKey(), rekor.logId()));
        ObjectNode ca = root.putArray("certificateAuthorities").addObject();
        ca.putObject("subject").put("organization", "signet.test").put("commonName", "sigstore");
        ca.put("uri", "https://fulcio.signet.test");
        ArrayNode certificates = ca.putObject("certChain").putArray("certificates");
        for (X509Certificate certificate : fulcio.chain()) {
            certificates.addObject().put("rawBytes", Encodings.b64(Encodings.der(certificate)));
        }
        ca.putObject("validFor").put("start", start.toString());
        root.putArray("ctlogs").add(logInstance(ctLog.baseUrl(), ctLog.publicKey(), ctLog.logId()));
        ObjectNode timestamps = root.putArray("timestampAuthorities").addObject();
        timestamps.putObject("subject").put("organization", "signet.test").put("commonName", "tsa");
        timestamps.put("uri", "https://tsa.signet.test");
        ArrayNode tsaCertificates = timestamps.putObject("certChain").putArray("certificates");
        for (X509Certificate certificate : tsa.chain()) {
            tsaCertificates.addObject().put("rawBytes", Encodings.b64(Encodings.der(certificate)));
        }
        timestamps.putObject("validFor").put("start", start.toString());
        return root.toPrettyString();
    }

    private ObjectNode logInstance(String baseUrl, PublicKey key, byte[] logId) {
        ObjectNode log = JSON.createObjectNode();
        log.put("baseUrl", baseUrl);
        log.put("hashAlgorithm", "SHA2_256");
        ObjectNode publicKey = log.putObject("publicKey");
        publicKey.put("rawBytes", Encodings.b64(key.getEncoded()));
        publicKey.put("keyDetails", "PKIX_ECDSA_P256_SHA_256");
        publicKey.putObject("validFor").put("start", start.toString());
        log.putObject("logId").put("keyId", Encodings.b64(logId));
        return log;
    }

    /** A message signature over {@code artifact}, logged as {@code hashedrekord} 0.0.1 (cosign sign-blob's bundle). */
    public SignedBundle signMessage(FulcioCertificate signer, byte[] artifact) {
        byte[] digest = Encodings.sha256(artifact);
        byte[] signature = signer.key().sign(artifact);
        RekorEntry entry = rekor.append("hashedrekord", "0.0.1", RekorBodies.hashedrekord(digest, signature, signer.pem()));
        ObjectNode content = JSON.createObjectNode();
        content.putObject("messageDigest").put("algorithm", "SHA2_256").put("digest", Encodings.b64(digest));
        content.put("signature", Encodings.b64(signature));
        return new SignedBundle(signer, entry, "messageSignature", content);
    }

    /** The bundle with an RFC 3161 timestamp from {@link #tsa()} over its signature, at the clock's time. */
    public SignedBundle timestamped(SignedBundle bundle) {
        return bundle.withTimestamp(tsa.timestamp(bundle.signature()));
    }

    /** How a DSSE envelope is logged: {@code dsse} 0.0.1 (cosign v3, {@code @sigstore/sign}) or {@code intoto} 0.0.2 (cosign v2). */
    public enum DsseEntry {
        DSSE,
        INTOTO
    }

    /** An in-toto statement in a DSSE envelope (PAE signed), logged as a {@code dsse} 0.0.1 entry. */
    public SignedBundle signStatement(FulcioCertificate signer, byte[] statement) {
        return signStatement(signer, statement, DsseEntry.DSSE);
    }

    public SignedBundle signStatement(FulcioCertificate signer, byte[] statement, DsseEntry kind) {
        String payloadType = BundleFormat.IN_TOTO_PAYLOAD_TYPE;
        byte[] signature = signer.key().sign(Dsse.pae(payloadType, statement));
        RekorEntry entry = kind == DsseEntry.DSSE
                ? rekor.append("dsse", "0.0.1", RekorBodies.dsse(payloadType, statement, signature, signer.pem()))
                : rekor.append("intoto", "0.0.2", RekorBodies.intoto(payloadType, statement, signature, signer.pem()));
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("payload", Encodings.b64(statement));
        envelope.put("payloadType", payloadType);
        envelope.putArray("signatures").addObject().put("sig", Encodings.b64(signature));
        return new SignedBundle(signer, entry, "dsseEnvelope", envelope);
    }

    /**
     * cosign's legacy keyless {@code .sig} layer for {@code image}: the simple-signing payload signed by the leaf key,
     * a {@code hashedrekord} entry over the payload's SHA-256, and the four annotations cosign writes.
     */
    public LegacySignature signImage(FulcioCertificate signer, String dockerReference, Digest image) {
        byte[] payload = SimpleSigningPayload.of(dockerReference, image).toBytes();
        byte[] signature = signer.key().sign(payload);
        RekorEntry entry = rekor.append("hashedrekord", "0.0.1", RekorBodies.hashedrekord(Encodings.sha256(payload), signature, signer.pem()));
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(CosignAnnotations.SIGNATURE, Encodings.b64(signature));
        annotations.put(CosignAnnotations.CERTIFICATE, signer.pem());
        annotations.put(CosignAnnotations.CHAIN, signer.chainPem());
        annotations.put(CosignAnnotations.BUNDLE, cosignBundle(entry));
        return new LegacySignature(payload, annotations, entry);
    }

    /**
     * cosign v2's legacy keyless {@code .att} layer: the DSSE envelope blob exactly as {@link DsseEnvelope#sign} writes
     * it (cosign's bytes), logged as {@code intoto} 0.0.2 over that envelope, and the layer annotations (empty
     * signature, {@code predicateType}, certificate, chain, Rekor bundle). {@link LegacySignature#payload()} is the blob.
     */
    public LegacySignature attestImage(FulcioCertificate signer, byte[] statement, String predicateType) {
        return attestImage(signer, statement, predicateType, true);
    }

    /**
     * The same, {@code payloadLogged} false for the body as public-good Rekor stores it, without the payload
     * ({@link RekorBodies#intotoCanonical}); true for the {@code @sigstore/mock} shape, payload included.
     */
    public LegacySignature attestImage(FulcioCertificate signer, byte[] statement, String predicateType, boolean payloadLogged) {
        DsseEnvelope envelope = DsseEnvelope.sign(BundleFormat.IN_TOTO_PAYLOAD_TYPE, statement, signer.key());
        byte[] signature = envelope.signatures().get(0).sig();
        RekorEntry entry = rekor.append("intoto", "0.0.2", payloadLogged
                ? RekorBodies.intoto(BundleFormat.IN_TOTO_PAYLOAD_TYPE, statement, signature, signer.pem(), envelope.bytes())
                : RekorBodies.intotoCanonical(BundleFormat.IN_TOTO_PAYLOAD_TYPE, statement, signature, signer.pem(), envelope.bytes()));
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(CosignAnnotations.SIGNATURE, "");
        annotations.put(AttestationLayers.PREDICATE_TYPE, predicateType);
        annotations.put(CosignAnnotations.CERTIFICATE, signer.pem());
        annotations.put(CosignAnnotations.CHAIN, signer.chainPem());
        annotations.put(CosignAnnotations.BUNDLE, cosignBundle(entry));
        return new LegacySignature(envelope.bytes(), annotations, entry);
    }

    /**
     * cosign's {@code dev.sigstore.cosign/bundle} annotation (pkg/bundle RekorBundle): the SET and its payload, the
     * payload's fields in cosign's struct order (body, integratedTime, logIndex, logID), logID in hex.
     */
    public static String cosignBundle(RekorEntry entry) {
        ObjectNode bundle = JSON.createObjectNode();
        bundle.put("SignedEntryTimestamp", Encodings.b64(entry.signedEntryTimestamp()));
        ObjectNode payload = bundle.putObject("Payload");
        payload.put("body", Encodings.b64(entry.body()));
        payload.put("integratedTime", entry.integratedTime());
        payload.put("logIndex", entry.logIndex());
        payload.put("logID", Encodings.hex(entry.logId()));
        return bundle.toString();
    }

    /** The chain as {@code List}, issuing CA first, for callers that build their own trust. */
    public List<X509Certificate> chain() {
        return fulcio.chain();
    }
}
