/**
 * The event adapters: Funqy functions that turn CloudEvents into service calls and service results into CloudEvents
 * (events.md), and the registry ingest endpoints that turn each registry's native webhook into
 * {@code dev.signet.image.pushed.v1}. Wire shapes (records named after their spec) stay here and never reach the
 * services; decisions live in the services, not here.
 *
 * <p>Allowed dependencies: {@code reference}, {@code signing}, {@code verification}, {@code policy}, the ports of
 * {@code keys} and {@code registry}, Funqy, JAX-RS and Jackson.
 */
package dev.signet.events;
