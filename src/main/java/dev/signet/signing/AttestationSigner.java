package dev.signet.signing;

import dev.signet.Reason;
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
import dev.signet.registry.RegistryUnavailableException;
import dev.signet.signature.AttestationLayers;
import dev.signet.signature.BundleFormat;
import dev.signet.signature.BundleManifest;
import dev.signet.signature.DsseEnvelope;
import dev.signet.signature.InTotoStatement;
import dev.signet.signature.PredicateTypes;
import dev.signet.signature.SignatureFormatException;
import dev.signet.signature.SignatureLayout;
import dev.signet.signature.SignatureManifest;
import dev.signet.signature.SignatureTags;
import dev.signet.signature.SigstoreBundle;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Attests images as {@code cosign attest --key} does: resolve to a digest, build the in-toto statement for the
 * predicate, sign it in a DSSE envelope, and store it as a layer of the {@code sha256-<hex>.att} image
 * (read-modify-write, earlier layers kept, or those of the same predicate type dropped with {@code replace}) or as
 * a Sigstore bundle referrer. Idempotent where cosign is not: an attestation already stored for this digest, key,
 * predicate type and predicate (cosign's custom type: the same Data) is not stored again.
 *
 * <p>The {@code .att} append is re-checked as the {@code .sig} one is ({@link LegacySigner}): the tag is read again
 * (HEAD) right before the PUT and the append started over, at most {@link #MAX_ATTEMPTS} times, when another writer
 * moved it in between, so their attestations are kept.
 */
public final class AttestationSigner {
    /** How often an append to the {@code .att} tag is started over because another writer moved it in between. */
    static final int MAX_ATTEMPTS = LegacySigner.MAX_ATTEMPTS;

    private final RegistryClient registry;
    private final Clock clock;

    public AttestationSigner(RegistryClient registry, Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Attests the image and reports where the attestation is.
     *
     * @throws ArtifactNotFoundException when the image does not exist
     * @throws SignatureFormatException when the type is not a cosign name or URI, or the predicate not the JSON it must be
     */
    public SigningResult attest(AttestationRequest request) {
        ImageReference image = request.image();
        Descriptor target = registry.headManifest(image).orElseThrow(() -> new ArtifactNotFoundException(
                "resolve image", image.toString(), "no such manifest in the registry", List.of()));
        String predicateType = request.predicateType();
        String typeName = PredicateTypes.cosignName(request.type()).orElse("");
        byte[] statement = InTotoStatement.build(image.context().cosignName(), target.digest(), typeName, predicateType,
                request.predicate(), clock.instant());
        InTotoStatement ours = InTotoStatement.parse(statement, "statement");
        StoredSignature stored = request.layout() == SignatureLayout.LEGACY
                ? legacy(request, target.digest(), statement, ours)
                : bundle(request, target, statement, ours);
        return new SigningResult(image, target.digest(), List.of(stored));
    }

    private StoredSignature legacy(AttestationRequest request, Digest digest, byte[] statement, InTotoStatement ours) {
        Repository repository = request.image().context();
        ImageReference tag = ImageReference.of(repository, Tag.parse(SignatureTags.attestation(digest)));
        DsseEnvelope envelope = DsseEnvelope.sign(BundleFormat.IN_TOTO_PAYLOAD_TYPE, statement, request.key());
        Descriptor layer = AttestationLayers.layer(envelope, ours.predicateType());
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Optional<RawManifest> existing = registry.findManifest(tag);
            List<Descriptor> kept = new ArrayList<>();
            if (existing.isPresent()) {
                List<Descriptor> attestations = AttestationLayers.of(existing.get(), tag.toString());
                for (Descriptor stored : existing.get().asImageManifest().layers()) {
                    boolean attestation = attestations.contains(stored);
                    String layerType = stored.annotations().get(AttestationLayers.PREDICATE_TYPE);
                    if (attestation && ours.predicateType().equals(layerType)
                            && isOurs(repository, stored.digest(), request.key().verificationKey(), ours, digest)) {
                        return new StoredSignature(digest, SignatureLayout.LEGACY, tag.toString(), false);
                    }
                    // cosign's --replace drops every attestation of the predicate type, whoever signed it
                    if (!(request.replace() && attestation && ours.predicateType().equals(layerType))) {
                        kept.add(stored);
                    }
                }
            }
            List<Descriptor> layers = new ArrayList<>();
            if (request.replace()) {
                layers.add(layer); // cosign's ReplaceOp puts the new attestation first
                layers.addAll(kept);
            } else {
                layers.addAll(kept);
                layers.add(layer);
            }
            SignatureManifest.Built built = SignatureManifest.buildFromLayers(layers);
            registry.putBlob(repository, layer.digest(), envelope.bytes());
            registry.putBlob(repository, built.manifest().asImageManifest().config().digest(), built.config());
            // no compare-and-swap in the registry API: re-read the tag right before replacing it, and start over if
            // another writer moved it since we read it, so their attestations are not dropped
            if (registry.headManifest(tag).map(Descriptor::digest).equals(existing.map(RawManifest::digest))) {
                registry.putManifest(tag, built.manifest());
                return new StoredSignature(digest, SignatureLayout.LEGACY, tag.toString(), true);
            }
        }
        throw new RegistryUnavailableException(Reason.REGISTRY_UNAVAILABLE, "write attestation", tag.toString(),
                "another writer changed the tag " + MAX_ATTEMPTS + " times while Signet appended to it",
                "the push is retried later", 0, List.of(), null);
    }

    private StoredSignature bundle(AttestationRequest request, Descriptor target, byte[] statement, InTotoStatement ours) {
        Repository repository = request.image().context();
        for (Descriptor referrer : registry.referrers(repository, target.digest(), BundleFormat.BUNDLE_V03).manifests()) {
            ImageReference location = ImageReference.of(repository, referrer.digest());
            try {
                for (Descriptor layer : registry.getManifest(location).asImageManifest().layers()) {
                    if (BundleFormat.BUNDLE_V03.equals(layer.mediaType())
                            && isOurs(repository, layer.digest(), request.key().verificationKey(), ours, target.digest())) {
                        return new StoredSignature(target.digest(), SignatureLayout.BUNDLE, location.toString(), false);
                    }
                }
            } catch (InvalidManifestException e) {
                // someone else's malformed referrer is not ours and no reason to refuse attesting
            } catch (ArtifactNotFoundException e) {
                // a stale fallback-index entry (the referrer was deleted) is not ours either
            }
        }
        SigstoreBundle bundle = SigstoreBundle.signStatement(statement, request.key());
        RawManifest manifest = BundleManifest.build(bundle, target, clock.instant(), ours.predicateType());
        registry.putBlob(repository, bundle.digest(), bundle.bytes());
        registry.putBlob(repository, BundleManifest.EMPTY_CONFIG_DIGEST, BundleManifest.EMPTY_CONFIG);
        ImageReference location = ImageReference.of(repository, manifest.digest());
        registry.putManifest(location, manifest);
        registry.addReferrer(repository, target.digest(), BundleManifest.referrerDescriptor(manifest));
        return new StoredSignature(target.digest(), SignatureLayout.BUNDLE, location.toString(), true);
    }

    /** Whether a stored envelope or bundle is this attestation: our key, this digest, this type, the same predicate. */
    private boolean isOurs(Repository repository, Digest blob, VerificationKey key, InTotoStatement ours, Digest digest) {
        try {
            byte[] bytes = registry.getBlob(repository, blob, DsseEnvelope.MAX_ENVELOPE_BYTES);
            DsseEnvelope envelope = bytes.length > 0 && bytes[0] == '{' && new String(bytes, 0, Math.min(bytes.length, 64),
                    StandardCharsets.UTF_8).contains("mediaType")
                    ? SigstoreBundle.parse(bytes, blob.toString()).envelope() : DsseEnvelope.parse(bytes, blob.toString());
            return envelope.verifiedStatement(key, blob.toString())
                    .filter(theirs -> theirs.names(digest) && theirs.predicateType().equals(ours.predicateType()))
                    .filter(theirs -> theirs.samePredicateAs(ours))
                    .isPresent();
        } catch (SignatureFormatException e) {
            return false;
        } catch (RegistryException e) {
            if (e.isTransient()) {
                throw e;
            }
            return false;
        }
    }
}
