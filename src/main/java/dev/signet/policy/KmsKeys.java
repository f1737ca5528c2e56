package dev.signet.policy;

import dev.signet.Reason;
import dev.signet.SignetException;
import dev.signet.keys.KeyException;
import dev.signet.kms.KmsUri;
import dev.signet.sigstore.TrustedRoot;
import java.util.Map;
import java.util.Optional;

/**
 * A key entry whose key lives in a KMS (policy-controller's {@code key.kms}, Kyverno's {@code keys.kms}): the URI is
 * parsed at load, in the grammar of cosign's provider, and the key is resolved at evaluation through the key provider,
 * as a {@code k8s://} Secret key is ({@link KeySource.Reference}). A URI no provider would read, or of a provider
 * Signet does not speak (azurekms), compiles to an {@code error} entry that says why.
 */
final class KmsKeys {
    /** The start of every reason a KMS entry cannot be evaluated, for the load report's feature names. */
    static final String UNUSABLE = "KMS key URI ";
    static final String PROVIDER = "KMS provider ";

    private KmsKeys() {
    }

    /**
     * Why the URI cannot be evaluated, or empty when it names a key of a provider Signet reads.
     *
     * @param policyController policy-controller admits {@code awskms} keys by key or alias ARN only ({@code validateAWSKMS}:
     *     "other formats require additional configuration via ENV variables"); Kyverno passes any form to cosign
     */
    static Optional<String> problem(String uri, boolean policyController) {
        KmsUri parsed;
        try {
            parsed = KmsUri.parse(uri.strip());
        } catch (KeyException e) {
            return Optional.of(e.reason() == Reason.KEY_UNSUPPORTED
                    ? PROVIDER + SignetException.quote(uri.substring(0, Math.max(0, uri.indexOf(':')))) + " is not supported (awskms, gcpkms, hashivault and openbao are)"
                    : UNUSABLE + "is malformed: " + e.getMessage());
        }
        if (policyController && parsed instanceof KmsUri.Aws aws && !aws.isArn()) {
            return Optional.of(UNUSABLE + SignetException.quote(uri) + " names no key or alias ARN, which policy-controller requires of awskms keys");
        }
        return Optional.empty();
    }

    /** The entry of a usable URI ({@link #problem} is empty): its key is resolved at evaluation, through the key provider. */
    static KeyAttestor entry(Compilation compilation, String path, String uri, Map<String, String> annotations, Optional<TrustedRoot> tlog) {
        return entry(compilation, path, uri, annotations, tlog, Optional.empty(), Optional.empty());
    }

    /**
     * @param digest the hash a signature must be made over ({@code hashAlgorithm}), empty for cosign's sha256
     * @param timestamps the TrustRoot whose timestamp authorities a signature's RFC 3161 timestamp must verify under
     */
    static KeyAttestor entry(Compilation compilation, String path, String uri, Map<String, String> annotations, Optional<TrustedRoot> tlog,
            Optional<String> digest, Optional<TrustedRootSource> timestamps) {
        String text = KmsUri.parse(uri.strip()).text();
        compilation.note(path + ": key " + text + " is read from KMS at admission with Signet's own credentials; signet policy test"
                + " does not reach KMS, so there the entry is error");
        return new KeyAttestor(path, new KeySource.Reference(text, digest), annotations, tlog, timestamps);
    }
}
