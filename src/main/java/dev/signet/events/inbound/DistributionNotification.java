package dev.signet.events.inbound;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * CNCF Distribution's notification envelope ({@code notifications.Envelope}, media type
 * {@code application/vnd.docker.distribution.events.v1+json}, {@code v2} since distribution 3): one or more
 * unrelated events the registry batched into one request.
 *
 * @param events the events; null when the body has no {@code events} member
 * @see <a href="https://distribution.github.io/distribution/about/notifications/">Work with notifications</a>
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@RegisterForReflection
public record DistributionNotification(List<DistributionEvent> events) {
}
