package dev.signet.verification;

import dev.signet.oci.Descriptor;
import dev.signet.oci.ImageManifest;
import dev.signet.oci.InvalidManifestException;
import dev.signet.oci.RawManifest;
import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.registry.RegistryClient;
import dev.signet.registry.ReferrerListing;
import dev.signet.registry.RegistryException;
import dev.signet.signature.BundleFormat;
import dev.signet.signature.SignatureFormatException;
import dev.signet.signature.SignatureLayout;
import dev.signet.signature.SigstoreBundle;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Reads the Sigstore bundles attached to an image as OCI 1.1 referrers (or listed in the referrers tag). */
final class BundleSignatures {
    // a referrers index longer than this is an attack or a mistake; verification will not walk it
    static final int MAX_BUNDLES = 100;

    private final RegistryClient registry;

    BundleSignatures(RegistryClient registry) {
        this.registry = registry;
    }

    List<StoredSignature> find(Repository repository, Digest digest, WorkBudget budget) {
        return find(repository, digest, budget, referrer -> true);
    }

    /**
     * The bundles among the referrers that {@code wanted} keeps (read from the descriptor, before any request), at most
     * {@link #MAX_BUNDLES}. The listing's pages are paid from {@code budget} like every other read.
     */
    List<StoredSignature> find(Repository repository, Digest digest, WorkBudget budget, Predicate<Descriptor> wanted) {
        String location = repository + "@" + digest;
        budget.checkDeadline();
        int pages = budget.referrerPages();
        if (pages < 1) {
            return List.of(StoredSignature.unreadable(SignatureLayout.BUNDLE, location, digest, WorkBudget.refusal(location, budget.requestsSpent())));
        }
        ReferrerListing referrers;
        try {
            referrers = registry.referrers(repository, digest, BundleFormat.BUNDLE_V03, pages);
        } catch (RegistryException | InvalidManifestException e) {
            budget.takeRequests(1);
            if (e instanceof RegistryException registryError && registryError.isTransient()) {
                throw registryError;
            }
            // as cosign does: when the bundle lookup fails, the legacy signatures still decide
            return List.of();
        }
        budget.takeRequests(referrers.requests());
        budget.spendBytes(referrers.bytes());
        List<StoredSignature> found = new ArrayList<>();
        for (Descriptor referrer : referrers.manifests()) {
            if (found.size() == MAX_BUNDLES) {
                break;
            }
            if (referrer.artifactType() != null && !BundleFormat.BUNDLE_V03.equals(referrer.artifactType()) || !wanted.test(referrer)) {
                continue;
            }
            found.add(read(repository, referrer.digest(), budget));
        }
        if (!referrers.complete()) {
            // the entries past the cut are neither read nor ignored: they are reported, and the ones read still count
            found.add(StoredSignature.unreadable(SignatureLayout.BUNDLE, "referrers of " + location, digest,
                    WorkBudget.refusal("referrers of " + location, WorkBudget.pagesSpent(referrers.requests()))));
        }
        return found;
    }

    private StoredSignature read(Repository repository, Digest referrer, WorkBudget budget) {
        String location = repository + "@" + referrer;
        // a referrer manifest and its bundle blob
        String refused = budget.bytesLeft(1) == 0 ? budget.bytesSpent() : budget.takeSignature(2);
        if (refused != null) {
            return StoredSignature.unreadable(SignatureLayout.BUNDLE, location, referrer, WorkBudget.refusal(location, refused));
        }
        try {
            RawManifest raw = registry.getManifest(ImageReference.of(repository, referrer));
            budget.spendBytes(raw.bytes().length);
            ImageManifest manifest = raw.asImageManifest();
            Descriptor layer = manifest.layers().stream().filter(l -> BundleFormat.BUNDLE_V03.equals(l.mediaType())).findFirst()
                    .orElseThrow(() -> new SignatureFormatException("read bundle", location, "referrer has no bundle layer"));
            if (layer.size() > budget.bytesLeft(SigstoreBundle.MAX_BUNDLE_BYTES)) {
                return StoredSignature.unreadable(SignatureLayout.BUNDLE, location, referrer, WorkBudget.refusal(location, budget.bytesSpent()));
            }
            byte[] blob = budget.readBlob(registry, repository, layer.digest(), SigstoreBundle.MAX_BUNDLE_BYTES);
            SigstoreBundle bundle = SigstoreBundle.parse(blob, location);
            return StoredSignature.bundle(location, bundle);
        } catch (SignatureFormatException | InvalidManifestException e) {
            return StoredSignature.unreadable(SignatureLayout.BUNDLE, location, referrer, e.getMessage());
        } catch (RegistryException e) {
            if (e.isTransient()) {
                throw e;
            }
            return StoredSignature.unreadable(SignatureLayout.BUNDLE, location, referrer, e.getMessage());
        }
    }
}
