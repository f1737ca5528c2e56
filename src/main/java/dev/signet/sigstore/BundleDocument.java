package dev.signet.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.SignetException;
import dev.signet.json.Json;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Sigstore bundle of any version (v0.1, v0.2, v0.3 in both media-type spellings), read into what keyless and key
 * verification need: the signing material (certificate or chain, or a public-key hint), the signed content (a message
 * signature or a DSSE envelope), the log entries and the RFC 3161 timestamps. Nothing in it is trusted yet.
 */
public final class BundleDocument {
    /** Bundles with certificates, log entries and timestamps stay well below this. */
    public static final int MAX_BYTES = 1024 * 1024;
    private static final int MAX_ENTRIES = 8;
    private static final Map<String, Integer> VERSIONS = Map.of(
            "application/vnd.dev.sigstore.bundle+json;version=0.1", 1,
            "application/vnd.dev.sigstore.bundle+json;version=0.2", 2,
            "application/vnd.dev.sigstore.bundle+json;version=0.3", 3,
            "application/vnd.dev.sigstore.bundle.v0.3+json", 3);

    private final int minorVersion;
    private final Optional<FulcioCertificate> certificate;
    private final SignedContent content;
    private final List<TlogEntry> entries;
    private final List<byte[]> timestamps;

    private BundleDocument(int minorVersion, Optional<FulcioCertificate> certificate, SignedContent content, List<TlogEntry> entries,
            List<byte[]> timestamps) {
        this.minorVersion = minorVersion;
        this.certificate = certificate;
        this.content = content;
        this.entries = List.copyOf(entries);
        this.timestamps = List.copyOf(timestamps);
    }

    /** Reads a bundle; {@code subject} names it in messages (a file, a referrer digest). */
    public static BundleDocument parse(byte[] json, String subject) {
        if (json.length > MAX_BYTES) {
            throw format(subject, "bundle of " + json.length + " bytes exceeds " + MAX_BYTES);
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(json);
        } catch (IOException e) {
            throw format(subject, "not JSON");
        }
        if (root == null || !root.isObject()) {
            throw format(subject, "not a JSON object");
        }
        String mediaType = root.path("mediaType").asText("");
        Integer minor = VERSIONS.get(mediaType);
        if (minor == null) {
            throw format(subject, "mediaType " + SignetException.quote(mediaType) + " is not a Sigstore bundle version Signet reads (v0.1 to v0.3)");
        }
        JsonNode material = root.path("verificationMaterial");
        Optional<FulcioCertificate> certificate = certificate(material, subject);
        List<TlogEntry> entries = new ArrayList<>();
        for (JsonNode entry : material.path("tlogEntries")) {
            if (entries.size() == MAX_ENTRIES) {
                throw format(subject, "more than " + MAX_ENTRIES + " transparency-log entries");
            }
            entries.add(TlogEntry.fromBundle(entry, subject));
        }
        List<byte[]> timestamps = new ArrayList<>();
        for (JsonNode timestamp : material.path("timestampVerificationData").path("rfc3161Timestamps")) {
            if (timestamps.size() == MAX_ENTRIES) {
                throw format(subject, "more than " + MAX_ENTRIES + " timestamps");
            }
            timestamps.add(base64(timestamp.path("signedTimestamp"), subject, "signedTimestamp"));
        }
        return new BundleDocument(minor, certificate, content(root, subject), entries, timestamps);
    }

    private static Optional<FulcioCertificate> certificate(JsonNode material, String subject) {
        if (material.has("certificate")) {
            return Optional.of(FulcioCertificate.parse(base64(material.path("certificate").path("rawBytes"), subject, "certificate"), subject));
        }
        if (material.has("x509CertificateChain")) {
            JsonNode chain = material.path("x509CertificateChain").path("certificates");
            if (chain.size() == 0) {
                throw format(subject, "the certificate chain is empty");
            }
            List<FulcioCertificate> certificates = new ArrayList<>();
            for (JsonNode certificate : chain) {
                certificates.add(FulcioCertificate.parse(base64(certificate.path("rawBytes"), subject, "certificate"), subject));
            }
            // the trusted root supplies the CA certificates; a bundle that carries a root asks to be trusted on its own say
            for (FulcioCertificate certificate : certificates) {
                X509Certificate x509 = certificate.x509();
                if (x509.getSubjectX500Principal().equals(x509.getIssuerX500Principal())) {
                    throw format(subject, "the certificate chain contains a root certificate; roots come from the trusted root only");
                }
            }
            return Optional.of(certificates.get(0));
        }
        if (material.has("publicKey")) {
            return Optional.empty();
        }
        throw format(subject, "the bundle has no certificate and no public key");
    }

    private static SignedContent content(JsonNode root, String subject) {
        JsonNode message = root.path("messageSignature");
        if (message.isObject()) {
            JsonNode digest = message.path("messageDigest");
            if (!digest.isMissingNode() && !"SHA2_256".equals(digest.path("algorithm").asText())) {
                throw format(subject, "message digest algorithm " + SignetException.quote(digest.path("algorithm").asText()) + " is not SHA2_256");
            }
            byte[] sha256 = digest.isMissingNode() ? new byte[0] : base64(digest.path("digest"), subject, "messageDigest.digest");
            return new SignedContent.Message(sha256, base64(message.path("signature"), subject, "messageSignature.signature"));
        }
        JsonNode envelope = root.path("dsseEnvelope");
        if (envelope.isObject()) {
            List<byte[]> signatures = new ArrayList<>();
            for (JsonNode signature : envelope.path("signatures")) {
                signatures.add(base64(signature.path("sig"), subject, "dsseEnvelope.signatures[].sig"));
            }
            if (signatures.size() != 1) {
                throw format(subject, "the DSSE envelope has " + signatures.size() + " signatures; Sigstore bundles carry exactly one");
            }
            return new SignedContent.Envelope(envelope.path("payloadType").asText(""), base64(envelope.path("payload"), subject, "dsseEnvelope.payload"),
                    signatures);
        }
        throw format(subject, "the bundle has neither a messageSignature nor a dsseEnvelope");
    }

    static byte[] base64(JsonNode node, String subject, String field) {
        if (!node.isTextual()) {
            throw format(subject, field + " is missing");
        }
        try {
            return Base64.getDecoder().decode(withoutLineBreaks(node.asText()));
        } catch (IllegalArgumentException e) {
            throw format(subject, field + " is not base64");
        }
    }

    /** Go's base64 decoder, which protojson uses, skips CR and LF: a wrapped value is the same bytes. */
    private static String withoutLineBreaks(String base64) {
        return base64.indexOf('\n') < 0 && base64.indexOf('\r') < 0 ? base64 : base64.replace("\n", "").replace("\r", "");
    }

    private static SigstoreException format(String subject, String cause) {
        return new SigstoreException(SigstoreException.Check.FORMAT, subject, cause);
    }

    /** 1, 2 or 3 for v0.1, v0.2, v0.3. */
    public int minorVersion() {
        return minorVersion;
    }

    /** The signing certificate; empty for a key-signed bundle. */
    public Optional<FulcioCertificate> certificate() {
        return certificate;
    }

    public SignedContent content() {
        return content;
    }

    public List<TlogEntry> entries() {
        return entries;
    }

    public List<byte[]> timestamps() {
        return timestamps.stream().map(byte[]::clone).toList();
    }
}
