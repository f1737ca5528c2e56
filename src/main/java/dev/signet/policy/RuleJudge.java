package dev.signet.policy;

import dev.signet.keys.VerificationKey;
import dev.signet.sigstore.IdentityMatcher;
import dev.signet.sigstore.TrustedRoot;
import dev.signet.verification.FoundSignatures;
import dev.signet.verification.KeySignatureLog;
import dev.signet.verification.KeylessSignatureVerifier;
import dev.signet.verification.KeylessTrust;
import dev.signet.verification.SignatureCheck;
import dev.signet.verification.StoredSignature;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Judges one rule's signature attestors from what was found for its image: the key checks of the signatures, the keys
 * its entries resolved to, and, for keyless entries, the signatures themselves checked against each entry's trust by
 * the keyless verifier ({@link AttestorJudge} combines the entries). Pure: no I/O, no clock of its own.
 */
final class RuleJudge extends AttestorJudge {
    private final ImageRule rule;
    private final List<SignatureCheck> checks;
    private final FoundSignatures signatures;
    private final Map<TrustedRootSource, AttestorRoots.ResolvedRoot> roots;
    private final Function<AttestationRule, RuleOutcome> attestations;

    /**
     * @param found the key checks of every signature found for the image, in the layouts of the rule's group
     * @param keys every key source of the rule, resolved
     * @param signatures the signatures found for the image (those key checks were made of), for the keyless entries
     * @param roots every trusted root source of the rule's keyless entries, resolved
     */
    RuleJudge(ImageRule rule, List<SignatureCheck> found, Map<KeySource, ResolvedKey> keys, FoundSignatures signatures,
            Map<TrustedRootSource, AttestorRoots.ResolvedRoot> roots) {
        this(rule, found, keys, signatures, roots, attestation -> RuleOutcome.error(attestation.path(), "attestations were not read"));
    }

    /**
     * @param attestations judges one attestation requirement of an {@link AttestationsAttestor} entry (reading the
     *     image's attestations, once per predicate type and keys, as the rule's own attestations are read)
     */
    RuleJudge(ImageRule rule, List<SignatureCheck> found, Map<KeySource, ResolvedKey> keys, FoundSignatures signatures,
            Map<TrustedRootSource, AttestorRoots.ResolvedRoot> roots, Function<AttestationRule, RuleOutcome> attestations) {
        super(rule.path(), keys);
        this.attestations = Objects.requireNonNull(attestations, "attestations");
        this.rule = Objects.requireNonNull(rule, "rule");
        this.checks = found.stream().filter(check -> rule.type().accepts(check.layout())).toList();
        this.signatures = signatures.in(rule.type().layouts());
        this.roots = Map.copyOf(roots);
    }

    RuleOutcome judge() {
        return judgeSets(rule.attestors());
    }

    @Override
    public RuleOutcome key(KeyAttestor entry) {
        ResolvedKey resolved = keys.get(entry.source());
        if (resolved == null || resolved.key().isEmpty()) {
            return RuleOutcome.error(entry.path(), resolved == null ? "the key was not resolved" : resolved.problem());
        }
        VerificationKey key = resolved.key().get();
        List<SignatureCheck> byKey = checks.stream().filter(check -> check.key().map(key::equals).orElse(false)).toList();
        boolean verified = byKey.stream().anyMatch(SignatureCheck::verified);
        List<SignatureCheck> claimed = byKey.stream()
                .filter(check -> check.verified() && check.claims().entrySet().containsAll(entry.annotations().entrySet())).toList();
        if (!claimed.isEmpty() && entry.tlog().isEmpty() && entry.timestamps().isEmpty()) {
            return RuleOutcome.pass(entry.path(), "signature verified with " + resolved.description());
        }
        if (!claimed.isEmpty()) {
            return vouched(entry, key, resolved, claimed);
        }
        if (checks.isEmpty()) {
            return RuleOutcome.fail(entry.path(), switch (rule.type()) {
                case COSIGN -> "no cosign signatures found";
                case SIGSTORE_BUNDLE -> "no Sigstore bundles found";
                case ANY -> "no signatures found";
            });
        }
        if (verified) {
            return RuleOutcome.fail(entry.path(), "signatures made with " + resolved.description() + " lack the required annotations " + entry.annotations());
        }
        if (byKey.stream().anyMatch(check -> check.status() == SignatureCheck.Status.DIGEST_MISMATCH)) {
            return RuleOutcome.fail(entry.path(), "a signature made with " + resolved.description()
                    + " names another digest in its payload (a copied signature)");
        }
        return RuleOutcome.fail(entry.path(), "none of the " + checks.size() + " signatures found was made with " + resolved.description()
                + unreadable());
    }

    /**
     * A key entry that asks for more than the key: a transparency-log entry under its root ({@link KeySignatureLog}),
     * RFC 3161 timestamps under its TrustRoot's timestamp authorities, or both. One of the signatures the key verified
     * must carry all the entry asks for; otherwise the entry fails, saying why the first one's did not.
     */
    private RuleOutcome vouched(KeyAttestor entry, VerificationKey key, ResolvedKey resolved, List<SignatureCheck> verified) {
        Optional<AttestorRoots.ResolvedRoot> tsaRoot = entry.timestamps().map(roots::get);
        if (entry.timestamps().isPresent() && tsaRoot.flatMap(AttestorRoots.ResolvedRoot::root).isEmpty()) {
            return RuleOutcome.error(entry.path(), tsaRoot.map(AttestorRoots.ResolvedRoot::problem).orElse("the timestamp authorities' trusted root was not resolved"));
        }
        Optional<TrustedRoot> tsa = tsaRoot.flatMap(AttestorRoots.ResolvedRoot::root);
        List<String> vouched = new ArrayList<>();
        entry.tlog().ifPresent(root -> vouched.add("its Rekor entry under " + root.name()));
        tsa.ifPresent(root -> vouched.add("its RFC 3161 timestamp under " + root.name()));
        String missing = "";
        String why = "";
        for (SignatureCheck check : verified) {
            StoredSignature stored = signatures.signatures().stream()
                    .filter(signature -> signature.location().equals(check.location()) && signature.digest().equals(check.signatureDigest()))
                    .findFirst().orElse(null);
            if (stored == null) {
                continue;
            }
            Optional<String> problem = entry.tlog().flatMap(root -> KeySignatureLog.problem(stored, key, root));
            String lacks = entry.tlog().map(RuleJudge::noLogEntry).orElse("");
            if (problem.isEmpty() && tsa.isPresent()) {
                problem = KeySignatureLog.untimestamped(stored, tsa.get());
                lacks = noTimestamp(tsa.get());
            }
            if (problem.isEmpty()) {
                return RuleOutcome.pass(entry.path(), "signature verified with " + resolved.description() + " and " + String.join(" and ", vouched));
            }
            if (why.isEmpty()) {
                why = problem.get();
                missing = lacks;
            }
        }
        if (missing.isEmpty()) {
            missing = entry.tlog().map(RuleJudge::noLogEntry).orElseGet(() -> noTimestamp(tsa.orElseThrow()));
        }
        return RuleOutcome.fail(entry.path(), "signatures made with " + resolved.description() + " have no " + missing + (why.isEmpty() ? "" : " (" + why + ")"));
    }

    private static String noLogEntry(TrustedRoot root) {
        return "transparency-log entry that verifies under " + root.name() + ", which the entry's rekor block requires";
    }

    private static String noTimestamp(TrustedRoot root) {
        return "RFC 3161 timestamp that verifies under " + root.name() + ", which the authority's rfc3161timestamp requires";
    }

    /**
     * A keyless entry: the signatures in the rule's layouts checked by the keyless verifier against this entry's trust
     * alone, so a verified check is one this entry vouches for, and counts exactly as a key-verified one (with the
     * entry's required annotations).
     */
    @Override
    public RuleOutcome keyless(KeylessAttestor entry) {
        AttestorRoots.ResolvedRoot resolved = roots.get(entry.root());
        if (resolved == null || resolved.root().isEmpty()) {
            return RuleOutcome.error(entry.path(), resolved == null ? "the trusted root was not resolved" : resolved.problem());
        }
        KeylessTrust trust = entry.trust(resolved.root().get());
        List<SignatureCheck> byTrust;
        try {
            byTrust = new KeylessSignatureVerifier().check(signatures, List.of(trust));
        } catch (RuntimeException e) {
            return RuleOutcome.error(entry.path(), "keyless verification could not run: " + e.getMessage());
        }
        String identities = entry.identities().stream().map(IdentityMatcher::describe).collect(Collectors.joining(" or "));
        if (byTrust.stream().anyMatch(check -> check.verified() && check.claims().entrySet().containsAll(entry.annotations().entrySet()))) {
            return RuleOutcome.pass(entry.path(), "keyless signature verified for " + identities + " under " + entry.root().description());
        }
        if (signatures.isEmpty()) {
            return RuleOutcome.fail(entry.path(), switch (rule.type()) {
                case COSIGN -> "no cosign signatures found";
                case SIGSTORE_BUNDLE -> "no Sigstore bundles found";
                case ANY -> "no signatures found";
            });
        }
        if (byTrust.stream().anyMatch(SignatureCheck::verified)) {
            return RuleOutcome.fail(entry.path(), "keyless signatures for " + identities + " lack the required annotations " + entry.annotations());
        }
        if (byTrust.stream().anyMatch(check -> check.status() == SignatureCheck.Status.DIGEST_MISMATCH)) {
            return RuleOutcome.fail(entry.path(), "a keyless signature for " + identities + " names another digest in its payload (a copied signature)");
        }
        String why = byTrust.stream().map(SignatureCheck::detail).filter(detail -> !detail.isBlank()).distinct().limit(2)
                .collect(Collectors.joining("; "));
        return RuleOutcome.fail(entry.path(), "none of the " + signatures.signatures().size() + " signatures found is a keyless signature by "
                + identities + " under " + entry.root().description() + (why.isEmpty() ? "" : " (" + why + ")"));
    }

    /** policy-controller's authority with attestations: each of its attestations must pass, the first that does not decides. */
    @Override
    public RuleOutcome attestations(AttestationsAttestor entry) {
        List<RuleOutcome> outcomes = entry.attestations().stream().map(attestations).toList();
        RuleOutcome all = RuleOutcome.all(outcomes);
        return new RuleOutcome(all.status(), all.path().isEmpty() ? entry.path() : all.path(), all.cause());
    }

    /**
     * Why signatures could not be read (a layer the registry serves under the wrong digest, or larger than a
     * signature can be): otherwise "none was made with the key" hides that one may have been.
     */
    private String unreadable() {
        List<SignatureCheck> malformed = checks.stream().filter(check -> check.status() == SignatureCheck.Status.MALFORMED).toList();
        return malformed.isEmpty() ? "" : " (" + malformed.size() + " could not be read: " + malformed.get(0).detail() + ")";
    }
}
