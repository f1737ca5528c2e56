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
import java.net.http.HttpRequest;
import java.util.Objects;
import java.util.Optional;

/**
 * HashiCorp Vault's transit engine, as sigstore/sigstore's hashivault provider reads a public key
 * ({@code fetchPublicKey}): {@code GET $VAULT_ADDR/v1/TRANSIT/keys/NAME} with {@code X-Vault-Token}, then
 * {@code data.keys[data.latest_version].public_key}, a PEM. The transit mount is {@code transit} unless
 * {@code TRANSIT_SECRET_ENGINE_PATH} says otherwise; {@code VAULT_NAMESPACE} is sent as {@code X-Vault-Namespace}, as
 * Vault's client does.
 */
public final class VaultTransit implements KmsPublicKeys {
    private final KmsHttp http;
    private final Optional<URI> address;
    private final Optional<String> token;
    private final String transitPath;
    private final Optional<String> namespace;

    /**
     * @param address {@code VAULT_ADDR}; empty: every key fails, saying so
     * @param token {@code VAULT_TOKEN}; never printed
     */
    public VaultTransit(KmsHttp http, Optional<URI> address, Optional<String> token, String transitPath, Optional<String> namespace) {
        this.http = http;
        this.address = address;
        this.token = token.filter(text -> !text.isBlank());
        this.transitPath = Objects.requireNonNull(transitPath, "transitPath").replaceAll("^/+|/+$", "");
        this.namespace = namespace.filter(text -> !text.isBlank());
    }

    @Override
    public VerificationKey publicKey(KmsUri uri) {
        KmsUri.Vault key = (KmsUri.Vault) uri;
        URI base = address.orElseThrow(() -> new KeyException(Reason.KEY_NOT_FOUND, AwsKms.ACTION, key.text(), "no Vault address",
                "set VAULT_ADDR (and VAULT_TOKEN) in Signet's environment", null));
        String secret = token.orElseThrow(() -> new KeyException(Reason.KEY_NOT_FOUND, AwsKms.ACTION, key.text(), "no Vault token",
                "set VAULT_TOKEN in Signet's environment", null));
        String root = base.toString().replaceAll("/+$", "");
        URI location = URI.create(root + "/v1/" + transitPath + "/keys/" + key.name());
        HttpRequest.Builder request = HttpRequest.newBuilder(location).GET().header("X-Vault-Token", secret);
        namespace.ifPresent(ns -> request.header("X-Vault-Namespace", ns));
        KmsHttp.Answer answer = http.send(request, AwsKms.ACTION, key.text());
        JsonNode tree = answer.json("Vault", key.text());
        if (answer.status() != 200) {
            // Vault's errors: {"errors": ["..."]}
            String errors = tree.path("errors").isArray() ? SignetException.quote(tree.path("errors").toString()) : answer.excerpt();
            throw KmsRefusal.of(answer.status(), key.text(), "Vault answered " + answer.status() + " for " + transitPath
                    + "/keys/" + key.name() + ": " + errors, answer.status() == 403 ? "check that VAULT_TOKEN may read " + transitPath + "/keys/" + key.name()
                    : null);
        }
        JsonNode data = tree.path("data");
        String latest = data.path("latest_version").asText("");
        String pem = data.path("keys").path(latest).path("public_key").asText("");
        if (latest.isEmpty() || pem.isEmpty()) {
            throw new KeyException(Reason.KEY_MALFORMED, AwsKms.ACTION, key.text(), "Vault's answer has no public_key for latest_version "
                    + SignetException.quote(latest), "the transit key must be an asymmetric signing key", null);
        }
        return PemKeys.parsePublicKey(pem, key.text());
    }
}
