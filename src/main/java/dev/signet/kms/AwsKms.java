package dev.signet.kms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.Reason;
import dev.signet.SignetException;
import dev.signet.json.Json;
import dev.signet.keys.KeyAlgorithm;
import dev.signet.keys.KeyException;
import dev.signet.keys.PemKeys;
import dev.signet.keys.VerificationKey;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * AWS KMS {@code GetPublicKey} (AWS KMS API Reference): a JSON POST with {@code X-Amz-Target:
 * TrentService.GetPublicKey}, signed with SigV4 for service {@code kms}, to {@code https://ENDPOINT/} when the URI
 * names an endpoint (the aws provider sets {@code BaseEndpoint} to {@code https://} + endpoint) or
 * {@code https://kms.REGION.amazonaws.com/}. The region is the ARN's, else the environment's ({@code AWS_REGION}).
 * The answer's {@code PublicKey} is the key's DER SubjectPublicKeyInfo; an RSA key whose first signing algorithm is
 * RSASSA-PSS verifies as PSS, as the provider's {@code cmk.Verifier} picks it.
 */
public final class AwsKms implements KmsPublicKeys {
    static final String ACTION = "fetch KMS public key";
    private final KmsHttp http;
    private final AwsCredentialSource credentials;
    private final Optional<String> region;
    private final Clock clock;

    /**
     * @param credentials the environment's static credentials or IRSA's ({@link AwsCredentialSource})
     * @param region {@code AWS_REGION} (or {@code AWS_DEFAULT_REGION}), for keys not named by an ARN
     */
    public AwsKms(KmsHttp http, AwsCredentialSource credentials, Optional<String> region, Clock clock) {
        this.http = http;
        this.credentials = credentials;
        this.region = region.filter(name -> !name.isBlank());
        this.clock = clock;
    }

    @Override
    public VerificationKey publicKey(KmsUri uri) {
        KmsUri.Aws key = (KmsUri.Aws) uri;
        String keyRegion = key.region().or(() -> region).orElseThrow(() -> new KeyException(Reason.KEY_NOT_FOUND, ACTION, key.text(),
                "the key is not named by an ARN and no region is set", "name the key by its ARN, or set AWS_REGION", null));
        AwsCredentials signer = credentials.credentials(key.text());
        URI endpoint = URI.create("https://" + (key.endpoint().isEmpty() ? "kms." + keyRegion + ".amazonaws.com" : key.endpoint()) + "/");
        ObjectNode request = Json.mapper().createObjectNode().put("KeyId", key.keyId());
        byte[] body = Json.write(request);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/x-amz-json-1.1");
        headers.put("host", host(endpoint));
        headers.put("x-amz-target", "TrentService.GetPublicKey");
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", headers.get("content-type")).header("X-Amz-Target", headers.get("x-amz-target"));
        SigV4.sign("POST", endpoint, headers, body, signer, keyRegion, "kms", clock.instant()).forEach(builder::header);
        KmsHttp.Answer answer = http.send(builder, ACTION, key.text());
        JsonNode tree = answer.json("AWS KMS", key.text());
        if (answer.status() != 200) {
            // AWS JSON errors: {"__type": "NotFoundException", "message": "..."}; the type may carry a namespace prefix
            String type = tree.path("__type").asText("");
            String message = tree.path("message").asText(tree.path("Message").asText(""));
            throw KmsRefusal.of(answer.status(), key.text(), "AWS KMS answered " + answer.status()
                    + (type.isEmpty() ? "" : " " + type.substring(type.indexOf('#') + 1)) + (message.isEmpty() ? "" : ": " + SignetException.quote(message)),
                    answer.status() == 400 || answer.status() == 403 ? "check the key's key policy grants kms:GetPublicKey to Signet's credentials" : null);
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(tree.path("PublicKey").asText(""));
        } catch (IllegalArgumentException e) {
            throw new KeyException(Reason.KEY_MALFORMED, ACTION, key.text(), "PublicKey is not base64");
        }
        VerificationKey parsed = PemKeys.parsePublicKey(PemKeys.encode(PemKeys.PUBLIC_KEY, der), key.text());
        String first = tree.path("SigningAlgorithms").path(0).asText("");
        if (first.startsWith("RSASSA_PSS")) {
            PublicKey rsa = parsed.publicKey();
            return VerificationKey.of(rsa, KeyAlgorithm.RSA_PSS, key.text());
        }
        return parsed;
    }

    /** The Host header as the JDK client sends it: the port only when it is not the scheme's default. */
    static String host(URI uri) {
        int port = uri.getPort();
        return port == -1 || port == 443 ? uri.getHost() : uri.getHost() + ":" + port;
    }

}
