package dev.signet.sigstore;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who a Fulcio certificate names (cosign matches a policy's subject against every SAN; Fulcio writes one), read from a certificate whose chain has already been checked: the subject
 * alternative name (a URI, an email or Fulcio's other-name username), the OIDC issuer (extension
 * 1.3.6.1.4.1.57264.1.8, or the deprecated 1.3.6.1.4.1.57264.1.1 when the new one is absent) and the other Fulcio
 * extensions by OID ({@link FulcioExtension}).
 *
 * @param extensions Fulcio extension values by dotted OID, as text (the deprecated 1.1-1.6 are raw strings, 1.8 and
 *     later DER UTF8Strings; both are stored decoded)
 */
public record CertificateIdentity(List<String> subjects, String issuer, Map<String, String> extensions) {

    public CertificateIdentity {
        subjects = List.copyOf(subjects);
        if (subjects.isEmpty()) {
            throw new IllegalArgumentException("a certificate identity names at least one subject");
        }
        Objects.requireNonNull(issuer, "issuer");
        extensions = Map.copyOf(extensions);
    }

    public CertificateIdentity(String subject, String issuer, Map<String, String> extensions) {
        this(List.of(subject), issuer, extensions);
    }

    /** The first subject alternative name: Fulcio writes exactly one. */
    public String subject() {
        return subjects.get(0);
    }

    /** The value of a Fulcio extension, if the certificate carries it. */
    public Optional<String> extension(FulcioExtension extension) {
        return Optional.ofNullable(extensions.get(extension.oid()));
    }

    @Override
    public String toString() {
        return String.join(", ", subjects) + " (issuer " + issuer + ")";
    }
}
