package dev.signet.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.SignetException;
import dev.signet.events.AdmissionRequested;
import dev.signet.events.InvalidAdmissionException;
import dev.signet.events.outbound.AdmissionVerdictData;
import dev.signet.json.Json;
import java.io.IOException;
import java.util.Base64;
import java.util.List;

/**
 * AdmissionReview {@code admission.k8s.io/v1} in and out (Kubernetes' "Dynamic Admission Control" documentation):
 * the request's uid, kind, namespace, name, operation, dryRun and object; the response echoing the uid, with
 * {@code status.code} 403 and a message on denial, warnings, and a base64 JSONPatch on the mutating path.
 */
final class AdmissionReviews {
    static final String API_VERSION = "admission.k8s.io/v1";
    static final String KIND = "AdmissionReview";
    /** The API server keeps warnings short; longer ones are cut, and at most this many are sent. */
    static final int MAX_WARNINGS = 10;
    static final int MAX_WARNING_LENGTH = 256;

    private AdmissionReviews() {
    }

    /** Reads an AdmissionReview body; anything else is an {@link InvalidAdmissionException} (HTTP 400). */
    static AdmissionRequested parseReview(byte[] body) {
        JsonNode review;
        try {
            review = Json.mapper().readTree(body);
        } catch (IOException | RuntimeException e) {
            throw new InvalidAdmissionException("body", "not JSON (" + Json.conciseCause(e) + ")");
        }
        if (review == null || !review.isObject()) {
            throw new InvalidAdmissionException("body", "not a JSON object");
        }
        if (!KIND.equals(review.path("kind").asText()) || !API_VERSION.equals(review.path("apiVersion").asText())) {
            throw new InvalidAdmissionException("body", "not an " + API_VERSION + " AdmissionReview (apiVersion "
                    + SignetException.quote(review.path("apiVersion").asText("")) + ", kind " + SignetException.quote(review.path("kind").asText("")) + ")");
        }
        JsonNode request = review.path("request");
        if (!request.isObject()) {
            throw new InvalidAdmissionException("AdmissionReview", "has no request");
        }
        return AdmissionRequested.parse(request, "AdmissionReview");
    }

    /** The only thing we can answer a review whose request could not be read with, when its uid is known. */
    static String uidOf(byte[] body) {
        try {
            JsonNode uid = Json.mapper().readTree(body).path("request").path("uid");
            return uid.isTextual() ? uid.textValue() : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** The AdmissionReview answer; the patch only on the mutating path and only when allowed. */
    static ObjectNode response(String uid, AdmissionVerdictData verdict, boolean mutate) {
        ObjectNode review = Json.mapper().createObjectNode();
        review.put("apiVersion", API_VERSION);
        review.put("kind", KIND);
        ObjectNode response = review.putObject("response");
        response.put("uid", uid);
        response.put("allowed", verdict.allowed());
        if (!verdict.allowed()) {
            ObjectNode status = response.putObject("status");
            status.put("code", 403);
            status.put("reason", "Forbidden");
            status.put("message", verdict.message());
        }
        List<String> warnings = verdict.warnings();
        if (!warnings.isEmpty()) {
            ArrayNode array = response.putArray("warnings");
            warnings.stream().limit(MAX_WARNINGS)
                    .map(warning -> warning.length() <= MAX_WARNING_LENGTH ? warning : warning.substring(0, MAX_WARNING_LENGTH - 3) + "...")
                    .forEach(array::add);
            if (warnings.size() > MAX_WARNINGS) {
                array.add("Signet: " + (warnings.size() - MAX_WARNINGS) + " more warnings not shown");
            }
        }
        if (mutate && verdict.allowed() && !verdict.patch().isEmpty()) {
            response.put("patchType", "JSONPatch");
            response.put("patch", Base64.getEncoder().encodeToString(Json.write(verdict.patch())));
        }
        return review;
    }
}
