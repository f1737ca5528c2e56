/**
 * The event adapters: Funqy functions that turn CloudEvents into service calls and service results into CloudEvents
 * (events.md): the signer ({@code image.pushed} -> {@code image.signed}) and the verifier ({@code admission.requested}
 * -> {@code admission.allowed}/{@code denied}, {@code image.verification.requested} -> {@code image.verified}, cache
 * pre-warming on {@code image.signed}), which the admission webhook also calls in-process. The registry ingest
 * endpoints ({@code events.ingest}) turn each registry's native webhook into {@code dev.signet.image.pushed.v1}. Wire
 * shapes (records named after their spec) stay here and never reach the services; decisions live in the services.
 *
 * <p>Allowed dependencies: {@code reference}, {@code keys}, {@code signature}, {@code signing}, {@code verification},
 * {@code policy}, {@code events.outbound}, Funqy, JAX-RS, Micrometer and Jackson.
 */
package dev.signet.events;
