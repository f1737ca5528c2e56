package dev.signet.oci;

import dev.signet.reference.Digest;
import java.util.Objects;

/**
 * A manifest exactly as the registry stored it: bytes, media type and the digest of those bytes. Parsed views are
 * made from it and never re-serialised for hashing. An instance whose bytes do not hash to its digest cannot exist.
 */
public final class RawManifest {
    private final byte[] bytes;
    private final String mediaType;
    private final Digest digest;

    private RawManifest(byte[] bytes, String mediaType, Digest digest) {
        this.bytes = bytes;
        this.mediaType = Objects.requireNonNull(mediaType, "mediaType");
        this.digest = digest;
    }

    /** Bytes we produced: the digest is computed from them. */
    public static RawManifest of(byte[] bytes, String mediaType) {
        byte[] copy = bytes.clone();
        return new RawManifest(copy, mediaType, Digests.sha256(copy));
    }

    /**
     * Bytes a registry sent for {@code expected}: refused unless they hash to it, because a registry (or anything
     * between us and it) may lie.
     */
    public static RawManifest verified(byte[] bytes, String mediaType, Digest expected) {
        byte[] copy = bytes.clone();
        if (!Digests.matches(expected, copy)) {
            throw new InvalidManifestException("check manifest", expected.toString(),
                    "the registry's bytes hash to " + Digests.sha256(copy) + ", not to the digest asked for");
        }
        return new RawManifest(copy, mediaType, expected);
    }

    /** A copy of the exact bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public int size() {
        return bytes.length;
    }

    public String mediaType() {
        return mediaType;
    }

    public Digest digest() {
        return digest;
    }

    /** Whether this is an index or manifest list rather than an image manifest. */
    public boolean isIndex() {
        return MediaTypes.isIndex(mediaType);
    }

    /** A descriptor pointing at this manifest. */
    public Descriptor descriptor() {
        return Descriptor.of(mediaType, digest, bytes.length);
    }

    /** The manifest parsed as an image manifest. */
    public ImageManifest asImageManifest() {
        return OciJson.read(bytes, ImageManifest.class, digest.toString());
    }

    /** The manifest parsed as an index. */
    public ImageIndex asImageIndex() {
        return OciJson.read(bytes, ImageIndex.class, digest.toString());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RawManifest raw && digest.equals(raw.digest) && mediaType.equals(raw.mediaType);
    }

    @Override
    public int hashCode() {
        return digest.hashCode();
    }

    @Override
    public String toString() {
        return "RawManifest[" + mediaType + ", " + digest + ", " + bytes.length + " bytes]";
    }
}
