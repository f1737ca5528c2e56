package dev.signet.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The data of {@code dev.signet.admission.requested.v1} (events.md): the AdmissionReview request, {@code object}
 * being the Pod or workload as the API server sent it.
 *
 * @param kind the object's kind ({@code Pod}, {@code Deployment}, ...)
 * @param userInfo the request's {@code userInfo} (username, groups) as the API server sent it, for Kyverno's
 *     {@code subjects}; null when the request carried none
 */
public record AdmissionRequested(String uid, String operation, boolean dryRun, String namespace, String kind, String name, JsonNode object,
        JsonNode userInfo) {

    /** A request without user info (tests, events from an adapter that did not forward it). */
    public AdmissionRequested(String uid, String operation, boolean dryRun, String namespace, String kind, String name, JsonNode object) {
        this(uid, operation, dryRun, namespace, kind, name, object, null);
    }

    /** The event subject admission.md names: {@code namespace/kind/name}. */
    public String subject() {
        return (namespace == null ? "" : namespace) + "/" + kind + "/" + (name == null ? "" : name);
    }

    /**
     * Reads an admission request: the AdmissionReview's {@code request}, or the data of an {@code admission.requested}
     * event, where {@code kind} may be a plain string.
     */
    public static AdmissionRequested parse(JsonNode request, String subject) {
        if (request == null || !request.isObject()) {
            throw new InvalidAdmissionException(subject, "the request is not a JSON object");
        }
        String uid = text(request, "uid", subject, true);
        JsonNode kindNode = request.path("kind");
        String kind = kindNode.isObject() ? kindNode.path("kind").asText("") : kindNode.isTextual() ? kindNode.textValue() : "";
        if (kind.isEmpty()) {
            throw new InvalidAdmissionException(subject + " " + uid, "request.kind is missing");
        }
        JsonNode dryRun = request.path("dryRun");
        if (!dryRun.isMissingNode() && !dryRun.isNull() && !dryRun.isBoolean()) {
            throw new InvalidAdmissionException(subject + " " + uid, "request.dryRun is not a boolean");
        }
        JsonNode object = request.path("object");
        if (!object.isMissingNode() && !object.isNull() && !object.isObject()) {
            throw new InvalidAdmissionException(subject + " " + uid, "request.object is not an object");
        }
        String namespace = text(request, "namespace", subject, false);
        if (namespace.isEmpty()) {
            namespace = object.path("metadata").path("namespace").asText("");
        }
        String name = text(request, "name", subject, false);
        if (name.isEmpty()) {
            name = object.path("metadata").path("name").asText(object.path("metadata").path("generateName").asText(""));
        }
        JsonNode userInfo = request.path("userInfo");
        if (!userInfo.isMissingNode() && !userInfo.isNull() && !userInfo.isObject()) {
            throw new InvalidAdmissionException(subject + " " + uid, "request.userInfo is not an object");
        }
        return new AdmissionRequested(uid, text(request, "operation", subject, false), dryRun.asBoolean(false), namespace, kind, name,
                object.isObject() ? object : null, userInfo.isObject() ? who(userInfo) : null);
    }

    /** Only the user name and groups travel on: {@code uid} and {@code extra} (token scopes, credential ids) match nothing. */
    private static JsonNode who(JsonNode userInfo) {
        ObjectNode who = JsonNodeFactory.instance.objectNode();
        if (userInfo.path("username").isTextual()) {
            who.put("username", userInfo.path("username").textValue());
        }
        ArrayNode groups = who.putArray("groups");
        userInfo.path("groups").forEach(group -> {
            if (group.isTextual()) {
                groups.add(group.textValue());
            }
        });
        return who;
    }

    private static String text(JsonNode node, String field, String subject, boolean required) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            if (required) {
                throw new InvalidAdmissionException(subject, "request." + field + " is missing");
            }
            return "";
        }
        if (!value.isTextual()) {
            throw new InvalidAdmissionException(subject, "request." + field + " is not a string");
        }
        if (required && value.textValue().isEmpty()) {
            throw new InvalidAdmissionException(subject, "request." + field + " is empty");
        }
        return value.textValue();
    }
}
