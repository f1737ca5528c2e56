package dev.signet.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.signet.SignetException;
import dev.signet.reference.Digest;
import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The project's one Jackson mapper, for JSON and YAML trees and records (OCI structures, bundles, policies, events,
 * AdmissionReviews). It reads leniently (unknown fields ignored, as registries add their own) and
 * writes compact JSON in record order, with {@link Digest} as its string form. Read limits bound nesting and
 * string sizes, so hostile documents cannot exhaust the stack.
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .addModule(new SimpleModule("signet-oci")
                    .addSerializer(Digest.class, new DigestSerializer())
                    .addDeserializer(Digest.class, new DigestDeserializer()))
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(64)
                .maxStringLength(16 * 1024 * 1024)
                .build());
    }

    // YAML (policies, Kubernetes manifests) reads into the same trees, with snakeyaml's alias and size limits on top
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .loaderOptions(yamlLimits())
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(4 * 1024 * 1024).build())
            .build());
    private static final Pattern CONTROLS = Pattern.compile("[\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029]");
    private static final Pattern CONTROLS_BUT_NEWLINE = Pattern.compile("[\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f\\u2028\\u2029]");

    private Json() {
    }

    private static LoaderOptions yamlLimits() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(50); // no billion laughs
        options.setCodePointLimit(4 * 1024 * 1024);
        options.setNestingDepthLimit(64);
        options.setAllowDuplicateKeys(false);
        return options;
    }

    /** The YAML reader for policy documents and manifests: trees only, never arbitrary types. */
    public static ObjectMapper yaml() {
        return YAML;
    }

    /**
     * The documents of a YAML (or JSON) text as kubectl reads them: aliases resolved, merge keys applied, empty
     * documents skipped (YamlTrees). Use it for what a user would {@code kubectl apply}: policies and manifests.
     *
     * @throws YamlException when the text is not YAML or exceeds a limit: a one-line message, and YAML's own report
     */
    public static List<JsonNode> yamlDocuments(String text) {
        try {
            return YamlTrees.read(text, yamlLimits());
        } catch (YAMLException | IllegalArgumentException e) {
            String full = CONTROLS_BUT_NEWLINE.matcher(String.valueOf(e.getMessage())).replaceAll("?");
            full = full.length() > 2000 ? full.substring(0, 2000) + "…" : full;
            String concise;
            if (e instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
                concise = marked.getProblem() + " (line " + (marked.getProblemMark().getLine() + 1) + ", column "
                        + (marked.getProblemMark().getColumn() + 1) + ")";
            } else {
                concise = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            }
            concise = CONTROLS.matcher(concise).replaceAll("?");
            throw new YamlException(concise.length() > 200 ? concise.substring(0, 200) + "…" : concise, full, e);
        }
    }

    /** The shared mapper, for packages that may use Jackson and need trees or their own records. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Writes a value as compact JSON bytes. */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * Jackson's message without the source excerpt, which could echo untrusted content at length, cut to 200 characters
     * and with control characters (C0, C1, U+2028/9) replaced.
     */
    public static String conciseCause(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root && !(root instanceof SignetException)) {
            root = root.getCause();
        }
        String message = root instanceof JsonProcessingException json ? json.getOriginalMessage() : root.getMessage();
        if (message == null) {
            return root.getClass().getSimpleName();
        }
        // Jackson quotes the offending value, line breaks and other controls included: they would forge log lines
        message = CONTROLS.matcher(message).replaceAll("?");
        return message.length() > 200 ? message.substring(0, 200) + "…" : message;
    }

    private static final class DigestSerializer extends JsonSerializer<Digest> {
        @Override
        public void serialize(Digest digest, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeString(digest.toString());
        }
    }

    private static final class DigestDeserializer extends JsonDeserializer<Digest> {
        @Override
        public Digest deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            return Digest.parse(parser.getValueAsString());
        }
    }
}
