/**
 * Registry-native webhook bodies, as records named after each registry's own documentation: CNCF Distribution's
 * notification envelope, Harbor's default webhook payload, Quay's repository notification, GitHub's
 * {@code package}/{@code registry_package} event and Docker Hub's webhook. Field names are the wire's (snake_case
 * where the registry writes it so); unknown fields are ignored, because registries add their own.
 *
 * <p>These shapes stay at the edge: {@code events.ingest} reads them and turns them into
 * {@link dev.signet.events.ImagePushedData}; nothing else sees them. Values are untrusted text until the reference
 * package has parsed them. Allowed dependencies: Jackson annotations and Quarkus' reflection registration only.
 */
package dev.signet.events.inbound;
