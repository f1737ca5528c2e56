package dev.signet.registry.auth;

import dev.signet.reference.Registry;
import dev.signet.registry.transport.Transport;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Decides the {@code Authorization} header for a request, per registry and scope. It learns each registry's challenge
 * from its first 401 and from then on authenticates up front, so later requests, and new scopes, cost no extra
 * round trip; bearer tokens are cached per scope until shortly before they expire.
 *
 * <p>A challenge whose token endpoint fails is forgotten at once: the next request goes out without a header, so the
 * registry's 401 names the realm afresh. Otherwise one broken or moved realm would fail every request until restart.
 *
 * <p>One instance serves a whole client and is safe for concurrent use.
 */
public final class Authenticator {
    /** Admission sees many repositories; each cached token is a few KiB. */
    private static final int MAX_CACHED_TOKENS = 1000;

    private final CredentialProvider credentials;
    private final TokenExchange exchange;
    private final TokenCache tokens;
    private final Map<String, AuthChallenge> challenges = new ConcurrentHashMap<>();

    /**
     * @param credentials where credentials come from
     * @param tokenTransport how token servers are reached (without this authenticator in the chain)
     * @param clock for token expiry
     * @param plainHttpAllowed which token realms may receive credentials over plain http (loopback, insecure hosts)
     */
    public Authenticator(CredentialProvider credentials, Transport tokenTransport, Clock clock, Predicate<URI> plainHttpAllowed) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.exchange = new TokenExchange(tokenTransport, plainHttpAllowed);
        this.tokens = new TokenCache(clock, MAX_CACHED_TOKENS);
    }

    /** The header to send before any challenge, once the registry's scheme is known; empty for anonymous. */
    Optional<String> authorization(Scope scope) {
        AuthChallenge challenge = challenges.get(key(scope.registry()));
        if (challenge == null) {
            return Optional.empty();
        }
        if (challenge.isBearer()) {
            return Optional.of("Bearer " + tokens.get(scope).orElseGet(() -> fetch(challenge, scope)));
        }
        return basic(scope.registry());
    }

    /**
     * The header to retry with after a 401 carrying {@code wwwAuthenticate}, or empty when a retry cannot help
     * (unknown scheme, no credentials, or credentials the registry just refused).
     */
    Optional<String> answer(Scope scope, List<String> wwwAuthenticate, Optional<String> sent) {
        Optional<AuthChallenge> challenge = AuthChallenge.select(wwwAuthenticate);
        if (challenge.isEmpty()) {
            return Optional.empty();
        }
        challenges.put(key(scope.registry()), challenge.get());
        if (challenge.get().isBearer()) {
            // a token we sent was refused: expired early or revoked, so ask for a fresh one once
            tokens.invalidate(scope);
            return Optional.of("Bearer " + fetch(challenge.get(), scope));
        }
        boolean sentBasic = sent.filter(value -> value.regionMatches(true, 0, "Basic ", 0, 6)).isPresent();
        return sentBasic ? Optional.empty() : basic(scope.registry());
    }

    private String fetch(AuthChallenge challenge, Scope scope) {
        TokenExchange.Token token;
        try {
            token = exchange.fetch(challenge, scope, credentials.forRegistry(scope.registry()));
        } catch (RuntimeException e) {
            // only this challenge: another thread may already have learnt a newer one
            challenges.remove(key(scope.registry()), challenge);
            throw e;
        }
        tokens.put(scope, token.value(), token.lifetime());
        return token.value();
    }

    private Optional<String> basic(Registry registry) {
        return credentials.forRegistry(registry).filter(c -> !c.hasIdentityToken()).map(Credentials::basicAuthorization);
    }

    private static String key(Registry registry) {
        return registry.apiHost().toLowerCase(Locale.ROOT);
    }
}
