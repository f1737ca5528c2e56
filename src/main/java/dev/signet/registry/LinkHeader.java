package dev.signet.registry;

import dev.signet.registry.transport.Response;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code rel="next"} target of an RFC 8288 {@code Link} header, as the distribution spec uses for tag and
 * referrer pagination: {@code </v2/app/tags/list?last=b&n=2>; rel="next"}.
 */
final class LinkHeader {
    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*((?:;\\s*[^;,]*)*)");
    private static final Pattern REL_NEXT = Pattern.compile(";\\s*rel\\s*=\\s*\"?([^\";,]*(?:\\s+[^\";,]*)*)\"?");

    private LinkHeader() {
    }

    /**
     * The next page, resolved against the request; only on the same scheme and host, since a page elsewhere would
     * be a registry steering us to a host it does not own.
     */
    static Optional<URI> next(RegistryEndpoint<?> endpoint, Response response) {
        for (String header : response.headers().allValues("Link")) {
            Matcher link = LINK.matcher(header);
            while (link.find()) {
                Matcher rel = REL_NEXT.matcher(link.group(2));
                if (rel.find() && rel.group(1).trim().equalsIgnoreCase("next")) {
                    return Optional.of(resolve(endpoint, response, link.group(1)));
                }
            }
        }
        return Optional.empty();
    }

    private static URI resolve(RegistryEndpoint<?> endpoint, Response response, String target) {
        URI next;
        try {
            next = response.uri().resolve(target.trim());
        } catch (IllegalArgumentException e) {
            throw RegistryErrors.protocol(endpoint, "the registry sent a malformed Link header", response.status());
        }
        URI here = response.uri();
        if (!here.getScheme().equalsIgnoreCase(next.getScheme()) || !here.getRawAuthority().equalsIgnoreCase(next.getRawAuthority())) {
            throw RegistryErrors.protocol(endpoint, "the registry's next page is on another host", response.status());
        }
        return next;
    }
}
