package dev.signet.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.signet.SignetException;
import dev.signet.json.Json;
import dev.signet.oci.Digests;

/**
 * Kyverno policies whose keys or keyless identities read the request ({@code {{ request.namespace }}},
 * {@code {{ images.containers.app.registry }}}): substituted with the request in hand and compiled, as Kyverno
 * substitutes the rule per admission request (pkg/engine/handlers/mutation/mutate_image.go, kyverno@111e07bb).
 *
 * <p>The compiled policy's version carries a digest of the substituted document, so the verdict cache keys on the
 * value the variables took: two requests that resolve a key differently never share a verdict, and requests that
 * resolve it alike do. Compilations are kept per (policy version, substituted document), a bounded few, so a busy
 * namespace does not compile its policy per request. A substituted document that does not compile (a value that is
 * not a key) leaves the policy as loaded, whose request-variable entries are {@code error}.
 */
final class RequestBinding {
    private final Cache<String, CompiledPolicy> compiled = Caffeine.newBuilder().maximumSize(512).build();

    /** The policy for this request: itself when it reads no request variable. */
    CompiledPolicy bind(CompiledPolicy policy, RequestContext request) {
        if (policy.perRequest().isEmpty()) {
            return policy;
        }
        KyvernoContext.RequestTemplate template = policy.perRequest().get();
        JsonNode bound = KyvernoContext.bind(template, request);
        String version = Digests.sha256(Json.write(bound)).hex();
        if (template.conditionsReadRequest()) {
            // conditions see the whole request: its digest is in the version, so no verdict is shared between requests
            // (the uid alone differs), and the compilation is not kept; whole SHA-256 digests, so no two bindings share a version
            String requestVersion = version + "-" + Digests.sha256(Json.write(request.data())).hex();
            try {
                return PolicyCompiler.compile(bound, template.source(), template.stored(), true).inContext(requestVersion, policy.notes())
                        .withRequestVariables(request.data());
            } catch (SignetException e) {
                return policy;
            }
        }
        return compiled.get(policy.id().uid() + "\n" + policy.id().resourceVersion() + "\n" + version, key -> {
            try {
                return PolicyCompiler.compile(bound, template.source(), template.stored()).inContext(version, policy.notes());
            } catch (SignetException e) {
                return policy;
            }
        });
    }
}
