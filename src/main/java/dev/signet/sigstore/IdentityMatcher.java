package dev.signet.sigstore;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One identity a policy trusts: a subject and an issuer match, and optionally Fulcio extensions that must match too
 * (Kyverno's {@code additionalExtensions}, cosign's {@code --certificate-github-workflow-*}). A policy lists several;
 * any one matching is enough, as cosign's {@code Identities} and policy-controller's {@code identities}.
 *
 * @param issuer empty matches any issuer (a Kyverno keyless entry without {@code issuer}); cosign requires one
 */
public record IdentityMatcher(TextMatch subject, Optional<TextMatch> issuer, Map<FulcioExtension, TextMatch> extensions) {

    public IdentityMatcher {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(issuer, "issuer");
        extensions = Map.copyOf(extensions);
    }

    public IdentityMatcher(TextMatch subject, TextMatch issuer) {
        this(subject, Optional.of(issuer), Map.of());
    }

    /** Why {@code identity} does not match, or empty when it does. */
    public Optional<String> mismatch(CertificateIdentity identity) {
        if (identity.subjects().stream().noneMatch(subject::matches)) {
            return Optional.of("subject " + String.join(", ", identity.subjects()) + " does not match " + subject.describe());
        }
        if (issuer.isPresent() && !issuer.get().matches(identity.issuer())) {
            return Optional.of("issuer " + identity.issuer() + " does not match " + issuer.get().describe());
        }
        for (Map.Entry<FulcioExtension, TextMatch> entry : new TreeMap<>(extensions).entrySet()) {
            Optional<String> value = identity.extension(entry.getKey());
            if (value.isEmpty() || !entry.getValue().matches(value.get())) {
                return Optional.of(entry.getKey().kyvernoName() + " " + value.orElse("(absent)") + " does not match " + entry.getValue().describe());
            }
        }
        return Optional.empty();
    }

    public boolean matches(CertificateIdentity identity) {
        return mismatch(identity).isEmpty();
    }

    /** As a message says it. */
    public String describe() {
        StringBuilder text = new StringBuilder("subject ").append(subject.describe());
        issuer.ifPresent(match -> text.append(", issuer ").append(match.describe()));
        new TreeMap<>(extensions).forEach((extension, match) -> text.append(", ").append(extension.kyvernoName()).append(' ').append(match.describe()));
        return text.toString();
    }
}
