package dev.signet.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.reference.Repository;
import dev.signet.registry.RegistryException;
import dev.signet.registry.transport.Responses;
import dev.signet.registry.transport.Transport;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
    private static final Scope SCOPE = Scope.pull(Repository.parse("registry.example/app"));
    private static final List<String> BROKEN = List.of("Bearer realm=\"https://old-auth.example/token\",service=\"svc\"");
    private static final List<String> WORKING = List.of("Bearer realm=\"https://auth.example/token\",service=\"svc\"");

    private final List<URI> tokenRequests = new ArrayList<>();
    private boolean authServerDown;
    /** A token server at auth.example; the realm the registry used to name, old-auth.example, answers 503. */
    private final Transport tokenServers = request -> {
        tokenRequests.add(request.uri());
        return request.uri().getHost().equals("auth.example") && !authServerDown
                ? Responses.answer(request, 200, Map.of("Content-Type", "application/json"), "{\"token\":\"t1\",\"expires_in\":300}")
                : Responses.answer(request, 503);
    };
    private final Authenticator authenticator = new Authenticator(CredentialProvider.anonymous(), tokenServers,
            Clock.systemUTC(), uri -> false);

    @Test
    void authorization_afterTheChallengesTokenEndpointFailed_sendsNothingSoTheChallengeIsReadAgain() {
        assertThatThrownBy(() -> authenticator.answer(SCOPE, BROKEN, Optional.empty())).isInstanceOf(RegistryException.class);

        // the next request goes out bare; before, it asked the broken realm again and never reached the registry
        assertThat(authenticator.authorization(SCOPE)).isEmpty();
        assertThat(tokenRequests).hasSize(1);
        // the registry's fresh 401 names the new realm, which is then used
        assertThat(authenticator.answer(SCOPE, WORKING, Optional.empty())).contains("Bearer t1");
        assertThat(authenticator.authorization(SCOPE)).contains("Bearer t1");
        assertThat(tokenRequests).hasSize(2);
    }

    @Test
    void authorization_knownChallengeWhoseRealmFailsLater_isForgottenAfterOneFailure() {
        assertThat(authenticator.answer(SCOPE, WORKING, Optional.empty())).contains("Bearer t1");
        authServerDown = true;
        Scope other = Scope.pull(Repository.parse("registry.example/other"));

        assertThatThrownBy(() -> authenticator.authorization(other)).isInstanceOf(RegistryException.class);
        assertThat(authenticator.authorization(Scope.pull(Repository.parse("registry.example/third")))).isEmpty();
        assertThat(tokenRequests).hasSize(2);
    }
}
