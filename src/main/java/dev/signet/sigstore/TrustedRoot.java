package dev.signet.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.SignetException;
import dev.signet.json.Json;
import dev.signet.keys.KeyException;
import dev.signet.keys.PemKeys;
import dev.signet.keys.VerificationKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * Sigstore's trusted root ({@code application/vnd.dev.sigstore.trustedroot+json}): the Fulcio CAs, Rekor logs, CT logs
 * and timestamp authorities keyless evidence is checked against, each trusted only inside its {@code validFor}
 * window. Read once and kept: every check against it is offline.
 *
 * <p>Sources: the public-good root embedded in Signet ({@link #production()}, the {@code trusted_root.json} npm
 * {@code @sigstore/tuf} 4.0.2 embeds), a file or cluster object ({@link #parse}), or a Kyverno attestor's PEMs
 * ({@link #fromPems}).
 */
public final class TrustedRoot {
    /** Trusted roots are a few KiB; anything far larger is refused unread. */
    public static final int MAX_BYTES = 1024 * 1024;
    private static final String MEDIA_TYPE_PREFIX = "application/vnd.dev.sigstore.trustedroot";
    private static final String PRODUCTION = "production-trusted-root.json";
    private static volatile TrustedRoot production;

    private final String name;
    private final List<CertificateAuthority> authorities;
    private final List<LogKey> tlogs;
    private final List<LogKey> ctlogs;
    private final List<TimestampAuthority> timestampAuthorities;
    /** The issuing certificate of each CA as a key that checks certificate signatures with the fast ECDSA path. */
    private final Map<X509Certificate, Optional<VerificationKey>> issuerKeys = new ConcurrentHashMap<>();
    /**
     * Certificates whose signature by a CA of this root has verified, by SHA-256 of their DER and the CA's subject: the
     * same signature is checked again for every rule and trust that reads it, and after the verdict cache expires.
     * Only the signature is remembered (the JDK's X509CertImpl does the same per object); the times, the window and
     * the EKU are checked every time. Bounded: cleared when full.
     */
    private final Map<String, Boolean> verifiedSignatures = new ConcurrentHashMap<>();
    private static final int MAX_VERIFIED_SIGNATURES = 4096;

    /** A Fulcio CA: its chain, issuing certificate first and root last. */
    public record CertificateAuthority(String uri, List<X509Certificate> chain, ValidFor validFor) {
        public CertificateAuthority {
            chain = List.copyOf(chain);
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("a certificate authority has at least one certificate");
            }
        }
    }

    /** A transparency or CT log's key; {@code logId} is what entries and SCTs name it by. */
    public record LogKey(String baseUrl, byte[] logId, VerificationKey key, ValidFor validFor) {
        public LogKey {
            Objects.requireNonNull(baseUrl, "baseUrl");
            logId = logId.clone();
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(validFor, "validFor");
        }

        @Override
        public byte[] logId() {
            return logId.clone();
        }

        boolean named(byte[] id) {
            return Arrays.equals(logId, id);
        }

        /** The log's host, which Rekor v2 checkpoints are signed under. */
        public String host() {
            String rest = baseUrl.replaceFirst("^[a-zA-Z]+://", "");
            int slash = rest.indexOf('/');
            return slash < 0 ? rest : rest.substring(0, slash);
        }
    }

    /** An RFC 3161 timestamp authority: its chain, signing certificate first and root last. */
    public record TimestampAuthority(String uri, List<X509Certificate> chain, ValidFor validFor) {
        public TimestampAuthority {
            chain = List.copyOf(chain);
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("a timestamp authority has at least one certificate");
            }
        }
    }

    public TrustedRoot(String name, List<CertificateAuthority> authorities, List<LogKey> tlogs, List<LogKey> ctlogs,
            List<TimestampAuthority> timestampAuthorities) {
        this.name = Objects.requireNonNull(name, "name");
        this.authorities = List.copyOf(authorities);
        this.tlogs = List.copyOf(tlogs);
        this.ctlogs = List.copyOf(ctlogs);
        this.timestampAuthorities = List.copyOf(timestampAuthorities);
    }

    /** The Sigstore public-good root embedded in Signet (provenance in the resource's README). */
    public static TrustedRoot production() {
        TrustedRoot root = production;
        if (root == null) {
            try (InputStream in = TrustedRoot.class.getResourceAsStream(PRODUCTION)) {
                if (in == null) {
                    throw new IllegalStateException("the embedded trusted root " + PRODUCTION + " is missing from the build");
                }
                root = parse(in.readAllBytes(), "the Sigstore public-good trusted root");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            production = root;
        }
        return root;
    }

    /**
     * Reads a trusted root. A window without its start, an unknown key type or an unreadable certificate makes the
     * whole root unusable: a missing bound is never read as "unbounded" (sigstore-conformance).
     */
    public static TrustedRoot parse(byte[] json, String name) {
        if (json.length > MAX_BYTES) {
            throw invalid(name, json.length + " bytes exceeds " + MAX_BYTES);
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(json);
        } catch (IOException e) {
            throw invalid(name, "not JSON");
        }
        if (root == null || !root.isObject()) {
            throw invalid(name, "not a JSON object");
        }
        String mediaType = root.path("mediaType").asText("");
        if (!mediaType.startsWith(MEDIA_TYPE_PREFIX)) {
            throw invalid(name, "mediaType " + SignetException.quote(mediaType) + " is not " + MEDIA_TYPE_PREFIX + "+json");
        }
        List<CertificateAuthority> authorities = new ArrayList<>();
        for (JsonNode ca : root.path("certificateAuthorities")) {
            String where = "certificateAuthorities[" + authorities.size() + "]";
            authorities.add(new CertificateAuthority(ca.path("uri").asText(""), chain(ca.path("certChain"), name, where),
                    validFor(ca.path("validFor"), name, where)));
        }
        List<TimestampAuthority> tsas = new ArrayList<>();
        for (JsonNode tsa : root.path("timestampAuthorities")) {
            String where = "timestampAuthorities[" + tsas.size() + "]";
            tsas.add(new TimestampAuthority(tsa.path("uri").asText(""), chain(tsa.path("certChain"), name, where),
                    validFor(tsa.path("validFor"), name, where)));
        }
        return new TrustedRoot(name, authorities, logs(root.path("tlogs"), name, "tlogs"), logs(root.path("ctlogs"), name, "ctlogs"), tsas);
    }

    /**
     * A root from PEMs, as a Kyverno keyless attestor gives them ({@code roots}, {@code rekor.pubkey},
     * {@code ctlog.pubkey}, {@code ctlog.tsaCertChain}): no windows, so each is trusted from the epoch on, and a log's
     * ID is the SHA-256 of its key, as Rekor and CT logs derive it. A null or blank PEM contributes nothing.
     */
    public static TrustedRoot fromPems(String name, String caRoots, String rekorKeys, String ctlogKeys, String tsaChain) {
        ValidFor always = new ValidFor(Instant.EPOCH, Optional.empty());
        List<CertificateAuthority> authorities = new ArrayList<>();
        if (caRoots != null && !caRoots.isBlank()) {
            // each root (and any intermediates listed with it) is one CA: leaf-most first, as the PEM lists them
            authorities.add(new CertificateAuthority("", certificates(caRoots, name), always));
        }
        List<TimestampAuthority> tsas = new ArrayList<>();
        if (tsaChain != null && !tsaChain.isBlank()) {
            tsas.add(new TimestampAuthority("", certificates(tsaChain, name), always));
        }
        return new TrustedRoot(name, authorities, logKeys(rekorKeys, name, always), logKeys(ctlogKeys, name, always), tsas);
    }

    private static List<LogKey> logKeys(String pem, String name, ValidFor always) {
        if (pem == null || pem.isBlank()) {
            return List.of();
        }
        List<LogKey> keys = new ArrayList<>();
        try {
            for (VerificationKey key : PemKeys.parsePublicKeys(pem, name)) {
                keys.add(new LogKey("", sha256(key.publicKey().getEncoded()), key, always));
            }
        } catch (KeyException e) {
            throw invalid(name, e.getMessage());
        }
        return keys;
    }

    /** A copy of this root with other transparency logs, for a policy that names its own Rekor key. */
    public TrustedRoot withTlogs(List<LogKey> logs, String newName) {
        return new TrustedRoot(newName, authorities, logs, ctlogs, timestampAuthorities);
    }

    /** A copy of this root with other CT logs, for a policy that names its own CT log key. */
    public TrustedRoot withCtlogs(List<LogKey> logs, String newName) {
        return new TrustedRoot(newName, authorities, tlogs, logs, timestampAuthorities);
    }

    private static List<LogKey> logs(JsonNode array, String name, String field) {
        List<LogKey> logs = new ArrayList<>();
        for (JsonNode log : array) {
            String where = field + "[" + logs.size() + "]";
            JsonNode publicKey = log.path("publicKey");
            byte[] der = base64(publicKey.path("rawBytes"), name, where + ".publicKey.rawBytes");
            byte[] logId = base64(log.path("logId").path("keyId"), name, where + ".logId.keyId");
            String baseUrl = log.path("baseUrl").asText("");
            logs.add(new LogKey(baseUrl, logId, key(der, publicKey.path("keyDetails").asText(""), name, where),
                    validFor(publicKey.path("validFor"), name, where + ".publicKey")));
        }
        return logs;
    }

    private static VerificationKey key(byte[] der, String details, String name, String where) {
        String algorithm = details.contains("ED25519") ? "Ed25519" : details.contains("RSA") ? "RSA" : "EC";
        try {
            PublicKey key;
            try {
                key = KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                if (!details.startsWith("PKCS1_")) {
                    throw e;
                }
                // PKCS1_* key details hold a bare PKCS#1 RSAPublicKey: wrap it into the SPKI the JDK reads
                byte[] spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE), der).getEncoded();
                key = KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(spki));
            }
            return VerificationKey.of(key, name + " " + where);
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            throw invalid(name, where + " is not a usable " + (details.isEmpty() ? "public key" : details) + " key");
        }
    }

    private static ValidFor validFor(JsonNode window, String name, String where) {
        if (!window.path("start").isTextual()) {
            throw invalid(name, where + ".validFor has no start; a window without a start is not read as unbounded");
        }
        try {
            Instant start = Instant.parse(window.path("start").asText());
            Optional<Instant> end = window.path("end").isTextual() ? Optional.of(Instant.parse(window.path("end").asText())) : Optional.empty();
            return new ValidFor(start, end);
        } catch (DateTimeParseException e) {
            throw invalid(name, where + ".validFor is not RFC 3339 time");
        }
    }

    private static List<X509Certificate> chain(JsonNode certChain, String name, String where) {
        List<X509Certificate> chain = new ArrayList<>();
        for (JsonNode certificate : certChain.path("certificates")) {
            chain.add(certificate(base64(certificate.path("rawBytes"), name, where), name, where));
        }
        if (chain.isEmpty()) {
            throw invalid(name, where + " has no certificates");
        }
        return chain;
    }

    static X509Certificate certificate(byte[] der, String name, String where) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw invalid(name, where + " holds a certificate that does not parse");
        }
    }

    private static List<X509Certificate> certificates(String pem, String name) {
        try {
            List<X509Certificate> certificates = new ArrayList<>();
            for (var block : PemKeys.decode(pem, name)) {
                certificates.add(certificate(block.der(), name, "a PEM block"));
            }
            if (certificates.isEmpty()) {
                throw invalid(name, "no PEM certificate found");
            }
            return certificates;
        } catch (KeyException e) {
            throw invalid(name, e.getMessage());
        }
    }

    private static byte[] base64(JsonNode value, String name, String where) {
        try {
            byte[] bytes = Base64.getDecoder().decode(value.asText(""));
            if (bytes.length == 0) {
                throw invalid(name, where + " is missing");
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            throw invalid(name, where + " is not base64");
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    private static SigstoreException invalid(String name, String cause) {
        return new SigstoreException(SigstoreException.Check.TRUSTED_ROOT, name, cause);
    }

    public String name() {
        return name;
    }

    public List<CertificateAuthority> certificateAuthorities() {
        return authorities;
    }

    public List<LogKey> tlogs() {
        return tlogs;
    }

    public List<LogKey> ctlogs() {
        return ctlogs;
    }

    public List<TimestampAuthority> timestampAuthorities() {
        return timestampAuthorities;
    }

    /**
     * The key of a CA's issuing certificate, for checking the certificates it signed with BouncyCastle's curve
     * arithmetic (about 14x the JDK's on P-384, see {@code keys.EcdsaVerifier}); empty for a key type it does not cover.
     */
    Optional<VerificationKey> issuerKey(X509Certificate issuer) {
        return issuerKeys.computeIfAbsent(issuer, certificate -> {
            try {
                return Optional.of(VerificationKey.of(certificate.getPublicKey(), "the CA " + certificate.getSubjectX500Principal().getName()));
            } catch (KeyException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * Whether {@code key} verifies {@code signature} over {@code signed}: a log's SET or checkpoint, a CT log's SCT. A
     * {@code true} answer is remembered with the certificate signatures (bounded, {@link #verifiedSignatures}), keyed by
     * the SHA-256 of the key, the signed bytes and the signature, so verifying the same bundle again costs a hash, not an
     * ECDSA check; a {@code false} one is asked again. A pure function of its inputs, so remembering it changes no answer.
     */
    boolean verifies(VerificationKey key, byte[] signed, byte[] signature) {
        return remembered("s", key, signed, signature, () -> key.verify(signed, signature));
    }

    /** As {@link #verifies}, for a signature over a message of which only the SHA-256 {@code digest} is known. */
    boolean verifiesDigest(VerificationKey key, byte[] digest, byte[] signature) {
        return remembered("d", key, digest, signature, () -> key.verifyDigest(digest, signature));
    }

    /** The memory's answer when it holds a true one, else the check's, kept when true. */
    private boolean remembered(String kind, VerificationKey key, byte[] signed, byte[] signature, java.util.function.BooleanSupplier check) {
        String memo = kind + memoKey(key, signed, signature);
        if (verifiedSignatures.containsKey(memo)) {
            return true;
        }
        boolean verified = check.getAsBoolean();
        if (verified) {
            remember(memo);
        }
        return verified;
    }

    /** SHA-256 over the key's algorithm and encoding, the signed bytes and the signature, each preceded by its length. */
    private static String memoKey(VerificationKey key, byte[] signed, byte[] signature) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            // the algorithm too: one RSA key read as PKCS#1 v1.5 and as PSS answers differently for one signature
            for (byte[] part : new byte[][] {key.algorithm().name().getBytes(java.nio.charset.StandardCharsets.US_ASCII), key.publicKey().getEncoded(),
                    signed, signature}) {
                digest.update(ByteBuffer.allocate(4).putInt(part.length).array());
                digest.update(part);
            }
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    private void remember(String memo) {
        if (verifiedSignatures.size() >= MAX_VERIFIED_SIGNATURES) {
            verifiedSignatures.clear();
        }
        verifiedSignatures.put(memo, Boolean.TRUE);
    }

    /** Whether {@code issued}'s signature by {@code issuer} verified before (see {@link #verifiedSignatures}). */
    boolean signatureVerified(byte[] issuedDer, X509Certificate issuer) {
        return verifiedSignatures.containsKey(signatureKey(issuedDer, issuer));
    }

    void rememberSignature(byte[] issuedDer, X509Certificate issuer) {
        remember(signatureKey(issuedDer, issuer));
    }

    /**
     * The issued certificate and the issuer's <em>key</em>: CAs are re-keyed under the same name, so a name would let a
     * signature verified by one CA count for another of that name (FulcioCertificateChainTest).
     */
    private static String signatureKey(byte[] issuedDer, X509Certificate issuer) {
        java.util.HexFormat hex = java.util.HexFormat.of();
        return hex.formatHex(sha256(issuedDer)) + "|" + hex.formatHex(sha256(issuer.getPublicKey().getEncoded()));
    }

    /** The transparency log an entry names, if trusted. */
    public Optional<LogKey> tlog(byte[] logId) {
        return tlogs.stream().filter(log -> log.named(logId)).findFirst();
    }

    /** The CT log an SCT names, if trusted. */
    public Optional<LogKey> ctlog(byte[] logId) {
        return ctlogs.stream().filter(log -> log.named(logId)).findFirst();
    }

    @Override
    public String toString() {
        return "TrustedRoot[" + name + ": " + authorities.size() + " CAs, " + tlogs.size() + " tlogs, " + ctlogs.size() + " ctlogs, "
                + timestampAuthorities.size() + " TSAs]";
    }
}
