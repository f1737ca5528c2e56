/**
 * OCI image-spec and distribution-spec structures as records with the specs' field names: descriptors, image
 * manifests, image indexes, and {@link dev.signet.oci.RawManifest}, the bytes every parsed manifest travels with.
 *
 * <p>Bytes are the truth: digests are computed over raw bytes, never over a re-serialisation. {@link
 * dev.signet.oci.OciJson} holds the project's only Jackson {@code ObjectMapper}, configured to write JSON the way
 * go-containerregistry does (compact, spec field order, empty fields omitted).
 *
 * <p>Allowed dependencies: {@code reference}, {@code json} (the shared mapper), the JDK and Jackson.
 */
package dev.signet.oci;
