package dev.signet.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What Signet makes of one policy, on one screen: what it checks, what it checks more strictly or more loosely than
 * written, what it cannot check (and what that becomes: {@code error}, denied or allowed with a warning by the policy's
 * failure policy), and the fields that have no bearing on an admission. {@code signet policy test}, the readiness
 * detail and the log show it, so a policy imported from Kyverno holds no surprise at admission (issue 17, item 6).
 *
 * <p>Built from the compiled policy alone: the compiled rules say what cannot be checked ({@link ImageRule#unsupported},
 * {@link UnsupportedAttestor}), the notes say what is read differently ({@link LoadNote}), the unread fields are
 * classified by {@link UnreadFields}.
 */
public final class LoadReport {
    /** At most this many lines per section: a policy with hundreds of clauses still fits on a screen. */
    static final int MAX_LINES = 8;

    /** Why a key-signed attestation entry with a rekor block is error ({@link AttestationJudge#key}). */
    private static final String TLOG_ATTESTATION = "the entry's rekor block requires a Rekor entry for the attestations it signs, which Signet"
            + " does not check for attestations";

    /** Why a key-signed attestation entry that asks for RFC 3161 timestamps is error ({@link AttestationJudge#key}). */
    private static final String TSA_ATTESTATION = "the authority's rfc3161timestamp requires RFC 3161 timestamps on the attestations it signs,"
            + " which Signet does not check for attestations";

    /** How close Signet's evaluation is to the document's. */
    public enum Fidelity {
        /** Every check the document asks for is made, as written (fields without bearing on admission aside). */
        AS_WRITTEN,
        /** Every check is made, some more strictly: Signet may deny what Kyverno admits, never the reverse. */
        STRICTER,
        /** Some check cannot be made ({@code error}) or is made more loosely: see {@link #cannotEvaluate} and {@link #looser}. */
        PARTIAL
    }

    private final CompiledPolicy policy;
    private final List<String> checks = new ArrayList<>();
    private final List<String> stricter = new ArrayList<>();
    private final List<String> looser = new ArrayList<>();
    private final List<String> cannotEvaluate = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> ignored = new ArrayList<>();
    private final Set<String> missing = new LinkedHashSet<>();

    private LoadReport(CompiledPolicy policy) {
        this.policy = policy;
    }

    /** The report of a compiled policy. */
    public static LoadReport of(CompiledPolicy policy) {
        LoadReport report = new LoadReport(policy);
        report.build();
        return report;
    }

    private void build() {
        for (ImageRule rule : policy.rules()) {
            checks.add(rule.path() + " " + describe(rule));
            rule.unsupported().ifPresent(why -> {
                cannotEvaluate.add(rule.path() + ": " + why + ": every image it covers is error");
                missing.add(feature(why));
            });
            if (rule.unsupported().isEmpty()) {
                Map<String, String> entries = new LinkedHashMap<>();
                rule.attestors().stream().flatMap(AttestorSet::leaves).forEach(entry -> unsupported(entry, entries));
                rule.attestations().forEach(attestation -> attestation.attestors().stream().flatMap(AttestorSet::leaves).forEach(entry -> {
                    unsupported(entry, entries);
                    if (entry instanceof KeyAttestor key && key.tlog().isPresent()) {
                        entries.putIfAbsent(key.path(), TLOG_ATTESTATION);
                    }
                    if (entry instanceof KeyAttestor key && key.timestamps().isPresent()) {
                        entries.putIfAbsent(key.path(), TSA_ATTESTATION);
                    }
                }));
                entries.forEach((path, what) -> {
                    cannotEvaluate.add(path + ": " + what + ": this entry is error");
                    missing.add(feature(what));
                });
            }
        }
        for (LoadNote note : policy.notes()) {
            switch (note.kind()) {
                case STRICTER -> stricter.add(note.text());
                case LAXER -> {
                    looser.add(note.text());
                    missing.add(note.text().contains("Rekor transparency-log entry") ? "Rekor entry for key signatures" : cut(note.text()));
                }
                case INFO -> notes.add(note.text());
            }
        }
        for (String path : policy.allNotEvaluated()) {
            UnreadFields.Consequence consequence = UnreadFields.of(path);
            String line = path + ": " + consequence.text();
            switch (consequence.kind()) {
                case IGNORED -> ignored.add(path);
                case STRICTER -> stricter.add(line);
                case LAXER -> {
                    looser.add(line);
                    missing.add(consequence.feature());
                }
            }
        }
    }

    private static void unsupported(Attestor entry, Map<String, String> into) {
        if (entry instanceof UnsupportedAttestor unsupported) {
            into.putIfAbsent(unsupported.path(), unsupported.what());
        }
    }

    /** What one rule checks, in a few words. */
    private static String describe(ImageRule rule) {
        List<String> parts = new ArrayList<>();
        if (!rule.attestors().isEmpty()) {
            parts.add("signatures by " + sets(rule.attestors()));
        }
        for (AttestationRule attestation : rule.attestations()) {
            parts.add("attestation " + (attestation.predicateType().isEmpty() ? "(policy)" : attestation.predicateType())
                    + (attestation.conditions().size() == 0 ? "" : " with " + attestation.conditions().size() + " conditions"));
        }
        if (DigestOnly.is(rule)) {
            parts.add("no signature (digest-only)");
        }
        List<String> digest = new ArrayList<>();
        if (rule.mutateDigest()) {
            digest.add("mutateDigest");
        }
        if (rule.verifyDigest()) {
            digest.add("verifyDigest");
        }
        if (!rule.required()) {
            digest.add("required: false (changes nothing: both webhooks verify)");
        }
        String images = rule.images().stream().map(Object::toString).limit(3).collect(Collectors.joining(", "))
                + (rule.images().size() > 3 ? " and " + (rule.images().size() - 3) + " more" : "")
                + (rule.skipImages().isEmpty() ? "" : ", " + rule.skipImages().size() + " skipped");
        return "[" + images + "]: " + String.join("; ", parts) + (digest.isEmpty() ? "" : "; " + String.join(", ", digest)) + "; " + rule.action();
    }

    private static String sets(List<AttestorSet> sets) {
        return sets.stream().map(set -> {
            long keys = set.leaves().filter(KeyAttestor.class::isInstance).count();
            long keyless = set.leaves().filter(KeylessAttestor.class::isInstance).count();
            long other = set.leaves().filter(UnsupportedAttestor.class::isInstance).count();
            List<String> kinds = new ArrayList<>();
            if (keys > 0) {
                kinds.add(keys + (keys == 1 ? " key" : " keys"));
            }
            if (keyless > 0) {
                kinds.add(keyless + " keyless");
            }
            if (other > 0) {
                kinds.add(other + " not evaluated");
            }
            return set.required() + " of " + String.join(" + ", kinds);
        }).collect(Collectors.joining(", and "));
    }

    /** A short name for what cannot be checked, for the compatibility table. */
    static String feature(String why) {
        if (why.contains("Kyverno variable")) {
            return "context variables in keys and certificates";
        }
        if (why.contains("deny conditions on a verifyImages entry")) {
            return "verifyImages validate (deny conditions)";
        }
        if (why.startsWith("Notary")) {
            return "Notary";
        }
        if (why.contains("CUE or Rego")) {
            return "CUE/Rego attestation policies";
        }
        if (why.contains("attestation with no attestors")) {
            return "attestation without attestors (cosign defaults)";
        }
        if (why.equals(TLOG_ATTESTATION)) {
            return "Rekor entry for key-signed attestations";
        }
        if (why.equals(TSA_ATTESTATION)) {
            return "RFC 3161 timestamps on key-signed attestations";
        }
        if (why.startsWith(KmsKeys.UNUSABLE)) {
            return "unusable KMS key URIs";
        }
        if (why.startsWith(KmsKeys.PROVIDER)) {
            return "KMS providers other than awskms, gcpkms, hashivault, openbao";
        }
        if (why.startsWith("key URI scheme")) {
            return "key URIs other than k8s://";
        }
        if (why.startsWith("signatureAlgorithm")) {
            return "signatureAlgorithm other than sha256";
        }
        if (why.contains("both cert and certChain")) {
            return "certificate with its chain";
        }
        return cut(why);
    }

    private static String cut(String text) {
        int colon = text.indexOf(':');
        String head = colon > 0 ? text.substring(0, colon) : text;
        return head.length() <= 60 ? head : head.substring(0, 57) + "...";
    }

    public Fidelity fidelity() {
        if (!cannotEvaluate.isEmpty() || !looser.isEmpty()) {
            return Fidelity.PARTIAL;
        }
        return stricter.isEmpty() ? Fidelity.AS_WRITTEN : Fidelity.STRICTER;
    }

    /** What Signet cannot check or checks more loosely, by short name: the "missing" column of the compatibility table. */
    public Set<String> missingFeatures() {
        return Set.copyOf(missing);
    }

    public List<String> cannotEvaluate() {
        return List.copyOf(cannotEvaluate);
    }

    public List<String> looser() {
        return List.copyOf(looser);
    }

    public List<String> stricter() {
        return List.copyOf(stricter);
    }

    /**
     * The report as lines, headed by the policy's identity and fidelity, each section bounded to {@link #MAX_LINES}.
     * The consequence of {@code error} is the policy's: denied under {@code failurePolicy: Fail}, allowed with a warning
     * under {@code Ignore}.
     */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("policy " + policy.id() + " " + headline());
        sections().forEach((title, items) -> {
            if (items == ignored) {
                lines.add("  " + title + ": " + String.join(", ", bounded(items)));
                return;
            }
            lines.add("  " + title + ":");
            bounded(items).forEach(item -> lines.add("    " + item));
        });
        return lines;
    }

    /** The report on one line, sections separated by {@code ;} and items by {@code |}: the readiness detail. */
    public String oneLine() {
        StringBuilder line = new StringBuilder(headline());
        sections().forEach((title, items) -> line.append("; ").append(title).append(": ").append(String.join(" | ", bounded(items))));
        return line.toString();
    }

    private String headline() {
        String fidelity = switch (fidelity()) {
            case AS_WRITTEN -> "evaluated as written";
            case STRICTER -> "evaluated, some of it more strictly than written";
            case PARTIAL -> "partly not evaluated";
        };
        return "(" + policy.action() + ", failurePolicy " + policy.failurePolicy() + "): " + fidelity;
    }

    private Map<String, List<String>> sections() {
        Map<String, List<String>> sections = new LinkedHashMap<>();
        String consequence = policy.failurePolicy() == FailurePolicy.FAIL ? "denied under failurePolicy Fail" : "allowed with a warning under failurePolicy Ignore";
        for (Map.Entry<String, List<String>> section : List.of(Map.entry("checks", checks), Map.entry("stricter than written", stricter),
                Map.entry("looser than written", looser), Map.entry("not evaluated (error: " + consequence + ")", cannotEvaluate),
                Map.entry("notes", notes), Map.entry("no bearing on admission", ignored))) {
            if (!section.getValue().isEmpty()) {
                sections.put(section.getKey(), section.getValue());
            }
        }
        return sections;
    }

    private static List<String> bounded(List<String> items) {
        if (items.size() <= MAX_LINES) {
            return items;
        }
        List<String> shown = new ArrayList<>(items.subList(0, MAX_LINES));
        shown.add("and " + (items.size() - MAX_LINES) + " more");
        return shown;
    }

    @Override
    public String toString() {
        return String.join("\n", lines());
    }
}
