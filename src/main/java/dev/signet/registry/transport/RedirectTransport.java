package dev.signet.registry.transport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Follows redirects itself, because the JDK's own policy refuses https-to-http hops (which registries' blob storage
 * may use) and would forward every header. Blob bytes are checked against their digest afterwards, so following a
 * redirect cannot change what we accept; what it must not do is leak what was meant for the registry. So whenever
 * the scheme, host or port changes, the credentials ({@code Authorization}, {@code Cookie}) are dropped, as Go's
 * net/http does, and so is the request body: a 307/308 would otherwise replay it to the other origin, and bodies we
 * send can be secrets too (the OAuth2 refresh-token form). Go's net/http replays the body on 307/308 to any host;
 * we do not. Same-origin redirects keep headers and body.
 *
 * <p>303 turns the request into a body-less GET, as RFC 9110 says; the others keep the method.
 */
public final class RedirectTransport implements Transport {
    /** Browsers stop at 20; a registry needs one hop to its storage, so 10 is generous. */
    static final int MAX_HOPS = 10;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    /** Headers that belong to the origin they were sent to: credentials, and the type of a body that is dropped. */
    private static final Set<String> ORIGIN_BOUND = Set.of("authorization", "cookie", "proxy-authorization", "content-type");

    private final Transport inner;

    public RedirectTransport(Transport inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    @Override
    public Response send(HttpRequest request) throws IOException {
        HttpRequest current = request;
        for (int hop = 0; ; hop++) {
            Response response = inner.send(current);
            Optional<String> location = response.header("Location");
            if (!REDIRECTS.contains(response.status()) || location.isEmpty()) {
                return response;
            }
            response.close();
            if (hop >= MAX_HOPS) {
                throw new IOException("more than " + MAX_HOPS + " redirects");
            }
            current = follow(current, response.status(), resolve(current.uri(), location.get()));
        }
    }

    private static URI resolve(URI from, String location) throws IOException {
        try {
            URI target = from.resolve(location.trim());
            String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http")) {
                throw new IOException("redirect to a location that is not http or https");
            }
            return target;
        } catch (IllegalArgumentException e) {
            throw new IOException("redirect to a malformed location", e);
        }
    }

    private static HttpRequest follow(HttpRequest previous, int status, URI target) {
        boolean sameOrigin = sameOrigin(previous.uri(), target);
        HttpRequest.Builder next = HttpRequest.newBuilder(previous,
                (name, value) -> sameOrigin || !ORIGIN_BOUND.contains(name.toLowerCase(Locale.ROOT)));
        next.uri(target);
        if (status == 303 && !previous.method().equals("HEAD")) {
            next.GET();
        } else if (!sameOrigin && previous.bodyPublisher().isPresent()) {
            // the method stays (RFC 9110 for 307/308); the bytes stay with the origin they were meant for
            next.method(previous.method(), HttpRequest.BodyPublishers.noBody());
        }
        return next.build();
    }

    /** Same scheme, host and effective port. */
    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }
}
