package dev.signet.verification;

import dev.signet.reference.Digest;
import dev.signet.signature.CosignSignature;
import dev.signet.signature.SignatureLayout;
import dev.signet.signature.SigstoreBundle;
import java.util.Objects;

/**
 * One signature as the registry stores it, read and parsed but not yet verified: nothing in it is trusted until a
 * {@link SignatureVerifier} has checked it over its exact bytes.
 */
public sealed interface StoredSignature {

    SignatureLayout layout();

    /** A {@code .sig} layer ({@code repo:sha256-<hex>.sig#layer-N}) or a referrer ({@code repo@sha256:..}). */
    String location();

    /** The layer or bundle blob digest. */
    Digest digest();

    /** A simple-signing layer of the {@code sha256-<hex>.sig} manifest. */
    record Legacy(String location, Digest digest, CosignSignature signature) implements StoredSignature {
        public Legacy {
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(digest, "digest");
            Objects.requireNonNull(signature, "signature");
        }

        @Override
        public SignatureLayout layout() {
            return SignatureLayout.LEGACY;
        }
    }

    /** A Sigstore bundle attached to the image as an OCI 1.1 referrer. */
    record Bundle(String location, Digest digest, SigstoreBundle bundle) implements StoredSignature {
        public Bundle {
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(digest, "digest");
            Objects.requireNonNull(bundle, "bundle");
        }

        @Override
        public SignatureLayout layout() {
            return SignatureLayout.BUNDLE;
        }
    }

    /**
     * A signature that could not be read (wrong digest, oversized, not parseable). Anyone who can push may add one, so
     * it never hides the valid signatures beside it; it is reported so a denial can say why nothing verified.
     */
    record Unreadable(SignatureLayout layout, String location, Digest digest, String detail) implements StoredSignature {
        public Unreadable {
            Objects.requireNonNull(layout, "layout");
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(digest, "digest");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
