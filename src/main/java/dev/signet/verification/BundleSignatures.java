package dev.signet.verification;

import dev.signet.keys.VerificationKey;
import dev.signet.oci.Descriptor;
import dev.signet.oci.ImageIndex;
import dev.signet.oci.ImageManifest;
import dev.signet.oci.RawManifest;
import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.registry.RegistryClient;
import dev.signet.registry.RegistryException;
import dev.signet.signature.BundleFormat;
import dev.signet.signature.SignatureFormatException;
import dev.signet.signature.SignatureLayout;
import dev.signet.signature.SignedStatement;
import dev.signet.signature.SigstoreBundle;
import dev.signet.oci.InvalidManifestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks Sigstore bundles attached to the image as OCI 1.1 referrers. Only statements with cosign's sign
 * predicate count as signatures: cosign itself accepts any predicate, so an attestation made with the same key
 * would pass as a signature there; Signet is stricter.
 */
final class BundleSignatures {
    // a referrers index longer than this is an attack or a mistake; verification will not walk it
    static final int MAX_BUNDLES = 100;

    private final RegistryClient registry;

    BundleSignatures(RegistryClient registry) {
        this.registry = registry;
    }

    List<SignatureCheck> check(Repository repository, Digest digest, List<VerificationKey> keys, Map<String, String> required) {
        ImageIndex referrers;
        try {
            referrers = registry.referrers(repository, digest, BundleFormat.BUNDLE_V03);
        } catch (RegistryException | InvalidManifestException e) {
            if (e instanceof RegistryException registryError && registryError.isTransient()) {
                throw registryError;
            }
            // as cosign does: when the bundle lookup fails, the legacy signatures still decide
            return List.of();
        }
        List<SignatureCheck> checks = new ArrayList<>();
        for (Descriptor referrer : referrers.manifests()) {
            if (checks.size() == MAX_BUNDLES) {
                break;
            }
            if (referrer.artifactType() != null && !BundleFormat.BUNDLE_V03.equals(referrer.artifactType())) {
                continue;
            }
            String location = repository + "@" + referrer.digest();
            checks.add(checkReferrer(repository, location, referrer.digest(), digest, keys, required));
        }
        return checks;
    }

    private SignatureCheck checkReferrer(Repository repository, String location, Digest referrer, Digest digest,
            List<VerificationKey> keys, Map<String, String> required) {
        SigstoreBundle bundle;
        try {
            RawManifest raw = registry.getManifest(ImageReference.of(repository, referrer));
            ImageManifest manifest = raw.asImageManifest();
            Descriptor layer = manifest.layers().stream().filter(l -> BundleFormat.BUNDLE_V03.equals(l.mediaType())).findFirst()
                    .orElseThrow(() -> new SignatureFormatException("read bundle", location, "referrer has no bundle layer"));
            bundle = SigstoreBundle.parse(registry.getBlob(repository, layer.digest(), SigstoreBundle.MAX_BUNDLE_BYTES), location);
        } catch (SignatureFormatException | InvalidManifestException e) {
            return malformed(location, referrer, e.getMessage());
        } catch (RegistryException e) {
            if (e.isTransient()) {
                throw e;
            }
            return malformed(location, referrer, e.getMessage());
        }
        for (VerificationKey key : keys) {
            Optional<SignedStatement> statement;
            try {
                statement = bundle.verifiedStatement(key);
            } catch (SignatureFormatException e) {
                return malformed(location, bundle.digest(), e.getMessage());
            }
            if (statement.isPresent()) {
                return judge(location, bundle.digest(), key, statement.get(), digest, required);
            }
        }
        return new SignatureCheck(SignatureLayout.BUNDLE, location, bundle.digest(), SignatureCheck.Status.NO_MATCHING_KEY,
                Optional.empty(), Map.of(), "no key verifies this bundle");
    }

    private static SignatureCheck judge(String location, Digest bundleDigest, VerificationKey key, SignedStatement statement,
            Digest digest, Map<String, String> required) {
        SignatureCheck.Status status;
        String detail;
        if (!BundleFormat.COSIGN_SIGN_PREDICATE.equals(statement.predicateType())) {
            status = SignatureCheck.Status.WRONG_PREDICATE;
            detail = "signed by " + key.name() + " but predicate type " + statement.predicateType() + " is not a cosign signature";
        } else if (!statement.names(digest)) {
            status = SignatureCheck.Status.DIGEST_MISMATCH;
            detail = "signed by " + key.name() + " but the statement names " + statement.subjects();
        } else if (!statement.hasAnnotations(required)) {
            status = SignatureCheck.Status.ANNOTATIONS_MISMATCH;
            detail = "signed by " + key.name() + " but lacks the required annotations " + required;
        } else {
            status = SignatureCheck.Status.VERIFIED;
            detail = "signed by " + key.name();
        }
        return new SignatureCheck(SignatureLayout.BUNDLE, location, bundleDigest, status, Optional.of(key), statement.annotations(), detail);
    }

    private static SignatureCheck malformed(String location, Digest digest, String detail) {
        return new SignatureCheck(SignatureLayout.BUNDLE, location, digest, SignatureCheck.Status.MALFORMED, Optional.empty(), Map.of(), detail);
    }
}
