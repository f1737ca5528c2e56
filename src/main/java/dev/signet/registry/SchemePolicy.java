package dev.signet.registry;

import dev.signet.reference.Registry;
import dev.signet.registry.transport.Response;
import dev.signet.registry.transport.Transport;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chooses https or http per registry. Registries are spoken to over HTTPS; a loopback registry, or one listed as
 * insecure, is first pinged at {@code https://host/v2/} (as go-containerregistry's ping does) and falls back to plain
 * HTTP only on a definite sign that the port does not speak TLS. The choice is remembered for the client's life, so
 * the failed handshake is paid once per registry, not per request.
 *
 * <p>A failed handshake alone is no such sign: a timeout or a reset may be a slow or overloaded HTTPS registry, and
 * remembering http after it would pin that registry to plain text for good. So after any handshake failure a plain
 * {@code GET http://host/v2/} is asked too, and only an HTTP answer there decides http: the port speaks plain HTTP.
 * The one exception is 400, which is what TLS servers (Go's, nginx) answer a plain-HTTP request sent to their TLS
 * port; that, or no answer, keeps https. When neither scheme answers, nothing is decided: this request uses https
 * and reports its error, and the next one asks again.
 *
 * <p>A certificate the JDK does not trust keeps HTTPS: that registry does speak TLS, and the certificate error is
 * the one to report. A refused connection decides nothing; the next request asks again.
 */
final class SchemePolicy {
    /**
     * How long the ping may take. Handshakes on loopback or a LAN take milliseconds; some plain-HTTP servers never
     * answer a TLS hello, and this bounds what they cost.
     */
    static final Duration MAX_PING = Duration.ofSeconds(2);

    /** What a TLS server answers a plain-HTTP request on its port ("client sent an HTTP request to an HTTPS server"). */
    private static final int TLS_PORT_ANSWER = 400;

    private final RegistryOptions options;
    private final Transport wire;
    private final Map<String, String> decided = new ConcurrentHashMap<>();

    /** @param wire the transport for the ping: no auth and no retries, since a retried handshake fails the same way */
    SchemePolicy(RegistryOptions options, Transport wire) {
        this.options = options;
        this.wire = wire;
    }

    /** The API root to use, e.g. {@code https://registry.example/v2/}, pinging first where plain HTTP is allowed. */
    URI apiRoot(Registry registry) {
        if (!options.allowsPlainHttp(registry)) {
            return root("https", registry);
        }
        String key = registry.apiHost().toLowerCase(Locale.ROOT);
        String scheme = decided.get(key);
        if (scheme == null) {
            scheme = ping(registry);
            if (scheme != null) {
                decided.putIfAbsent(key, scheme);
            }
        }
        return root(scheme == null ? "https" : scheme, registry);
    }

    /** Whether plain HTTP may be used for {@code registry}. */
    boolean allowsPlainHttp(Registry registry) {
        return options.allowsPlainHttp(registry);
    }

    /** https, http, or null when the ping could not tell. */
    private String ping(Registry registry) {
        Duration timeout = options.requestTimeout().compareTo(MAX_PING) < 0 ? options.requestTimeout() : MAX_PING;
        HttpRequest ping = HttpRequest.newBuilder(root("https", registry)).timeout(timeout).GET().build();
        try (Response response = wire.send(ping)) {
            return "https";
        } catch (ConnectException e) {
            return null;
        } catch (IOException e) {
            if (RegistryErrors.isCertificateProblem(e)) {
                return "https";
            }
        }
        return answersPlainHttp(registry, timeout) ? "http" : null;
    }

    /**
     * Whether the port answers plain HTTP other than as a TLS server does (400): the definite sign that it is not TLS.
     * Any status counts, 503 included: a registry behind a plain-HTTP proxy that is down is still reached over http.
     */
    private boolean answersPlainHttp(Registry registry, Duration timeout) {
        HttpRequest probe = HttpRequest.newBuilder(root("http", registry)).timeout(timeout).GET().build();
        try (Response response = wire.send(probe)) {
            return response.status() != TLS_PORT_ANSWER;
        } catch (IOException e) {
            return false;
        }
    }

    private static URI root(String scheme, Registry registry) {
        return URI.create(scheme + "://" + registry.apiHost() + "/v2/");
    }
}
