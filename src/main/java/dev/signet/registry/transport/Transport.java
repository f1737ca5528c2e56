package dev.signet.registry.transport;

import java.io.IOException;
import java.net.http.HttpRequest;

/**
 * Sends one HTTP request and returns the answer with its body still unread, so callers decide how much of it to
 * read. Implementations are either the wire ({@link SocketTransport}, {@link JdkTransport}) or decorators that wrap another transport.
 *
 * <p>Any status is an answer, not an exception; {@link IOException} means no usable answer came. The caller owns
 * the returned {@link Response} and must close it.
 */
@FunctionalInterface
public interface Transport {

    /** Sends {@code request}; request bodies must be replayable (byte arrays), because decorators may resend them. */
    Response send(HttpRequest request) throws IOException;
}
