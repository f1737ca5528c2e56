/**
 * CloudEvent data Signet emits, as records named after events.md; built only by the event adapters and the admission
 * webhook, from the services' results.
 *
 * <p>Allowed dependencies: {@code policy} (the verdicts these records carry), Jackson and Quarkus' reflection registration.
 */
package dev.signet.events.outbound;
