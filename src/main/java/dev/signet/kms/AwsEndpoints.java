package dev.signet.kms;

import dev.signet.Reason;
import dev.signet.keys.KeyException;
import dev.signet.keys.VerificationKey;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which hosts an {@code awskms://ENDPOINT/...} reference may send Signet's signed {@code GetPublicKey} to. The URI's
 * endpoint is the policy author's to write, and a namespaced Kyverno {@code Policy} is any namespace admin's; the
 * request carries the access key id and, with IRSA, the session token (never the secret key, and its signature is good
 * for that host only). So, unlike cosign, whose user is the one who also holds the credentials, Signet sends it only to
 * AWS's own hosts ({@code *.amazonaws.com}, {@code *.amazonaws.com.cn}: regional, FIPS and VPC endpoints) and to the
 * endpoints the operator lists ({@code signet.kms.aws.endpoints}: {@code host} or {@code host:port}, e.g. a
 * LocalStack). Any other is {@code error} for the entry, with the setting to change.
 */
public final class AwsEndpoints implements KmsPublicKeys {
    private final KmsPublicKeys aws;
    private final Set<String> listed;

    /** @param listed {@code host} or {@code host:port} entries the operator allows besides AWS's own hosts */
    public AwsEndpoints(KmsPublicKeys aws, Set<String> listed) {
        this.aws = Objects.requireNonNull(aws, "aws");
        this.listed = listed.stream().map(entry -> entry.trim().toLowerCase(Locale.ROOT)).filter(entry -> !entry.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public VerificationKey publicKey(KmsUri uri) {
        KmsUri.Aws key = (KmsUri.Aws) uri;
        if (!key.endpoint().isEmpty() && !allowed(key.endpoint())) {
            throw new KeyException(Reason.KEY_NOT_FOUND, AwsKms.ACTION, key.text(), "the reference names the endpoint " + key.endpoint()
                    + ", which is not an AWS host (*.amazonaws.com) and not listed in signet.kms.aws.endpoints",
                    "list it there if Signet may send it signed requests (they carry the access key id and any session token)", null);
        }
        return aws.publicKey(uri);
    }

    /** AWS's own host (any port), or listed as {@code host} (any port) or {@code host:port}. */
    boolean allowed(String endpoint) {
        String lower = endpoint.toLowerCase(Locale.ROOT);
        int colon = lower.lastIndexOf(':');
        String host = colon > 0 && lower.indexOf(']') < colon ? lower.substring(0, colon) : lower;
        if (!host.contains("@") && (host.endsWith(".amazonaws.com") || host.endsWith(".amazonaws.com.cn"))) {
            return true;
        }
        return listed.contains(lower) || listed.contains(host);
    }
}
