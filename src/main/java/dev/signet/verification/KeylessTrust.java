package dev.signet.verification;

import dev.signet.sigstore.IdentityMatcher;
import dev.signet.sigstore.TrustedRoot;
import java.util.List;
import java.util.Objects;

/**
 * What one keyless attestor trusts: certificates from the root's CAs naming one of the identities, with the proof the
 * attestor asks for. Checks Signet skips on request ({@code requireTlog}/{@code requireSct} false: Kyverno's
 * {@code ignoreTlog}/{@code ignoreSCT}, cosign's {@code --insecure-ignore-*}) are said in the check's detail.
 *
 * @param name how a denial names it, e.g. the policy path of the attestor
 * @param identities any one matching is enough
 * @param requireTlog a verified transparency-log entry (SET or inclusion proof) is required and gives the signing time
 * @param requireSct an embedded SCT from a trusted CT log is required
 */
public record KeylessTrust(String name, TrustedRoot root, List<IdentityMatcher> identities, boolean requireTlog, boolean requireSct) {

    public KeylessTrust {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(root, "root");
        identities = List.copyOf(identities);
        if (identities.isEmpty()) {
            throw new IllegalArgumentException("keyless trust names at least one identity");
        }
    }
}
