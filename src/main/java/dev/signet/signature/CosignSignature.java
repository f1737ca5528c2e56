package dev.signet.signature;

import dev.signet.keys.SigningKey;
import dev.signet.keys.VerificationKey;
import dev.signet.oci.Descriptor;
import dev.signet.oci.Digests;
import dev.signet.oci.MediaTypes;
import dev.signet.reference.Digest;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One legacy cosign signature: the exact payload bytes, the raw signature over them, and the layer annotations
 * that travel with it (certificate, chain, Rekor bundle). It is a layer of the {@code .sig} manifest.
 *
 * <p>Claims are reachable only through {@link #verifiedPayload}, which checks the signature over the exact bytes
 * first, so no code can act on an unverified payload.
 */
public final class CosignSignature {
    private final byte[] payload;
    private final byte[] signature;
    private final Map<String, String> annotations;
    private final Digest payloadDigest;

    private CosignSignature(byte[] payload, byte[] signature, Map<String, String> annotations, Digest payloadDigest) {
        this.payload = payload;
        this.signature = signature;
        this.annotations = annotations;
        this.payloadDigest = payloadDigest;
    }

    /** Signs a payload's exact bytes, as {@code cosign sign --key} does. */
    public static CosignSignature sign(SimpleSigningPayload payload, SigningKey key) {
        byte[] bytes = payload.toBytes();
        byte[] signature = key.sign(bytes);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(CosignAnnotations.SIGNATURE, Base64.getEncoder().encodeToString(signature));
        return new CosignSignature(bytes, signature, Map.copyOf(annotations), Digests.sha256(bytes));
    }

    /**
     * A signature read from a layer: {@code payload} is the layer's blob (already checked against the layer digest
     * by whoever fetched it), {@code annotations} the layer's annotations.
     */
    public static CosignSignature of(byte[] payload, Map<String, String> annotations, String subject) {
        Objects.requireNonNull(payload, "payload");
        String encoded = annotations.get(CosignAnnotations.SIGNATURE);
        if (encoded == null || encoded.isEmpty()) {
            throw new SignatureFormatException("read signature", subject, "layer has no " + CosignAnnotations.SIGNATURE + " annotation");
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(encoded.strip());
        } catch (IllegalArgumentException e) {
            throw new SignatureFormatException("read signature", subject, CosignAnnotations.SIGNATURE + " is not valid base64");
        }
        return new CosignSignature(payload.clone(), signature, Map.copyOf(annotations), Digests.sha256(payload));
    }

    /**
     * Verifies the signature over the exact payload bytes with {@code key} and only then parses the payload.
     * Empty when the signature does not verify; a payload that verifies but does not parse is an error.
     */
    public Optional<SimpleSigningPayload> verifiedPayload(VerificationKey key) {
        if (!key.verify(payload, signature)) {
            return Optional.empty();
        }
        return Optional.of(SimpleSigningPayload.parse(payload, payloadDigest.toString()));
    }

    /** The layer descriptor cosign writes for this signature: payload blob plus the signature annotations. */
    public Descriptor layer() {
        return Descriptor.of(MediaTypes.COSIGN_SIMPLE_SIGNING, payloadDigest, payload.length).withAnnotations(annotations);
    }

    /** The exact payload bytes (the layer blob). */
    public byte[] payload() {
        return payload.clone();
    }

    /** The raw signature bytes (ASN.1 DER for ECDSA). */
    public byte[] signature() {
        return signature.clone();
    }

    /** The layer annotations, signature included. */
    public Map<String, String> annotations() {
        return annotations;
    }

    /** sha256 of the payload bytes: the layer digest. */
    public Digest payloadDigest() {
        return payloadDigest;
    }

    /**
     * Whether two signatures are the same layer: same payload, signature and annotations. cosign's duplicate
     * detector compares the same, so signing twice with one key stores one layer (ECDSA signatures differ on each
     * run, so the signer compares payload and key instead; see the signing package).
     */
    public boolean sameLayerAs(CosignSignature other) {
        return payloadDigest.equals(other.payloadDigest) && Arrays.equals(signature, other.signature)
                && annotations.equals(other.annotations);
    }

    @Override
    public String toString() {
        return "CosignSignature[payload=" + payloadDigest + "]";
    }
}
