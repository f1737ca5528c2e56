package dev.signet.kms;

import dev.signet.Reason;
import dev.signet.keys.KeyException;

/**
 * The KMS answered and said no (a 4xx other than 408 and 429): the key was deleted or disabled, or Signet may no
 * longer read it. Unlike an outage, this is the KMS's word on the key, so a key fetched before is no longer served
 * ({@link CachedKmsKeys}): an operator who disables a compromised key is obeyed without restarting Signet.
 */
final class KmsRefusal extends KeyException {
    private KmsRefusal(String subject, String cause, String hint) {
        super(Reason.KEY_NOT_FOUND, AwsKms.ACTION, subject, cause, hint, null);
    }

    /** A refusal for a final answer, a plain key error (an outage: the last key stays in use) for any other. */
    static KeyException of(int status, String subject, String cause, String hint) {
        boolean refused = status >= 400 && status < 500 && status != 408 && status != 429;
        return refused ? new KmsRefusal(subject, cause, hint) : new KeyException(Reason.KEY_NOT_FOUND, AwsKms.ACTION, subject, cause, hint, null);
    }
}
