package dev.signet.verification;

import dev.signet.SignetException;
import dev.signet.keys.VerificationKey;
import dev.signet.oci.Descriptor;
import dev.signet.oci.InvalidManifestException;
import dev.signet.oci.RawManifest;
import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import dev.signet.registry.ArtifactNotFoundException;
import dev.signet.registry.RegistryClient;
import dev.signet.registry.RegistryException;
import dev.signet.signature.AttestationLayers;
import dev.signet.signature.BundleFormat;
import dev.signet.signature.DsseEnvelope;
import dev.signet.signature.SignatureFormatException;
import dev.signet.signature.SignatureLayout;
import dev.signet.signature.SignatureTags;
import dev.signet.signature.SigstoreBundle;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Verifies an image's in-toto attestations in both cosign layouts: bundle referrers, then the {@code .att} image.
 * Each is checked in order (the DSSE signature over PAE with one of the keys, or else, for an envelope signed with a
 * Fulcio certificate, the keyless checks against each {@link KeylessTrust}: log entry, chain at the signing time, SCT,
 * identity; then the in-toto payload type, the image digest among the statement's subjects, the predicate type) and
 * reported as an {@link AttestationCheck}; claims are read only after the evidence verified. Fetched once per image
 * whatever the number of keys and trusts.
 */
public final class AttestationVerifier {
    static final int MAX_ATTESTATIONS = 100;

    private final RegistryClient registry;
    private final BundleSignatures bundles;
    private final Clock clock;

    public AttestationVerifier(RegistryClient registry) {
        this(registry, Clock.systemUTC());
    }

    /** @param clock "now", used only when a keyless trust waives the log and no timestamp gives a signing time */
    public AttestationVerifier(RegistryClient registry, Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.bundles = new BundleSignatures(registry);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What may vouch for an attestation: public keys and keyless trusts, either list possibly empty. */
    public record Trust(List<VerificationKey> keys, List<KeylessTrust> keyless) {
        public Trust {
            keys = List.copyOf(keys);
            keyless = List.copyOf(keyless);
        }

        public static Trust keys(List<VerificationKey> keys) {
            return new Trust(keys, List.of());
        }

        public static Trust keyless(List<KeylessTrust> keyless) {
            return new Trust(List.of(), keyless);
        }
    }

    /**
     * @param predicateType the URI asked for ({@code PredicateTypes.resolve} turns cosign's names into one)
     * @throws ArtifactNotFoundException when a tag does not exist (cosign's exit 11)
     */
    public AttestationResult verify(ImageReference image, List<VerificationKey> keys, String predicateType) {
        return verify(image, Trust.keys(keys), predicateType, Deadline.none());
    }

    /** As {@link #verify(ImageReference, Trust, String, Deadline)} with keys only. */
    public AttestationResult verify(ImageReference image, List<VerificationKey> keys, String predicateType, Deadline deadline) {
        return verify(image, Trust.keys(keys), predicateType, deadline);
    }

    /** As {@link #verify(ImageReference, Trust, String, Deadline)} with no deadline. */
    public AttestationResult verify(ImageReference image, Trust trust, String predicateType) {
        return verify(image, trust, predicateType, Deadline.none());
    }

    /**
     * Checks every attestation of the image against the keys and keyless trusts, within one {@link WorkBudget} (half
     * for each layout), stopping at the first registry request after {@code deadline}.
     *
     * @throws DeadlineExceededException when the deadline passed with requests still to make
     */
    public AttestationResult verify(ImageReference image, Trust trust, String predicateType, Deadline deadline) {
        Digest digest = image.digest().orElseGet(() -> registry.headManifest(image).orElseThrow(() -> new ArtifactNotFoundException(
                "resolve image", image.toString(), "no such manifest in the registry", List.of())).digest());
        WorkBudget budget = WorkBudget.perImage(image.context() + "@" + digest, deadline);
        WorkBudget bundleBudget = budget.half();
        WorkBudget legacyBudget = budget.half();
        List<AttestationCheck> checks = new ArrayList<>();
        checks.addAll(bundles(image.context(), digest, trust, predicateType, bundleBudget));
        checks.addAll(legacy(image.context(), digest, trust, predicateType, legacyBudget));
        return new AttestationResult(image, digest, predicateType, checks);
    }

    private List<AttestationCheck> legacy(Repository repository, Digest digest, Trust trust, String predicateType, WorkBudget budget) {
        ImageReference tag = ImageReference.of(repository, Tag.parse(SignatureTags.attestation(digest)));
        String refused = budget.takeRequests(1);
        if (refused != null) {
            return List.of(malformed(SignatureLayout.LEGACY, tag.toString(), digest, WorkBudget.refusal(tag.toString(), refused)));
        }
        Optional<RawManifest> manifest = Optional.empty();
        List<Descriptor> layers;
        try {
            manifest = registry.findManifest(tag);
            if (manifest.isEmpty()) {
                return List.of();
            }
            budget.spendBytes(manifest.get().bytes().length);
            layers = AttestationLayers.of(manifest.get(), tag.toString());
        } catch (SignatureFormatException | InvalidManifestException e) {
            // anyone who can push can write this tag: an unreadable one must not hide the bundles beside it
            return List.of(malformed(SignatureLayout.LEGACY, tag.toString(), manifest.map(RawManifest::digest).orElse(digest), e.getMessage()));
        }
        List<AttestationCheck> checks = new ArrayList<>();
        for (int i = 0; i < layers.size() && checks.size() < MAX_ATTESTATIONS; i++) {
            Descriptor layer = layers.get(i);
            String location = tag + "#layer-" + i;
            checks.add(legacyLayer(repository, layer, location, digest, trust, predicateType, budget));
        }
        return checks;
    }

    private AttestationCheck legacyLayer(Repository repository, Descriptor layer, String location, Digest digest, Trust trust,
            String predicateType, WorkBudget budget) {
        if (layer.size() > DsseEnvelope.MAX_ENVELOPE_BYTES) {
            return malformed(SignatureLayout.LEGACY, location, layer.digest(), "read attestation " + location + ": the layer declares "
                    + layer.size() + " bytes, more than " + DsseEnvelope.MAX_ENVELOPE_BYTES);
        }
        String refused = layer.size() > budget.bytesLeft(DsseEnvelope.MAX_ENVELOPE_BYTES) ? budget.bytesSpent() : budget.takeSignature(1);
        if (refused != null) {
            return malformed(SignatureLayout.LEGACY, location, layer.digest(), WorkBudget.refusal(location, refused));
        }
        try {
            byte[] blob = budget.readBlob(registry, repository, layer.digest(), DsseEnvelope.MAX_ENVELOPE_BYTES);
            DsseEnvelope envelope = DsseEnvelope.parse(blob, location);
            return check(SignatureLayout.LEGACY, location, layer.digest(), envelope, digest, trust.keys(), predicateType, trust.keyless().isEmpty()
                    ? Optional.empty() : Optional.of(() -> KeylessEnvelopes.layer(layer, envelope, trust.keyless(), clock.instant(), location)));
        } catch (SignatureFormatException e) {
            return malformed(SignatureLayout.LEGACY, location, layer.digest(), e.getMessage());
        } catch (RegistryException e) {
            if (e.isTransient()) {
                throw e;
            }
            return malformed(SignatureLayout.LEGACY, location, layer.digest(), e.getMessage());
        }
    }

    private List<AttestationCheck> bundles(Repository repository, Digest digest, Trust trust, String predicateType, WorkBudget budget) {
        // a referrer annotated with cosign's sign predicate is an image signature, not an attestation: not read
        List<StoredSignature> stored = bundles.find(repository, digest, budget,
                referrer -> !BundleFormat.COSIGN_SIGN_PREDICATE.equals(referrer.annotations().get(BundleFormat.PREDICATE_TYPE_ANNOTATION)));
        List<AttestationCheck> checks = new ArrayList<>();
        for (StoredSignature signature : stored) {
            if (checks.size() == MAX_ATTESTATIONS) {
                break;
            }
            if (signature.content() instanceof StoredSignature.Unreadable unreadable) {
                checks.add(malformed(SignatureLayout.BUNDLE, signature.location(), signature.digest(), unreadable.detail()));
                continue;
            }
            SigstoreBundle bundle = ((StoredSignature.Bundle) signature.content()).bundle();
            AttestationCheck check;
            try {
                check = check(SignatureLayout.BUNDLE, signature.location(), bundle.digest(), bundle.envelope(), digest, trust.keys(), predicateType,
                        trust.keyless().isEmpty() ? Optional.empty()
                                : Optional.of(() -> KeylessEnvelopes.bundle(bundle, trust.keyless(), clock.instant(), signature.location())));
            } catch (SignatureFormatException e) {
                checks.add(malformed(SignatureLayout.BUNDLE, signature.location(), signature.digest(), e.getMessage()));
                continue;
            }
            // older fallback-index entries carry no annotations: a statement of cosign's sign predicate is a signature
            if (!(check.statement().isPresent() && BundleFormat.COSIGN_SIGN_PREDICATE.equals(check.statement().get().predicateType()))) {
                checks.add(check);
            }
        }
        return checks;
    }

    /** The checks in order with keys only: signature, payload type, subject digest, predicate type. */
    static AttestationCheck check(SignatureLayout layout, String location, Digest blob, DsseEnvelope envelope, Digest digest,
            List<VerificationKey> keys, String predicateType) {
        return check(layout, location, blob, envelope, digest, keys, predicateType, Optional.empty());
    }

    /**
     * The checks in order: the signature with a key, else the keyless evidence (when there is keyless trust to check it
     * against: {@code keyless} runs the certificate checks); then payload type, subject digest, predicate type, read
     * through the key or certificate that verified.
     */
    static AttestationCheck check(SignatureLayout layout, String location, Digest blob, DsseEnvelope envelope, Digest digest,
            List<VerificationKey> keys, String predicateType, Optional<Supplier<KeylessEnvelopes.Outcome>> keyless) {
        for (VerificationKey key : keys) {
            if (envelope.verifiedBy(key)) {
                return claims(layout, location, blob, envelope, digest, predicateType, new Evidence.Key(key), key, "signed by " + key.name());
            }
        }
        if (keyless.isEmpty()) {
            return new AttestationCheck(layout, location, blob, AttestationCheck.Status.NO_MATCHING_KEY, Optional.empty(), Optional.empty(),
                    Optional.empty(), "no key verifies its signatures");
        }
        KeylessEnvelopes.Outcome outcome = keyless.get().get();
        if (outcome.evidence().isEmpty()) {
            String detail = keys.isEmpty() ? outcome.detail() : "no key verifies its signatures; keyless: " + outcome.detail();
            return new AttestationCheck(layout, location, blob, outcome.failure(), Optional.empty(), Optional.empty(), Optional.empty(), detail);
        }
        Evidence.Keyless evidence = outcome.evidence().get();
        String by = "signed by " + evidence.identity() + " (keyless, " + String.join(", ", evidence.trusts()) + ": "
                + String.join(", ", evidence.checks()) + ")";
        return claims(layout, location, blob, envelope, digest, predicateType, evidence, outcome.certificateKey().orElseThrow(), by);
    }

    /** The claims of a verified envelope, read through the key or certificate key that verified it. */
    private static AttestationCheck claims(SignatureLayout layout, String location, Digest blob, DsseEnvelope envelope, Digest digest,
            String predicateType, Evidence evidence, VerificationKey verifiedWith, String by) {
        Optional<Evidence> vouched = Optional.of(evidence);
        if (!BundleFormat.IN_TOTO_PAYLOAD_TYPE.equals(envelope.payloadType())) {
            return new AttestationCheck(layout, location, blob, AttestationCheck.Status.WRONG_PAYLOAD_TYPE, vouched, Optional.empty(),
                    Optional.of(envelope), by + " but payloadType " + SignetException.quote(envelope.payloadType()) + " is not in-toto");
        }
        var statement = envelope.verifiedStatement(verifiedWith, location).orElseThrow();
        if (!statement.names(digest)) {
            return new AttestationCheck(layout, location, blob, AttestationCheck.Status.DIGEST_MISMATCH, vouched, Optional.of(statement),
                    Optional.of(envelope), by + " but no subject is " + digest);
        }
        if (!statement.predicateType().equals(predicateType)) {
            return new AttestationCheck(layout, location, blob, AttestationCheck.Status.WRONG_PREDICATE_TYPE, vouched, Optional.of(statement),
                    Optional.of(envelope), by + " but of type " + SignetException.quote(statement.predicateType()));
        }
        return new AttestationCheck(layout, location, blob, AttestationCheck.Status.VERIFIED, vouched, Optional.of(statement), Optional.of(envelope), by);
    }

    private static AttestationCheck malformed(SignatureLayout layout, String location, Digest blob, String detail) {
        return new AttestationCheck(layout, location, blob, AttestationCheck.Status.MALFORMED, Optional.empty(), Optional.empty(), Optional.empty(), detail);
    }
}
