package dev.signet.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import dev.signet.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads YAML or JSON text holding one or more documents ({@code ---}-separated) into trees. */
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
        List<JsonNode> documents = new ArrayList<>();
        try (JsonParser parser = Json.yaml().createParser(text);
                MappingIterator<JsonNode> iterator = Json.yaml().readValues(parser, JsonNode.class)) {
            while (iterator.hasNextValue()) {
                JsonNode document = iterator.nextValue();
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    documents.add(document);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new PolicyException("read documents", source, "not valid YAML: " + Json.conciseCause(e).lines().findFirst().orElse(""));
        }
        return documents;
    }
}
