/**
 * What the HTTP adapters ({@code admission}, {@code events.ingest}, the functions' endpoints) share and nothing else
 * needs: reading a request body within a bound, and deciding who may post CloudEvents ({@link dev.signet.http.SenderCheck},
 * behind the {@link dev.signet.http.TokenReviewer} port that {@code kube} implements). No framework types, so the rule of what may be read stays testable without a server.
 *
 * <p>Allowed dependencies: the JDK only.
 */
package dev.signet.http;
