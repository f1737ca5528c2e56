package dev.signet.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.json.Json;
import dev.signet.json.YamlException;
import java.util.List;

/** Reads YAML or JSON text holding one or more documents ({@code ---}-separated) into trees, as kubectl reads them. */
public final class PolicyDocuments {
    /** The largest policy or manifest file read. */
    public static final int MAX_BYTES = 1024 * 1024;

    private PolicyDocuments() {
    }

    /**
     * Every non-empty document of the text, in order.
     *
     * @param source names the text in errors (a file path)
     * @throws PolicyException when the text is not YAML
     */
    public static List<JsonNode> read(String text, String source) {
        if (text.length() > MAX_BYTES) {
            throw new PolicyException("read documents", source, "larger than " + MAX_BYTES + " bytes");
        }
        try {
            // as kubectl reads them: aliases resolved, so "image: *img" is the image the anchor names, not "img"
            return Json.yamlDocuments(text);
        } catch (YamlException e) {
            // one line for logs and events; YAML's own report, line breaks and position mark kept, for policy test
            throw PolicyException.withDetail("read documents", source, "not valid YAML: " + e.getMessage(), e.full());
        }
    }
}
