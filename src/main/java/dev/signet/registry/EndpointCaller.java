package dev.signet.registry;

import dev.signet.reference.Registry;
import dev.signet.registry.auth.Scope;
import dev.signet.registry.transport.BoundedBody;
import dev.signet.registry.transport.Response;
import dev.signet.registry.transport.Transport;
import java.io.IOException;
import java.util.function.Function;

/**
 * Runs a {@link RegistryEndpoint} (jib's {@code RegistryEndpointCaller}): picks the scheme, sends through the
 * transport chain for the endpoint's scope, hands answers the endpoint handles to it, and turns everything else into
 * exceptions, once, with the endpoint's action and subject.
 */
final class EndpointCaller {
    private final SchemePolicy schemes;
    private final Function<Scope, Transport> transports;
    private final RegistryErrors errors;

    EndpointCaller(SchemePolicy schemes, Function<Scope, Transport> transports, RegistryErrors errors) {
        this.schemes = schemes;
        this.transports = transports;
        this.errors = errors;
    }

    <T> T call(RegistryEndpoint<T> endpoint) {
        Registry registry = endpoint.scope().registry();
        Transport transport = transports.apply(endpoint.scope());
        Response answer;
        try {
            answer = transport.send(endpoint.request(schemes.apiRoot(registry)));
        } catch (IOException e) {
            throw errors.unreachable(endpoint, e, schemes.allowsPlainHttp(registry));
        }
        try (Response response = answer) {
            if (endpoint.handles(response.status())) {
                return endpoint.handle(response);
            }
            throw errors.from(endpoint, response);
        } catch (BoundedBody.TooLargeException e) {
            throw RegistryErrors.protocol(endpoint, "the registry's answer is larger than the limit of " + e.limit() + " bytes", 200);
        } catch (IOException e) {
            // the headers came; the body did not, in full or in time
            throw errors.brokenOff(endpoint, e);
        }
    }
}
