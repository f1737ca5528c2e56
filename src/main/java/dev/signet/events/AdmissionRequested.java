package dev.signet.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.SignetException;

/**
 * The data of {@code dev.signet.admission.requested.v1} (events.md): the AdmissionReview request, {@code object}
 * being the Pod or workload as the API server sent it.
 *
 * @param kind the object's kind ({@code Pod}, {@code Deployment}, ...)
 * @param oldObject on UPDATE, the object as stored before the request (null otherwise): only images it did not
 *     already have at the same place need verifying
 * @param mutating whether the mutating webhook asks (it may pin digests) rather than the validating one, which
 *     must deny a tag-only image that a rule requires pinned ({@code verifyDigest}); absent in event data means
 *     validating, the side that never admits what it did not see pinned
 * @param userInfo the request's {@code userInfo} (username, groups) as the API server sent it, for Kyverno's
 *     {@code subjects}; null when the request carried none
 */
public record AdmissionRequested(String uid, String operation, boolean dryRun, String namespace, String kind, String name, JsonNode object,
        JsonNode oldObject, boolean mutating, JsonNode userInfo) {

    /** A request without {@code oldObject} or user info, as the validating webhook sees a CREATE in tests. */
    public AdmissionRequested(String uid, String operation, boolean dryRun, String namespace, String kind, String name, JsonNode object) {
        this(uid, operation, dryRun, namespace, kind, name, object, null, false, null);
    }

    /** This request as the named webhook asks it: the adapter knows which endpoint was called, the body does not. */
    public AdmissionRequested forWebhook(boolean mutatingWebhook) {
        return new AdmissionRequested(uid, operation, dryRun, namespace, kind, name, object, oldObject, mutatingWebhook, userInfo);
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
        // the uid is the sender's text (any event producer's): quoted, so a control character cannot forge log lines
        String named = subject + " " + SignetException.quote(uid);
        JsonNode kindNode = request.path("kind");
        String kind = kindNode.isObject() ? kindNode.path("kind").asText("") : kindNode.isTextual() ? kindNode.textValue() : "";
        if (kind.isEmpty()) {
            throw new InvalidAdmissionException(named, "request.kind is missing");
        }
        JsonNode dryRun = request.path("dryRun");
        if (!dryRun.isMissingNode() && !dryRun.isNull() && !dryRun.isBoolean()) {
            throw new InvalidAdmissionException(named, "request.dryRun is not a boolean");
        }
        JsonNode object = request.path("object");
        if (!object.isMissingNode() && !object.isNull() && !object.isObject()) {
            throw new InvalidAdmissionException(named, "request.object is not an object");
        }
        JsonNode oldObject = request.path("oldObject");
        if (!oldObject.isMissingNode() && !oldObject.isNull() && !oldObject.isObject()) {
            throw new InvalidAdmissionException(named, "request.oldObject is not an object");
        }
        JsonNode mutating = request.path("mutating");
        if (!mutating.isMissingNode() && !mutating.isNull() && !mutating.isBoolean()) {
            throw new InvalidAdmissionException(named, "request.mutating is not a boolean");
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
            throw new InvalidAdmissionException(named, "request.userInfo is not an object");
        }
        return new AdmissionRequested(uid, text(request, "operation", subject, false), dryRun.asBoolean(false), namespace, kind, name,
                object.isObject() ? object : null, oldObject.isObject() ? oldObject : null, mutating.asBoolean(false),
                userInfo.isObject() ? who(userInfo) : null);
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
