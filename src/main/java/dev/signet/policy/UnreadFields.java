package dev.signet.policy;

import java.util.Map;

/**
 * What a policy field Signet does not evaluate means for an admission, by the field's name: no bearing on it (a
 * background scan switch, a webhook timeout Signet sets itself), a stricter check (a rule applied whatever its
 * preconditions say), or a looser one. A field not listed here is
 * one Signet does not know: it is counted as looser, since nobody has checked what it would change.
 */
final class UnreadFields {
    /** Which way a field left unread moves the verdict. */
    enum Kind { IGNORED, STRICTER, LAXER }

    /**
     * @param feature the short name for the compatibility table, when the field is a missing feature
     */
    record Consequence(Kind kind, String text, String feature) {
    }

    private static final Map<String, Consequence> KNOWN = Map.ofEntries(
            ignored("background", "background scans; Signet verifies at admission only"),
            ignored("webhookTimeoutSeconds", "Signet's webhook timeout is its own (a check past it is error)"),
            ignored("webhookConfiguration", "Signet's webhook configuration is its own (k8s/)"),
            ignored("schemaValidation", "no bearing on verifyImages"),
            ignored("emitWarning", "Signet always warns for Audit results"),
            ignored("useCache", "Signet always caches, by digest and policy version, never by tag"),
            ignored("useServerSideApply", "no bearing on verifyImages"),
            ignored("generateExisting", "no bearing on verifyImages"),
            ignored("mutateExistingOnPolicyUpdate", "no bearing on verifyImages"),
            ignored("context", "not loaded: a variable that uses it is error where Signet needs its value (see above)"),
            ignored("ctlog", "a key signature carries no certificate, so there is no SCT to check"),
            ignored("reportProperties", "Signet writes no policy reports"),
            ignored("skipBackgroundRequests", "background scans; Signet verifies at admission only"),
            Map.entry("preconditions", new Consequence(Kind.STRICTER, "the rule applies whatever its preconditions say", "")),
            Map.entry("cosignOCI11", new Consequence(Kind.STRICTER, "cosign's OCI 1.1 referrer signatures are not read: an image signed only"
                    + " that way fails", "")),
            Map.entry("imageRegistryCredentials", new Consequence(Kind.STRICTER, "the registry is read with Signet's own credentials: one that"
                    + " needs these is error", "")),
            Map.entry("applyRules", new Consequence(Kind.STRICTER, "every matching rule applies, as with the default applyRules: All", "")));

    private UnreadFields() {
    }

    private static Map.Entry<String, Consequence> ignored(String field, String text) {
        return Map.entry(field, new Consequence(Kind.IGNORED, text, ""));
    }

    /** The consequence of leaving the field at this path unread. */
    static Consequence of(String path) {
        String field = path.substring(path.lastIndexOf('.') + 1).replaceAll("\\[\\d+]$", "");
        if (path.contains(".match.") || path.contains(".exclude.") || path.startsWith("spec.match.") || path.startsWith("spec.exclude.")) {
            // match and exclude fields Signet cannot settle: their clause's note says which way (never narrowing)
            return new Consequence(Kind.STRICTER, "cannot be evaluated; the clause's note says how it is settled", "");
        }
        Consequence known = KNOWN.get(field);
        return known != null ? known : new Consequence(Kind.LAXER, "not known to Signet, not evaluated", field);
    }
}
