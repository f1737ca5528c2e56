/**
 * What the HTTP adapters ({@code admission}, {@code events.ingest}) share and nothing else needs: reading a request
 * body within a bound. No framework types, so the rule of what may be read stays testable without a server.
 *
 * <p>Allowed dependencies: the JDK only.
 */
package dev.signet.http;
