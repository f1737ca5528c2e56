package dev.signet.app;

import dev.signet.http.SenderCheck;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Puts {@link SenderCheck} in front of the Funqy functions: every request but health ({@code /q/}), the registry
 * webhooks ({@code /ingest/}, authenticated by their own secrets) and the admission webhook ({@code /admission/}). A
 * refused request is answered 401, 403 or 503 with {@code {"error": ...}} before any function reads it, so an
 * unauthenticated {@code image.pushed} is never signed. The TokenReview runs on a worker thread, with the request
 * paused so its body waits for the function.
 */
@ApplicationScoped
public class SenderIdentityFilter {
    private static final Logger LOG = Logger.getLogger(SenderIdentityFilter.class);
    /** Before Quarkus' own routes and body handling. */
    private static final int PRIORITY = 100;

    @Inject
    SenderCheck senders;

    void register(@Observes Filters filters) {
        filters.register(this::filter, PRIORITY);
    }

    static boolean guarded(String path) {
        return path == null || !(path.startsWith("/q/") || path.startsWith("/ingest/") || path.startsWith("/admission/")
                || path.equals("/admission") || path.equals("/q"));
    }

    private void filter(RoutingContext context) {
        if (!senders.required() || !guarded(context.normalizedPath())) {
            context.next();
            return;
        }
        String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        context.request().pause();
        context.vertx().executeBlocking(() -> senders.check(authorization), false).onComplete(done -> {
            SenderCheck.Outcome outcome = done.succeeded() ? done.result()
                    : new SenderCheck.Outcome.Refused(503, "authenticate event sender: " + done.cause().getClass().getSimpleName());
            if (outcome instanceof SenderCheck.Outcome.Refused refused) {
                LOG.warnf("refused %s %s: %s", context.request().method(), context.normalizedPath(), refused.message());
                context.response().setStatusCode(refused.status())
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .end(new JsonObject().put("error", refused.message()).encode());
                return;
            }
            context.request().resume();
            context.next();
        });
    }
}
