package dev.signet.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Reason;
import dev.signet.json.Json;
import dev.signet.reference.Registry;
import dev.signet.registry.auth.CredentialProvider;
import dev.signet.registry.transport.BoundedBody;
import dev.signet.registry.transport.Response;
import dev.signet.registry.transport.RetryPolicy;
import dev.signet.registry.transport.RetryTransport;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;

/**
 * Turns a failed exchange into the right {@link RegistryException}, with the registry's own error codes and a hint
 * that points at the fix. Error bodies are read up to 64 KiB (as go-containerregistry does); a HEAD answer has no
 * body, and the message says so rather than leaving the reader to wonder why there is no code.
 */
final class RegistryErrors {
    static final int MAX_ERROR_BODY = 64 * 1024;
    /** Registry messages are shown to users; a longer one is cut, since registries may echo request data. */
    private static final int MAX_MESSAGE = 200;

    private final CredentialProvider credentials;
    private final RetryPolicy retry;

    RegistryErrors(CredentialProvider credentials, RetryPolicy retry) {
        this.credentials = credentials;
        this.retry = retry;
    }

    /** The exception for an answer the endpoint does not handle. */
    RegistryException from(RegistryEndpoint<?> endpoint, Response response) {
        int status = response.status();
        boolean head = response.request().method().equals("HEAD");
        byte[] body = head ? new byte[0] : readQuietly(response);
        List<RegistryErrorCode> codes = parseCodes(body);
        String cause = cause(response, body, codes);
        String action = endpoint.action();
        String subject = endpoint.subject();
        Registry registry = endpoint.scope().registry();
        boolean anonymous = credentials.forRegistry(registry).isEmpty();
        if (status == 401) {
            String hint = anonymous ? "no credentials for " + registry + "; log in or configure a pull secret"
                    : "check credentials for " + registry;
            return new RegistryAuthException(Reason.REGISTRY_UNAUTHORIZED, action, subject, cause, hint, status, codes);
        }
        if (status == 403) {
            String access = (endpoint.scope().push() ? "push" : "pull") + " access to " + endpoint.scope().repository();
            String hint = anonymous ? "anonymous " + access + " is denied; configure credentials for " + registry
                    : "the credentials used for " + registry + " lack " + access;
            return new RegistryAuthException(Reason.REGISTRY_DENIED, action, subject, cause, hint, status, codes);
        }
        if (status == 404) {
            return new ArtifactNotFoundException(action, subject, cause, codes);
        }
        if (status == 408 || status == 429 || status >= 500) {
            String hint = (status == 429 ? "the registry is rate limiting" : "the registry failed")
                    + (retry.maxRetries() > 0 && RetryTransport.isRetryable(status) ? "; gave up after " + retry.maxRetries() + " retries" : "");
            return new RegistryUnavailableException(status == 429 ? Reason.TOO_MANY_REQUESTS : Reason.REGISTRY_UNAVAILABLE,
                    action, subject, cause, hint, status, codes, null);
        }
        return new RegistryException(Reason.REGISTRY_PROTOCOL, action, subject, cause,
                head ? "possible causes include a wrong repository name or an unsupported media type" : null,
                status, codes, null);
    }

    /** "registry answered 404 MANIFEST_UNKNOWN (manifest unknown)", or why there is no code to show. */
    private static String cause(Response response, byte[] body, List<RegistryErrorCode> codes) {
        String answered = "registry answered " + response.status();
        if (response.request().method().equals("HEAD")) {
            return answered + " to a HEAD request, which carries no error body";
        }
        if (codes.isEmpty()) {
            // other text (HTML, "404 page not found") is not shown: it may be long, or echo the request
            return body.length == 0 ? answered + " with an empty body" : answered;
        }
        return answered + " " + codes.stream().map(RegistryErrorCode::toString).collect(Collectors.joining(", "));
    }

    /**
     * The exception for a request that got no answer, or whose answer broke off. A failed TLS handshake is not
     * transient: it fails the same way until someone fixes the trust store or the insecure-registry list, so
     * redelivering the event only delays the failure event the operator needs to see.
     */
    RegistryException unreachable(RegistryEndpoint<?> endpoint, IOException e, boolean plainHttpAllowed) {
        Registry registry = endpoint.scope().registry();
        if (isCertificateProblem(e)) {
            return new RegistryException(Reason.REGISTRY_TLS, endpoint.action(), endpoint.subject(),
                    "TLS with the registry failed (" + describe(e) + ")",
                    "the certificate of " + registry + " is not trusted; add its CA to the trust store", 0, List.of(), e);
        }
        if (isTls(e)) {
            // a handshake cut short (reset, EOF) is what a restarting registry or balancer looks like: retry later
            return new RegistryUnavailableException(Reason.REGISTRY_UNAVAILABLE, endpoint.action(), endpoint.subject(),
                    "TLS with the registry failed (" + describe(e) + ")",
                    plainHttpAllowed ? "check that " + registry + " is reachable" : "if " + registry + " serves plain http, list it as an insecure registry",
                    0, List.of(), e);
        }
        String cause = e instanceof HttpTimeoutException ? "registry did not answer in time" : "registry did not answer (" + describe(e) + ")";
        return new RegistryUnavailableException(Reason.REGISTRY_UNAVAILABLE, endpoint.action(), endpoint.subject(),
                cause, "check that " + registry + " is reachable", 0, List.of(), e);
    }

    /**
     * The exception for an answer whose body broke off after its headers: cut short of its {@code Content-Length}, or
     * not in full within the request timeout. Transient: a registry restarting or a network dropping looks like this.
     */
    RegistryException brokenOff(RegistryEndpoint<?> endpoint, IOException e) {
        String cause = e instanceof HttpTimeoutException ? describe(e) : "the registry's answer broke off (" + describe(e) + ")";
        return new RegistryUnavailableException(Reason.REGISTRY_UNAVAILABLE, endpoint.action(), endpoint.subject(), cause, null, 0, List.of(), e);
    }

    /** A registry answer that breaks the distribution spec: wrong digest, oversize body, missing header. */
    static RegistryException protocol(RegistryEndpoint<?> endpoint, String cause, int status) {
        return new RegistryException(Reason.REGISTRY_PROTOCOL, endpoint.action(), endpoint.subject(), cause, null,
                status, List.of(), null);
    }

    /** The codes of a distribution error body {@code {"errors":[{"code":..,"message":..}]}}; empty if it is not one. */
    static List<RegistryErrorCode> parseCodes(byte[] body) {
        List<RegistryErrorCode> codes = new ArrayList<>();
        try {
            JsonNode errors = Json.mapper().readTree(body).path("errors");
            for (JsonNode error : errors) {
                String code = error.path("code").asText("");
                if (!code.isEmpty()) {
                    String message = error.path("message").asText("").strip();
                    codes.add(new RegistryErrorCode(code, message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "…" : message));
                }
            }
        } catch (IOException e) {
            // not JSON (e.g. "404 page not found"): the status alone tells the story
        }
        return codes;
    }

    static boolean isTls(IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    static boolean isCertificateProblem(IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertificateException) {
                return true;
            }
        }
        return false;
    }

    static String describe(IOException e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static byte[] readQuietly(Response response) {
        try {
            return BoundedBody.readPrefix(response.body(), MAX_ERROR_BODY);
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
