package dev.signet.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.json.Json;
import dev.signet.keys.KeyException;
import dev.signet.keys.PemKeys;
import dev.signet.keys.VerificationKey;
import dev.signet.signature.CosignAnnotations;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies Sigstore evidence offline against a trusted root, as sigstore-go's verifier and cosign do: the signature over
 * the content with the certificate's (or the trusted) key, the RFC 3161 timestamps and transparency-log entries that
 * give the signing time and prove the signature was logged, the certificate chain at every verified signing time
 * (never at "now" when a log or TSA gives a time), the embedded SCT, and last the identity, so that a denial names the
 * first check that failed. Every failure is a {@link SigstoreException} naming its check.
 */
public final class SigstoreVerifier {

    private SigstoreVerifier() {
    }

    /** What the signer must be: one of these identities (keyless), or this key. */
    public sealed interface Expectation {
        record Identities(List<IdentityMatcher> identities) implements Expectation {
            public Identities {
                identities = List.copyOf(identities);
                if (identities.isEmpty()) {
                    throw new IllegalArgumentException("at least one identity");
                }
            }
        }

        record Key(VerificationKey key) implements Expectation {
            public Key {
                Objects.requireNonNull(key, "key");
            }
        }
    }

    /**
     * Which proofs are required. Skipping one is the caller's explicit choice (cosign's {@code --insecure-ignore-tlog},
     * {@code --insecure-ignore-sct}; Kyverno's {@code ignoreTlog}, {@code ignoreSCT}).
     */
    public record Requirements(boolean tlog, boolean sct) {
        public static final Requirements ALL = new Requirements(true, true);
    }

    /**
     * Evidence in either layout.
     *
     * @param requireInclusionProof bundles v0.2 and later: an entry must carry an inclusion proof, a SET alone is not enough
     */
    public record Evidence(Optional<FulcioCertificate> certificate, SignedContent content, List<TlogEntry> entries, List<byte[]> timestamps,
            boolean requireInclusionProof) {
        public Evidence {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(content, "content");
            entries = List.copyOf(entries);
            timestamps = timestamps.stream().map(byte[]::clone).toList();
        }

        public static Evidence of(BundleDocument bundle) {
            return new Evidence(bundle.certificate(), bundle.content(), bundle.entries(), bundle.timestamps(), bundle.minorVersion() >= 2);
        }
        /**
         * cosign's legacy keyless layer: the signature over the payload (of SHA-256 {@code payloadSha256}), the leaf in
         * {@code dev.sigstore.cosign/certificate} (the {@code chain} annotation is not needed: the trusted root holds the
         * CAs), the Rekor entry in {@code dev.sigstore.cosign/bundle} (a SET, no inclusion proof) and an optional
         * RFC 3161 timestamp in {@code dev.sigstore.cosign/rfc3161timestamp}.
         */
        public static Evidence fromCosignLayer(Map<String, String> annotations, byte[] payloadSha256, byte[] signature, String subject) {
            return fromAnnotations(annotations, new SignedContent.Message(payloadSha256, signature), subject);
        }

        /**
         * cosign v2's legacy keyless attestation layer ({@code .att}): the same annotations as a {@code .sig} layer,
         * but the layer blob is a DSSE envelope whose signatures are over PAE(payloadType, payload), and its Rekor entry
         * is {@code intoto} 0.0.2 (or {@code dsse}) over that envelope.
         */
        public static Evidence fromCosignAttestationLayer(Map<String, String> annotations, SignedContent.Envelope envelope, String subject) {
            return fromAnnotations(annotations, envelope, subject);
        }

        private static Evidence fromAnnotations(Map<String, String> annotations, SignedContent content, String subject) {
            String pem = annotations.get(CosignAnnotations.CERTIFICATE);
            Optional<FulcioCertificate> certificate = Optional.empty();
            if (pem != null && !pem.isBlank()) {
                try {
                    var blocks = PemKeys.decode(pem, subject);
                    if (blocks.isEmpty()) {
                        throw new SigstoreException(SigstoreException.Check.FORMAT, subject, "the certificate annotation holds no PEM block");
                    }
                    certificate = Optional.of(FulcioCertificate.parse(blocks.get(0).der(), subject));
                } catch (KeyException e) {
                    throw new SigstoreException(SigstoreException.Check.FORMAT, subject, "the certificate annotation is not PEM");
                }
            }
            List<TlogEntry> entries = new ArrayList<>();
            String bundle = annotations.get(CosignAnnotations.BUNDLE);
            if (bundle != null && !bundle.isBlank()) {
                entries.add(TlogEntry.fromCosignAnnotation(json(bundle, subject, "the Rekor bundle annotation"), subject));
            }
            List<byte[]> timestamps = new ArrayList<>();
            String timestamp = annotations.get(CosignAnnotations.RFC3161_TIMESTAMP);
            if (timestamp != null && !timestamp.isBlank()) {
                timestamps.add(BundleDocument.base64(json(timestamp, subject, "the timestamp annotation").path("SignedRFC3161Timestamp"), subject,
                        "SignedRFC3161Timestamp"));
            }
            return new Evidence(certificate, content, entries, timestamps, false);
        }

        private static JsonNode json(String text, String subject, String what) {
            try {
                return Json.mapper().readTree(text);
            } catch (IOException e) {
                throw new SigstoreException(SigstoreException.Check.FORMAT, subject, what + " is not JSON");
            }
        }
    }

    /**
     * What verified.
     *
     * @param identity the certificate's identity; empty for a key signature
     * @param signedAt the verified signing times (integrated times, timestamps); empty when none was required or given
     * @param checks the checks made, in order, as the CLI lists them
     */
    public record Verified(Optional<CertificateIdentity> identity, List<Instant> signedAt, List<String> checks) {
        public Verified {
            Objects.requireNonNull(identity, "identity");
            signedAt = List.copyOf(signedAt);
            checks = List.copyOf(checks);
        }
    }

    /**
     * Verifies a bundle over an artifact: a message signature must be over a message with {@code artifactSha256}, a
     * DSSE statement must name it as a subject. Empty {@code artifactSha256}: the caller checks what was signed (an
     * image's signature names its digest in the payload).
     */
    public static Verified verifyBundle(BundleDocument bundle, Optional<byte[]> artifactSha256, TrustedRoot root, Expectation expected,
            Requirements requirements, Instant now, String subject) {
        SignedContent content = bundle.content();
        if (artifactSha256.isPresent()) {
            if (content instanceof SignedContent.Message message) {
                if (message.sha256().length > 0 && !Arrays.equals(message.sha256(), artifactSha256.get())) {
                    throw artifact(subject, "the bundle's message digest is not the artifact's");
                }
                content = new SignedContent.Message(artifactSha256.get(), message.signature());
            } else if (!statementNames((SignedContent.Envelope) content, artifactSha256.get())) {
                throw artifact(subject, "the statement's subjects do not include the artifact's sha256 " + HexFormat.of().formatHex(artifactSha256.get()));
            }
        }
        Evidence evidence = new Evidence(bundle.certificate(), content, bundle.entries(), bundle.timestamps(), bundle.minorVersion() >= 2);
        return verify(evidence, root, expected, requirements, now, subject);
    }

    /**
     * The transparency-log check alone, for a signature its caller has verified with {@code key} already (a key-signed
     * {@code .sig} layer: the caller holds the payload, while the evidence holds only its digest, from which an RSA or
     * Ed25519 signature cannot be checked): every entry must log this very signature and key (its body) and verify
     * under the root's log keys (SET, or inclusion proof with a signed checkpoint).
     *
     * @throws SigstoreException naming the check that failed (TLOG; SIGNATURE for certificate evidence)
     */
    public static void verifyLogged(Evidence evidence, TrustedRoot root, VerificationKey key, String subject) {
        if (evidence.certificate().isPresent()) {
            throw new SigstoreException(SigstoreException.Check.SIGNATURE, subject, "signed with a certificate, but a key was expected");
        }
        if (evidence.entries().isEmpty()) {
            throw new SigstoreException(SigstoreException.Check.TLOG, subject, "the signature carries no transparency-log entry");
        }
        byte[] der = key.publicKey().getEncoded();
        for (TlogEntry entry : evidence.entries()) {
            logged(entry, evidence, root, der, subject);
        }
    }

    /**
     * The RFC 3161 timestamps of a signature made with a key, for a policy entry that asks for them (policy-controller's
     * {@code rfc3161timestamp} on a key authority): at least one, and every one, must be over the signature's bytes and
     * verify under the root's timestamp authorities. The signature itself was verified with the key before.
     *
     * @return the times the timestamps vouch for
     * @throws SigstoreException naming the timestamp check
     */
    public static List<Instant> verifyTimestamped(Evidence evidence, TrustedRoot root, String subject) {
        if (evidence.timestamps().isEmpty()) {
            throw new SigstoreException(SigstoreException.Check.TIMESTAMP, subject, "the signature carries no RFC 3161 timestamp");
        }
        List<Instant> times = new ArrayList<>();
        for (byte[] timestamp : evidence.timestamps()) {
            times.add(Timestamps.verify(timestamp, evidence.content().signature(), root, subject));
        }
        return times;
    }

    /** One entry: its body logs this content and verifier, and its log vouches for it; the integrated time if a SET gives one. */
    private static Optional<Instant> logged(TlogEntry entry, Evidence evidence, TrustedRoot root, byte[] verifierDer, String subject) {
        LoggedBodies.check(entry, evidence.content(), verifierDer, subject);
        return TransparencyLogs.verify(entry, root, evidence.requireInclusionProof(), subject);
    }

    /** Verifies evidence in either layout; the content's claims (what it names) are the caller's to check after. */
    public static Verified verify(Evidence evidence, TrustedRoot root, Expectation expected, Requirements requirements, Instant now, String subject) {
        List<String> checks = new ArrayList<>();
        VerificationKey key;
        byte[] verifierDer;
        if (evidence.certificate().isPresent()) {
            if (expected instanceof Expectation.Key) {
                throw new SigstoreException(SigstoreException.Check.SIGNATURE, subject, "signed with a certificate, but a key was expected");
            }
            key = evidence.certificate().get().key();
            verifierDer = evidence.certificate().get().der();
        } else {
            if (!(expected instanceof Expectation.Key trusted)) {
                throw new SigstoreException(SigstoreException.Check.SIGNATURE, subject, "signed with a key, not a certificate; verify it with --key");
            }
            key = trusted.key();
            verifierDer = key.publicKey().getEncoded();
        }
        if (!signatureVerifies(evidence.content(), key, root)) {
            throw new SigstoreException(SigstoreException.Check.SIGNATURE, subject, "the signature does not verify with the "
                    + (evidence.certificate().isPresent() ? "certificate's key" : "key " + key.name()));
        }
        checks.add("signature");
        List<Instant> times = new ArrayList<>();
        for (byte[] timestamp : evidence.timestamps()) {
            times.add(Timestamps.verify(timestamp, evidence.content().signature(), root, subject));
        }
        if (!evidence.timestamps().isEmpty()) {
            checks.add("timestamp");
        }
        if (requirements.tlog()) {
            if (evidence.entries().isEmpty()) {
                throw new SigstoreException(SigstoreException.Check.TLOG, subject, "the signature carries no transparency-log entry");
            }
            for (TlogEntry entry : evidence.entries()) {
                logged(entry, evidence, root, verifierDer, subject).ifPresent(times::add);
                if (entry.rekorV2() && evidence.timestamps().isEmpty()) {
                    throw new SigstoreException(SigstoreException.Check.TLOG, subject, "a Rekor v2 entry has no integrated time and the signature carries "
                            + "no RFC 3161 timestamp to give one");
                }
            }
            checks.add("tlog");
        }
        if (evidence.certificate().isEmpty()) {
            return new Verified(Optional.empty(), times, checks);
        }
        FulcioCertificate certificate = evidence.certificate().get();
        if (times.isEmpty()) {
            if (requirements.tlog()) {
                throw new SigstoreException(SigstoreException.Check.TLOG, subject, "no verified signing time: no SET and no timestamp");
            }
            // cosign --insecure-ignore-tlog without a timestamp checks the certificate at the current time
            times.add(now);
        }
        TrustedRoot.CertificateAuthority ca = null;
        for (Instant time : times) {
            ca = certificate.verifyChain(root, time);
        }
        checks.add("chain");
        if (requirements.sct()) {
            certificate.verifySct(root, ca);
            checks.add("sct");
        }
        CertificateIdentity identity = certificate.identity();
        if (expected instanceof Expectation.Identities identities) {
            Optional<String> mismatch = Optional.empty();
            boolean matched = false;
            for (IdentityMatcher matcher : identities.identities()) {
                Optional<String> why = matcher.mismatch(identity);
                if (why.isEmpty()) {
                    matched = true;
                    break;
                }
                mismatch = mismatch.or(() -> why);
            }
            if (!matched) {
                throw new SigstoreException(SigstoreException.Check.IDENTITY, subject, mismatch.orElse("no identity matches"));
            }
            checks.add("identity");
        }
        return new Verified(Optional.of(identity), times, checks);
    }

    /** Up to this size, a DSSE envelope's signature answer is remembered by the root as a message signature's is. */
    private static final int MEMO_PAE_BYTES = 64 * 1024;

    /** A message signature's answer is remembered by the root (its digest is small), an envelope's up to {@link #MEMO_PAE_BYTES}. */
    private static boolean signatureVerifies(SignedContent content, VerificationKey key, TrustedRoot root) {
        if (content instanceof SignedContent.Message message) {
            return root.verifiesDigest(key, message.sha256(), message.signature());
        }
        SignedContent.Envelope envelope = (SignedContent.Envelope) content;
        byte[] pae = envelope.pae();
        if (pae.length > MEMO_PAE_BYTES) {
            // hashing a large statement for the memory would cost as much as the check
            return envelope.signatures().stream().allMatch(signature -> key.verify(pae, signature));
        }
        return envelope.signatures().stream().allMatch(signature -> root.verifies(key, pae, signature));
    }

    private static boolean statementNames(SignedContent.Envelope envelope, byte[] sha256) {
        String hex = HexFormat.of().formatHex(sha256);
        try {
            JsonNode statement = Json.mapper().readTree(envelope.payload());
            for (JsonNode subject : statement.path("subject")) {
                if (hex.equalsIgnoreCase(subject.path("digest").path("sha256").asText())) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static SigstoreException artifact(String subject, String cause) {
        return new SigstoreException(SigstoreException.Check.ARTIFACT, subject, cause);
    }
}
