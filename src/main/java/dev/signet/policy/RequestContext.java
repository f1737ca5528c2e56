package dev.signet.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Kyverno's variables read from one admission request, as Kyverno's JSON context holds it
 * (kyverno@111e07bb pkg/engine/context/context.go): {@code request} (the AdmissionReview request: {@code operation},
 * {@code namespace}, {@code kind}, {@code name}, {@code object}, {@code oldObject}, {@code userInfo}, {@code dryRun}),
 * {@code images} ({@code images.containers.NAME.registry/path/name/tag/digest/reference/referenceWithTag}, likewise
 * {@code initContainers} and {@code ephemeralContainers}: pkg/utils/api/image.go), and
 * {@code serviceAccountName}/{@code serviceAccountNamespace} when the requester is a service account.
 *
 * <p>{@code element} is not here: Kyverno binds it only inside {@code foreach}, which {@code verifyImages} has not.
 *
 * @param data the variables' root object
 */
public record RequestContext(JsonNode data) {
    /** The roots of the variables this context answers, for telling a per-request variable from a context one. */
    static final Pattern ROOTS = Pattern.compile("(?<![\\w.$@])(request|images|serviceAccountName|serviceAccountNamespace)\\b");
    private static final Pattern SERVICE_ACCOUNT = Pattern.compile("system:serviceaccount:([^:]+):([^:]+)");
    private static final Pattern LIST = Pattern.compile("/(containers|initContainers|ephemeralContainers)/\\d+/image$");

    public RequestContext {
        Objects.requireNonNull(data, "data");
    }

    /**
     * @param request the AdmissionReview's {@code request} (or an {@code admission.requested} event's data)
     * @param images every image of the object, as {@link PodSpecs} finds them
     */
    public static RequestContext of(JsonNode request, List<PodSpecs.ContainerImage> images) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        // not copied: nothing writes into it (substitution and conditions read their document)
        data.set("request", request == null ? JsonNodeFactory.instance.objectNode() : request);
        ObjectNode imageInfos = data.putObject("images");
        for (PodSpecs.ContainerImage image : images) {
            Matcher list = LIST.matcher(image.pointer());
            if (list.find()) {
                JsonNode group = imageInfos.get(list.group(1));
                (group instanceof ObjectNode object ? object : imageInfos.putObject(list.group(1))).set(image.container(), info(image.image()));
            }
        }
        if (imageInfos.isEmpty()) {
            data.remove("images");
        }
        Matcher account = SERVICE_ACCOUNT.matcher(data.path("request").path("userInfo").path("username").asText(""));
        if (account.matches()) {
            data.put("serviceAccountNamespace", account.group(1)).put("serviceAccountName", account.group(2));
        }
        return new RequestContext(data);
    }

    /** The roots attestation conditions see in Kyverno besides the statement: the request's, and the image being verified. */
    private static final Pattern CONDITION_ROOTS = Pattern.compile("(?<![\\w.$@])(request|images|image|serviceAccountName|serviceAccountNamespace)\\b");
    private static final Pattern VARIABLE = Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL);

    private static final Pattern IMAGE_ROOT = Pattern.compile("(?<![\\w.$@])image\\b");

    /** Whether any text in the conditions (keys and values) has a variable reading the request or the image. */
    static boolean readsAny(JsonNode conditions) {
        return reads(conditions, CONDITION_ROOTS);
    }

    /** Whether the conditions read the image being verified, which Kyverno adds per image and Signet does not. */
    static boolean readsImage(JsonNode conditions) {
        return reads(conditions, IMAGE_ROOT);
    }

    private static boolean reads(JsonNode conditions, Pattern roots) {
        if (conditions.isTextual()) {
            Matcher variable = VARIABLE.matcher(conditions.textValue());
            while (variable.find()) {
                if (roots.matcher(variable.group(1)).find()) {
                    return true;
                }
            }
            return false;
        }
        for (JsonNode child : conditions) {
            if (reads(child, roots)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a variable's expression reads the request (so it can only be resolved at admission). */
    static boolean reads(String variable) {
        return ROOTS.matcher(variable).find();
    }

    /**
     * Kyverno's ImageInfo of an image as written: the registry (docker.io when none is written, without Signet's
     * {@code library/} normalisation), the path, its last segment as name, the tag ({@code latest} when neither tag
     * nor digest is written), the digest and the references.
     */
    static ObjectNode info(String image) {
        ObjectNode info = JsonNodeFactory.instance.objectNode();
        String rest = image.strip();
        String digest = "";
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        String registry = "docker.io";
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                registry = first;
                rest = rest.substring(slash + 1);
            }
        }
        String tag = "";
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        if (tag.isEmpty() && digest.isEmpty()) {
            tag = "latest";
        }
        String path = rest;
        info.put("registry", registry).put("path", path).put("name", path.substring(path.lastIndexOf('/') + 1)).put("tag", tag);
        if (!digest.isEmpty()) {
            info.put("digest", digest);
        }
        info.put("reference", registry + "/" + path + (digest.isEmpty() ? ":" + tag : "@" + digest));
        if (!tag.isEmpty()) {
            info.put("referenceWithTag", registry + "/" + path + ":" + tag);
        }
        return info;
    }
}
