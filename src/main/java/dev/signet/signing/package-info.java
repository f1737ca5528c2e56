/**
 * Signing of images: resolves the reference to its digest once, signs the digest (never the tag) in the legacy
 * layout, the bundle layout or both, and stores the signature idempotently: signing a digest again with the same
 * key and annotations stores nothing new, as cosign's duplicate detector does. Attestations are stored the same way
 * ({@code AttestationSigner}); sign-on-push ({@code PushSigner}) can add one of the registry's claims about the push.
 *
 * <p>Allowed dependencies: {@code reference}, {@code oci}, {@code keys}, {@code signature}, {@code registry}, the JDK.
 */
package dev.signet.signing;
