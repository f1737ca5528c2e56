package dev.signet.registry;

import dev.signet.registry.auth.Scope;
import dev.signet.registry.transport.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;

/**
 * One registry operation (jib's {@code RegistryEndpointProvider}): how to ask, what the answer means, and the words
 * its failures start with. {@link EndpointCaller} does the sending, scheme choice and error mapping, so an endpoint
 * only knows its own request and success.
 *
 * @param <T> what the operation yields
 */
interface RegistryEndpoint<T> {

    /** The action that opens error messages, e.g. {@code fetch manifest}. */
    String action();

    /** What the action is about, fully qualified, e.g. {@code localhost:5000/app:v1}. */
    String subject();

    /** The access the request needs. */
    Scope scope();

    /** The request, given the registry's API root such as {@code https://registry.example/v2/}. */
    HttpRequest request(URI apiRoot);

    /** Whether {@link #handle} interprets {@code status}, e.g. 404 as "absent"; any other status is an error. */
    default boolean handles(int status) {
        return status >= 200 && status < 300;
    }

    /** Reads an answer whose status this endpoint handles. */
    T handle(Response response) throws IOException;
}
