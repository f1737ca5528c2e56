package dev.signet.registry.transport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * Records every exchange that passes through it, classified by registry operation, so tests (and diagnostics) can
 * hold the client to a request budget, e.g. "verifying one image costs at most one manifest HEAD". Placed directly
 * over the wire it sees what the registry sees: auth challenges, retries, token fetches and redirect hops.
 *
 * <p>Only method, path and status are kept: never headers or query strings, which may carry credentials or upload
 * state.
 */
public final class RequestLog implements Transport {
    private static final Pattern MANIFEST_PATH = Pattern.compile("/v2/.+/manifests/[^/]+");
    private static final Pattern BLOB_UPLOAD_PATH = Pattern.compile("/v2/.+/blobs/uploads/.*");
    private static final Pattern BLOB_PATH = Pattern.compile("/v2/.+/blobs/[^/]+");
    private static final Pattern TAGS_PATH = Pattern.compile("/v2/.+/tags/list");
    private static final Pattern REFERRERS_PATH = Pattern.compile("/v2/.+/referrers/[^/]+");

    private final Transport inner;
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

    public RequestLog(Transport inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    /** What kind of registry resource a request addressed. */
    public enum Kind {
        /** {@code /v2/}, the API version check. */
        PING,
        MANIFEST,
        BLOB,
        BLOB_UPLOAD,
        TAGS,
        REFERRERS,
        /** Anything else: token servers, blob storage a registry redirected to. */
        OTHER;

        /** Classifies a request path. */
        public static Kind of(String path) {
            String p = path == null ? "" : path;
            if (p.equals("/v2/") || p.equals("/v2")) {
                return PING;
            }
            if (MANIFEST_PATH.matcher(p).matches()) {
                return MANIFEST;
            }
            if (BLOB_UPLOAD_PATH.matcher(p).matches()) {
                return BLOB_UPLOAD;
            }
            if (BLOB_PATH.matcher(p).matches()) {
                return BLOB;
            }
            if (TAGS_PATH.matcher(p).matches()) {
                return TAGS;
            }
            return REFERRERS_PATH.matcher(p).matches() ? REFERRERS : OTHER;
        }
    }

    /**
     * One exchange as the wire saw it.
     *
     * @param method the HTTP method
     * @param uri scheme, authority and path; the query is dropped
     * @param kind the resource kind
     * @param status the HTTP status, or 0 when no answer came
     * @param authorized whether the request carried an {@code Authorization} header (its value is not kept)
     */
    public record Exchange(String method, URI uri, Kind kind, int status, boolean authorized) {
    }

    @Override
    public Response send(HttpRequest request) throws IOException {
        int status = 0;
        try {
            Response response = inner.send(request);
            status = response.status();
            return response;
        } finally {
            URI uri = request.uri();
            URI withoutQuery = URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath());
            exchanges.add(new Exchange(request.method(), withoutQuery, Kind.of(uri.getPath()), status,
                    request.headers().firstValue("Authorization").isPresent()));
        }
    }

    /** Every exchange so far, oldest first. */
    public List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    /** How many exchanges used {@code method} on resources of {@code kind}, whatever the answer. */
    public long count(String method, Kind kind) {
        return exchanges.stream().filter(e -> e.method().equals(method) && e.kind() == kind).count();
    }

    /** Forgets everything recorded so far, to measure one operation. */
    public void clear() {
        exchanges.clear();
    }
}
