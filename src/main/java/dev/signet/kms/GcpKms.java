package dev.signet.kms;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Reason;
import dev.signet.SignetException;
import dev.signet.json.Json;
import dev.signet.keys.KeyException;
import dev.signet.keys.PemKeys;
import dev.signet.keys.VerificationKey;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Google Cloud KMS over REST ({@code cloudkms.googleapis.com/v1}): {@code GET NAME/publicKey} and its {@code pem}.
 * Without a version the key's enabled version with the greatest name is read, as the gcp provider picks it
 * ({@code keyVersionName}: {@code ListCryptoKeyVersions} with {@code filter=state=ENABLED}, {@code orderBy=name desc},
 * the first). The access token comes from the metadata server ({@code Metadata-Flavor: Google}; GKE Workload Identity
 * or the node's service account), as Google's default credentials find it on GCE and GKE; it is reused until a minute
 * before it expires and never printed.
 */
public final class GcpKms implements KmsPublicKeys {
    private static final Duration EARLY = Duration.ofMinutes(1);
    private final KmsHttp http;
    private final URI api;
    private final URI metadata;
    private final Clock clock;
    private String token;
    private Instant tokenExpiry = Instant.MIN;

    /**
     * @param api {@code https://cloudkms.googleapis.com}, or another endpoint (tests)
     * @param metadata {@code http://metadata.google.internal}, or {@code http://$GCE_METADATA_HOST}
     */
    public GcpKms(KmsHttp http, URI api, URI metadata, Clock clock) {
        this.http = http;
        this.api = api;
        this.metadata = metadata;
        this.clock = clock;
    }

    @Override
    public VerificationKey publicKey(KmsUri uri) {
        KmsUri.Gcp key = (KmsUri.Gcp) uri;
        String bearer = token(key);
        String version = key.version().map(v -> key.cryptoKey() + "/cryptoKeyVersions/" + v).orElseGet(() -> latestEnabled(key, bearer));
        JsonNode answer = get(key, bearer, version + "/publicKey");
        String pem = answer.path("pem").asText("");
        if (pem.isEmpty()) {
            throw new KeyException(Reason.KEY_MALFORMED, AwsKms.ACTION, key.text(), "Cloud KMS's answer for " + version + " has no pem");
        }
        return PemKeys.parsePublicKey(pem, key.text());
    }

    private String latestEnabled(KmsUri.Gcp key, String bearer) {
        String query = "?filter=" + URLEncoder.encode("state=ENABLED", StandardCharsets.UTF_8) + "&orderBy=" + URLEncoder.encode("name desc", StandardCharsets.UTF_8)
                .replace("+", "%20");
        JsonNode versions = get(key, bearer, key.cryptoKey() + "/cryptoKeyVersions" + query).path("cryptoKeyVersions");
        String name = versions.path(0).path("name").asText("");
        if (name.isEmpty()) {
            throw new KeyException(Reason.KEY_NOT_FOUND, AwsKms.ACTION, key.text(), "the key has no enabled version", "enable a version or name one in the URI",
                    null);
        }
        return name;
    }

    private JsonNode get(KmsUri.Gcp key, String bearer, String resource) {
        URI location = URI.create(api.toString().replaceAll("/+$", "") + "/v1/" + resource);
        KmsHttp.Answer answer = http.send(HttpRequest.newBuilder(location).GET().header("Authorization", "Bearer " + bearer), AwsKms.ACTION, key.text());
        JsonNode tree = answer.json("Cloud KMS", key.text());
        if (answer.status() != 200) {
            // Google API errors: {"error": {"code": 404, "message": "...", "status": "NOT_FOUND"}}
            JsonNode error = tree.path("error");
            throw KmsRefusal.of(answer.status(), key.text(), "Cloud KMS answered " + answer.status() + " "
                    + error.path("status").asText("") + ": " + SignetException.quote(error.path("message").asText(answer.text())),
                    answer.status() == 403 ? "grant Signet's service account roles/cloudkms.publicKeyViewer (and roles/cloudkms.viewer without a version)"
                    : null);
        }
        return tree;
    }

    /** The metadata server's access token for the default service account, reused until shortly before it expires. */
    private synchronized String token(KmsUri.Gcp key) {
        Instant now = clock.instant();
        if (token != null && now.isBefore(tokenExpiry)) {
            return token;
        }
        URI location = URI.create(metadata.toString().replaceAll("/+$", "") + "/computeMetadata/v1/instance/service-accounts/default/token");
        KmsHttp.Answer answer = http.send(HttpRequest.newBuilder(location).GET().header("Metadata-Flavor", "Google"), "get a Google access token for", key.text());
        if (answer.status() != 200) {
            throw new KeyException(Reason.KEY_NOT_FOUND, "get a Google access token for", key.text(), "the metadata server answered " + answer.status(),
                    "run on GCE or GKE (Workload Identity), or set GCE_METADATA_HOST", null);
        }
        JsonNode tree = answer.json("the metadata server", key.text());
        String fresh = tree.path("access_token").asText("");
        if (fresh.isEmpty()) {
            throw new KeyException(Reason.KEY_NOT_FOUND, "get a Google access token for", key.text(), "the metadata server's answer has no access_token");
        }
        token = fresh;
        tokenExpiry = now.plusSeconds(Math.max(0, tree.path("expires_in").asLong(0))).minus(EARLY);
        return token;
    }

}
