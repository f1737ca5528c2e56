package dev.signet.admission;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The data of {@code dev.signet.admission.requested.v1} (events.md): the AdmissionReview request, {@code object}
 * being the Pod or workload as the API server sent it.
 *
 * @param kind the object's kind ({@code Pod}, {@code Deployment}, ...)
 */
public record AdmissionRequested(String uid, String operation, boolean dryRun, String namespace, String kind, String name, JsonNode object) {

    /** The event subject admission.md names: {@code namespace/kind/name}. */
    public String subject() {
        return (namespace == null ? "" : namespace) + "/" + kind + "/" + (name == null ? "" : name);
    }
}
