package dev.signet.kms;

import dev.signet.Reason;
import dev.signet.keys.KeyException;
import java.util.Optional;

/**
 * Where {@link AwsKms} gets credentials for one request, in the order of the AWS SDK's default chain that cosign's aws
 * provider uses ({@code config.LoadDefaultConfig}): static ones from the environment, else a web identity (IRSA,
 * {@link StsWebIdentity}). Instance profiles and {@code ~/.aws} files are not read.
 */
@FunctionalInterface
public interface AwsCredentialSource {

    /**
     * @param subject the key being fetched, for the message when there are no credentials
     * @throws KeyException KEY_NOT_FOUND when no credentials can be had, saying what to set
     */
    AwsCredentials credentials(String subject);

    /** Fixed credentials (the environment's), or none: then every request fails, saying what to set. */
    static AwsCredentialSource of(Optional<AwsCredentials> fixed) {
        return subject -> fixed.orElseThrow(() -> new KeyException(Reason.KEY_NOT_FOUND, AwsKms.ACTION, subject, "no AWS credentials",
                "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), or AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE (IRSA),"
                        + " in Signet's environment", null));
    }
}
