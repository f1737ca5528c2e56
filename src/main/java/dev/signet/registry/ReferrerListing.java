package dev.signet.registry;

import dev.signet.oci.Descriptor;
import java.util.List;

/**
 * A referrers list read within a request allowance: the descriptors read, what reading them cost, and whether the
 * list ended or was cut at the allowance (a registry can page a list without end).
 *
 * @param manifests the referrers read, filtered by artifact type
 * @param requests the registry requests the listing made (pages, the fallback tag)
 * @param bytes the bytes of the pages or fallback index read
 * @param complete whether the list ended within the allowance
 */
public record ReferrerListing(List<Descriptor> manifests, int requests, long bytes, boolean complete) {
    public ReferrerListing {
        manifests = List.copyOf(manifests);
    }
}
