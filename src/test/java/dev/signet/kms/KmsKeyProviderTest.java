package dev.signet.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.keys.KeyException;
import dev.signet.keys.SigningKey;
import dev.signet.keys.VerificationKey;
import dev.signet.testing.PublicKeys;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link KmsKeyProvider}: KMS references to KMS, the rest to the wrapped provider, no signing with KMS keys. */
class KmsKeyProviderTest {
    private final VerificationKey secretKey = SigningKey.generate("secret").verificationKey();
    private final VerificationKey kmsKey = SigningKey.generate("kms").verificationKey();
    private final List<String> asked = new ArrayList<>();
    private final KmsPublicKeys kms = uri -> {
        asked.add(uri.text());
        return kmsKey;
    };

    @Test
    void verificationKey_routesByScheme() {
        KmsKeyProvider provider = new KmsKeyProvider(new PublicKeys(Map.of("k8s://ns/key", secretKey)), kms);

        assertThat(provider.verificationKey("k8s://ns/key")).isSameAs(secretKey);
        assertThat(provider.verificationKey("hashivault://cosign")).isSameAs(kmsKey);
        assertThat(asked).containsExactly("hashivault://cosign");
        assertThatThrownBy(() -> provider.verificationKey("hashivault://key/path")).isInstanceOf(KeyException.class)
                .hasMessageStartingWith("parse KMS key reference \"hashivault://key/path\": is not hashivault://NAME");
    }

    @Test
    void signingKey_kms_isRefused_withoutAskingTheKms() {
        KmsKeyProvider provider = new KmsKeyProvider(new PublicKeys(Map.of()), kms);

        assertThatThrownBy(() -> provider.signingKey("awskms:///alias/cosign")).isInstanceOf(KeyException.class)
                .hasMessage("read signing key awskms:///alias/cosign: Signet does not sign with KMS keys; name a k8s:// Secret or a key of the key folder");
        assertThat(asked).isEmpty();
    }

    @Test
    void onChange_rotationsSeenByTheCache_reachTheListener() {
        List<VerificationKey> serving = new ArrayList<>(List.of(kmsKey, SigningKey.generate("rotated").verificationKey()));
        CachedKmsKeys cache = new CachedKmsKeys(uri -> serving.size() > 1 ? serving.remove(0) : serving.get(0), Clock.systemUTC(), Duration.ZERO,
                Duration.ofSeconds(30), Runnable::run);
        KmsKeyProvider provider = new KmsKeyProvider(new PublicKeys(Map.of()), cache);
        List<String> changed = new ArrayList<>();
        provider.onChange(changed::add);

        provider.verificationKey("hashivault://cosign");
        provider.verificationKey("hashivault://cosign");

        assertThat(changed).containsExactly("hashivault://cosign");
    }
}
