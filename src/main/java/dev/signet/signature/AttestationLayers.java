package dev.signet.signature;

import dev.signet.oci.Descriptor;
import dev.signet.oci.ImageManifest;
import dev.signet.oci.MediaTypes;
import dev.signet.oci.RawManifest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * cosign's legacy attestation image under {@code sha256-<hex>.att} (cmd/cosign/cli/attest/attest.go,
 * pkg/oci/static): one layer per attestation, media type {@code application/vnd.dsse.envelope.v1+json}, the DSSE
 * envelope as the blob, annotations {@code dev.cosignproject.cosign/signature} (empty: the signature is inside the
 * envelope) and {@code predicateType}; keyless ones add the certificate, chain and Rekor bundle annotations. The
 * config and manifest are those of the {@code .sig} image ({@link SignatureManifest#buildFromLayers}).
 */
public final class AttestationLayers {
    /** The layer annotation naming the statement's predicate type. */
    public static final String PREDICATE_TYPE = "predicateType";

    private AttestationLayers() {
    }

    /** The layer for an envelope: annotations in Go's sorted map order, as cosign writes them. */
    public static Descriptor layer(DsseEnvelope envelope, String predicateType) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(CosignAnnotations.SIGNATURE, "");
        annotations.put(PREDICATE_TYPE, predicateType);
        return Descriptor.of(MediaTypes.DSSE_ENVELOPE, envelope.bytes()).withAnnotations(annotations);
    }

    /**
     * The attestation layers of a {@code .att} manifest, in order; other media types are skipped, and more than
     * {@value SignatureManifest#MAX_LAYERS} layers are refused before any blob is fetched.
     */
    public static List<Descriptor> of(RawManifest raw, String subject) {
        ImageManifest manifest = raw.asImageManifest();
        if (manifest.layers().size() > SignatureManifest.MAX_LAYERS) {
            throw new SignatureFormatException("read attestations", subject,
                    "attestation manifest has " + manifest.layers().size() + " layers, more than " + SignatureManifest.MAX_LAYERS);
        }
        return manifest.layers().stream().filter(layer -> MediaTypes.DSSE_ENVELOPE.equals(layer.mediaType())).toList();
    }
}
