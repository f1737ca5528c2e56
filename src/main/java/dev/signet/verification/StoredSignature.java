package dev.signet.verification;

import dev.signet.reference.Digest;
import dev.signet.signature.CosignSignature;
import dev.signet.signature.SignatureLayout;
import dev.signet.signature.SignatureFormatException;
import dev.signet.signature.SigstoreBundle;
import dev.signet.sigstore.BundleDocument;
import dev.signet.sigstore.SigstoreException;
import dev.signet.sigstore.SigstoreVerifier;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One signature as the registry stores it, read and parsed but not yet verified: nothing in it is trusted until a
 * {@link SignatureVerifier} has checked it over its exact bytes.
 *
 * @param location a {@code .sig} layer ({@code repo:sha256-<hex>.sig#layer-N}) or a referrer ({@code repo@sha256:..})
 * @param digest the layer or bundle blob digest (the referrer manifest's, when the bundle could not be read; the
 *     {@code .sig} manifest's, or the image's when that manifest did not arrive, when it could not be read)
 */
public record StoredSignature(SignatureLayout layout, String location, Digest digest, Content content) {

    public StoredSignature {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(content, "content");
    }

    /** What was read at the location. */
    public sealed interface Content permits Layer, Bundle, Unreadable {
    }

    /** A simple-signing layer of the {@code sha256-<hex>.sig} manifest, with its annotations. */
    public record Layer(CosignSignature signature) implements Content {
    }

    /** A Sigstore bundle attached to the image as an OCI 1.1 referrer. */
    public record Bundle(SigstoreBundle bundle) implements Content {
    }

    /**
     * A signature that could not be read (wrong digest, oversized, not parseable). Anyone who can push may add one, so
     * it never hides the valid signatures beside it; it is reported so a denial can say why nothing verified.
     */
    public record Unreadable(String detail) implements Content {
    }

    /**
     * The Sigstore evidence a readable signature carries, for the sigstore package to check: a {@code .sig} layer's
     * signature over its payload's digest with its certificate, Rekor bundle and timestamp annotations, or a bundle as
     * parsed. The one place both the keyless verifier and the key signatures' log check read it from.
     *
     * @throws SigstoreException or {@link SignatureFormatException} when the evidence does not parse
     * @throws IllegalStateException for {@link Unreadable} content, which has none
     */
    SigstoreVerifier.Evidence sigstoreEvidence() {
        if (content instanceof Layer layer) {
            return SigstoreVerifier.Evidence.fromCosignLayer(layer.signature().annotations(), HexFormat.of().parseHex(layer.signature().payloadDigest().hex()),
                    layer.signature().signature(), location);
        }
        if (content instanceof Bundle bundle) {
            return SigstoreVerifier.Evidence.of(BundleDocument.parse(bundle.bundle().bytes(), location));
        }
        throw new IllegalStateException("an unreadable signature carries no evidence");
    }

    static StoredSignature layer(String location, Digest digest, CosignSignature signature) {
        return new StoredSignature(SignatureLayout.LEGACY, location, digest, new Layer(signature));
    }

    static StoredSignature bundle(String location, SigstoreBundle bundle) {
        return new StoredSignature(SignatureLayout.BUNDLE, location, bundle.digest(), new Bundle(bundle));
    }

    static StoredSignature unreadable(SignatureLayout layout, String location, Digest digest, String detail) {
        return new StoredSignature(layout, location, digest, new Unreadable(detail));
    }
}
