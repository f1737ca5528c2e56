/**
 * Registry HTTP as a chain of small decorators over {@link dev.signet.registry.transport.Transport}, in the manner of
 * go-containerregistry's {@code remote/transport}: the wire at the bottom (HTTP/1.1 on sockets, or the JDK's client), then redirects, retries with backoff
 * and the user agent, each a class of its own so tests can insert a recorder ({@link
 * dev.signet.registry.transport.RequestLog}) or a deliberately faulty layer without mocking HTTP types.
 *
 * <p>Allowed dependencies: the JDK ({@code java.net}, {@code java.net.http}, {@code javax.net.ssl}). Nothing here knows registries, manifests or credentials.
 */
package dev.signet.registry.transport;
