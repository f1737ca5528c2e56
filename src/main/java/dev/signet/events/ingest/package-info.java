/**
 * The registry ingest endpoints (events.md, "Ingest endpoints"; interfaces.md §3): {@code POST /ingest/<registry>}
 * takes a registry's native webhook, turns it into {@code dev.signet.image.pushed.v1} data and hands it to the
 * {@link dev.signet.events.ingest.PushSink}.
 *
 * <p>The pipeline ({@link dev.signet.events.ingest.WebhookReceiver}) is plain Java so it is tested without Quarkus:
 * authenticate (shared secret, or GitHub's HMAC), read a bounded body, parse with one
 * {@link dev.signet.events.ingest.NotificationParser} per registry, drop recent duplicates
 * ({@link dev.signet.events.ingest.PushDeduplicator}), hand over, answer 202. A body that cannot be parsed is a 400
 * with the reason, never a 500; a tag the registry's webhook names without a digest is resolved through the
 * {@link dev.signet.events.ingest.TagResolver} port. {@link dev.signet.events.ingest.IngestResource} is the thin
 * JAX-RS shell.
 *
 * <p>Allowed dependencies: {@code reference}, {@code events} (the push event data), the wire records of
 * {@code events.inbound}, {@code http} (the bounded body read), Jackson (the app's mapper), JAX-RS and JBoss logging. Not
 * the oci or registry packages: tag resolution is a port of its own. Secrets and the {@code Authorization} header are never logged or echoed.
 */
package dev.signet.events.ingest;
