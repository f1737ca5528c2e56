package dev.signet.registry.auth;

import dev.signet.registry.transport.Response;
import dev.signet.registry.transport.Transport;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.util.Objects;
import java.util.Optional;

/**
 * Authenticates requests to one registry for one scope (go-containerregistry's bearer transport): it adds the
 * header the {@link Authenticator} knows, and on a 401 answers the challenge and resends once.
 *
 * <p>Requests to any other host (blob storage a registry redirected to, a token server) pass through untouched, so
 * credentials never leave the registry they belong to.
 */
public final class AuthTransport implements Transport {
    private final Transport inner;
    private final Authenticator authenticator;
    private final Scope scope;

    public AuthTransport(Transport inner, Authenticator authenticator, Scope scope) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.scope = Objects.requireNonNull(scope, "scope");
    }

    @Override
    public Response send(HttpRequest request) throws IOException {
        if (!scope.registry().apiHost().equalsIgnoreCase(request.uri().getRawAuthority())) {
            return inner.send(request);
        }
        Optional<String> sent = authenticator.authorization(scope);
        Response response = inner.send(withAuthorization(request, sent));
        if (response.status() != 401) {
            return response;
        }
        Optional<String> retry;
        try {
            retry = authenticator.answer(scope, response.headers().allValues("WWW-Authenticate"), sent);
        } catch (RuntimeException e) {
            // the token server refused or failed: release the registry's connection before reporting that
            response.close();
            throw e;
        }
        if (retry.isEmpty()) {
            return response;
        }
        response.close();
        return inner.send(withAuthorization(request, retry));
    }

    private static HttpRequest withAuthorization(HttpRequest request, Optional<String> authorization) {
        if (authorization.isEmpty()) {
            return request;
        }
        return HttpRequest.newBuilder(request, (name, value) -> !name.equalsIgnoreCase("Authorization"))
                .header("Authorization", authorization.get())
                .build();
    }
}
