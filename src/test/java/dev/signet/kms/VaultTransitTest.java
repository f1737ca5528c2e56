package dev.signet.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.keys.KeyException;
import dev.signet.keys.SigningKey;
import dev.signet.testing.KmsServer;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link VaultTransit} against a loopback Vault: the transit read with the token, and the latest version's key. */
class VaultTransitTest {
    private final SigningKey first = SigningKey.generate("v1");
    private final SigningKey second = SigningKey.generate("v2");
    private final KmsServer vault = KmsServer.start(null, first.verificationKey().publicKey());
    private final KmsHttp http = KmsHttp.create(Duration.ofSeconds(5), null);

    @AfterEach
    void stop() {
        vault.close();
    }

    private VaultTransit transit(String token) {
        return new VaultTransit(http, Optional.of(vault.uri("http")), Optional.of(token), "transit", Optional.of("team-a"));
    }

    @Test
    void publicKey_readsTheTransitKeyWithTheToken_andTakesTheLatestVersion() {
        vault.serve(second.verificationKey().publicKey());

        assertThat(transit(KmsServer.VAULT_TOKEN).publicKey(KmsUri.parse("hashivault://cosign")).publicKey())
                .isEqualTo(second.verificationKey().publicKey());
        KmsServer.Recorded request = vault.requests().get(0);
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.pathAndQuery()).isEqualTo("/v1/transit/keys/cosign");
        assertThat(request.headers()).containsEntry("x-vault-token", KmsServer.VAULT_TOKEN).containsEntry("x-vault-namespace", "team-a");
    }

    @Test
    void publicKey_wrongToken_failsWithVaultsErrors_andNeverPrintsTheToken() {
        assertThatThrownBy(() -> transit("hvs.wrong-secret").publicKey(KmsUri.parse("hashivault://cosign"))).isInstanceOf(KeyException.class)
                .hasMessage("fetch KMS public key hashivault://cosign: Vault answered 403 for transit/keys/cosign: \"[\\\"permission denied\\\"]\";"
                        + " check that VAULT_TOKEN may read transit/keys/cosign")
                .message().doesNotContain("hvs.wrong-secret");
    }

    @Test
    void publicKey_withoutAddress_failsSayingWhatToSet() {
        VaultTransit unset = new VaultTransit(http, Optional.empty(), Optional.of(KmsServer.VAULT_TOKEN), "transit", Optional.empty());

        assertThatThrownBy(() -> unset.publicKey(KmsUri.parse("hashivault://cosign"))).hasMessageContaining("no Vault address; set VAULT_ADDR");
    }
}
