package dev.signet.admission;

import dev.signet.events.AdmissionRequested;
import dev.signet.events.AdmissionVerifier;
import dev.signet.events.outbound.AdmissionVerdictData;
import java.time.Duration;

/** How the adapter reaches the verifier: in this process (the default) or a remote Knative Service. */
public interface VerifierClient {

    /**
     * The verdict on a request, within {@code deadline}.
     *
     * @throws VerifierUnavailableException when no verdict arrived in time or the verifier could not be reached
     */
    AdmissionVerdictData verify(AdmissionRequested request, String correlationId, Duration deadline);

    /** The in-process verifier: the evaluation itself honours the budget, so no thread hop is needed. */
    static VerifierClient inProcess(AdmissionVerifier verifier) {
        return (request, correlationId, deadline) -> verifier.decide(request, deadline.multipliedBy(9).dividedBy(10));
    }
}
