package dev.signet.app;

import dev.signet.SignetException;
import dev.signet.keys.KeyProvider;
import dev.signet.signing.PushSigner;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only when every key a signing rule names is loaded: a signer that would fail every push must not receive
 * traffic. Reports each key's hint (public) or the reason it is not loaded; never key material.
 */
@Readiness
@ApplicationScoped
public class KeysReadiness implements HealthCheck {
    private final PushSigner signer;
    private final KeyProvider keys;

    public KeysReadiness(PushSigner signer, KeyProvider keys) {
        this.signer = signer;
        this.keys = keys;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("signing-keys").up();
        for (String keyRef : signer.keyRefs()) {
            try {
                response.withData(keyRef, "loaded, hint " + keys.signingKey(keyRef).verificationKey().hint());
            } catch (SignetException e) {
                response.down().withData(keyRef, e.getMessage());
            }
        }
        return response.build();
    }
}
