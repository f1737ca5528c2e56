package dev.signet.testing.sigstore;

import dev.signet.sigstore.FulcioExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link TestFulcio} leaf certificate says and how it is made: the identity (SAN and OIDC issuer), optional
 * GitHub workflow extensions, the validity window, and the switches that produce the negatives a keyless verifier
 * must refuse (no codeSigning EKU, no SCT, an SCT from a log the trusted root does not list). Immutable; each
 * {@code with*} returns a copy.
 *
 * @param sanType {@code URI} or {@code EMAIL}, the SAN's GeneralName choice
 * @param workflow the deprecated GitHub workflow extensions, raw strings
 * @param extensions Fulcio's newer extensions (1.3.6.1.4.1.57264.1.9 onwards) by OID, DER UTF8Strings
 * @param notBefore null for "the stack's clock when issued"
 * @param ctLog the log whose SCT is embedded; null for the issuing stack's own log
 * @param embedSct false for a certificate without an SCT list
 */
public record LeafSpec(SanType sanType, String san, String issuer, Map<FulcioExtension, String> workflow,
        Map<String, String> extensions, Instant notBefore, Duration validity, boolean codeSigning, TestCtLog ctLog, boolean embedSct) {
    /** Fulcio's certificate lifetime. */
    public static final Duration FULCIO_VALIDITY = Duration.ofMinutes(10);

    /** The subject alternative name kinds Fulcio issues for: workflow URIs and e-mail addresses. */
    public enum SanType {
        URI,
        EMAIL
    }

    public LeafSpec {
        Objects.requireNonNull(sanType, "sanType");
        Objects.requireNonNull(san, "san");
        Objects.requireNonNull(validity, "validity");
        workflow = Collections.unmodifiableMap(new LinkedHashMap<>(workflow));
        extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
        if (workflow.containsKey(FulcioExtension.ISSUER_V1) || workflow.containsKey(FulcioExtension.ISSUER_V2)) {
            throw new IllegalArgumentException("build leaf spec: the issuer extensions come from issuer, not workflow");
        }
    }

    /** A workflow identity, as Fulcio issues for GitHub Actions: SAN URI, both issuer extensions, an SCT. */
    public static LeafSpec uri(String uri, String issuer) {
        return new LeafSpec(SanType.URI, uri, issuer, Map.of(), Map.of(), null, FULCIO_VALIDITY, true, null, true);
    }

    /** A person's identity, as Fulcio issues after an OIDC login: SAN e-mail. */
    public static LeafSpec email(String email, String issuer) {
        return new LeafSpec(SanType.EMAIL, email, issuer, Map.of(), Map.of(), null, FULCIO_VALIDITY, true, null, true);
    }

    /** Adds one of the deprecated GitHub workflow extensions (1.3.6.1.4.1.57264.1.2 to .6), written as raw strings. */
    public LeafSpec withWorkflow(FulcioExtension extension, String value) {
        Map<FulcioExtension, String> more = new LinkedHashMap<>(workflow);
        more.put(extension, value);
        return new LeafSpec(sanType, san, issuer, more, extensions, notBefore, validity, codeSigning, ctLog, embedSct);
    }

    /**
     * Adds one of Fulcio's newer extensions (1.3.6.1.4.1.57264.1.9 onwards: build signer URI, source repository URI,
     * ...), written as a DER UTF8String.
     */
    public LeafSpec withExtension(String oid, String value) {
        Map<String, String> more = new LinkedHashMap<>(extensions);
        more.put(oid, value);
        return new LeafSpec(sanType, san, issuer, workflow, more, notBefore, validity, codeSigning, ctLog, embedSct);
    }

    /** No issuer extensions at all, when issuer is null. */
    public LeafSpec withIssuer(String otherIssuer) {
        return new LeafSpec(sanType, san, otherIssuer, workflow, extensions, notBefore, validity, codeSigning, ctLog, embedSct);
    }

    public LeafSpec withNotBefore(Instant start) {
        return new LeafSpec(sanType, san, issuer, workflow, extensions, start, validity, codeSigning, ctLog, embedSct);
    }

    public LeafSpec withValidity(Duration lifetime) {
        return new LeafSpec(sanType, san, issuer, workflow, extensions, notBefore, lifetime, codeSigning, ctLog, embedSct);
    }

    /** Extended key usage without codeSigning (serverAuth instead), which a Fulcio certificate always has. */
    public LeafSpec withoutCodeSigning() {
        return new LeafSpec(sanType, san, issuer, workflow, extensions, notBefore, validity, false, ctLog, embedSct);
    }

    /** The SCT signed by {@code log}, e.g. one the trusted root does not list. */
    public LeafSpec withSctFrom(TestCtLog log) {
        return new LeafSpec(sanType, san, issuer, workflow, extensions, notBefore, validity, codeSigning, log, true);
    }

    /** A certificate without the SCT list extension. */
    public LeafSpec withoutSct() {
        return new LeafSpec(sanType, san, issuer, workflow, extensions, notBefore, validity, codeSigning, ctLog, false);
    }
}
