package dev.signet.verification;

import dev.signet.reference.Digest;
import dev.signet.signature.CosignSignature;
import dev.signet.signature.SignatureLayout;
import dev.signet.signature.SigstoreBundle;
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
