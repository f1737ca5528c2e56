package dev.signet.signature;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.SignetException;
import dev.signet.json.Json;
import dev.signet.reference.Digest;
import dev.signet.reference.DigestAlgorithm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An in-toto Statement, v0.1 ({@code https://in-toto.io/Statement/v0.1}, what {@code cosign attest} writes) or v1:
 * subjects with their digests, the predicate type, and the predicate as a parsed tree; the exact statement bytes
 * are kept beside it, since the signature covers them.
 */
public record InTotoStatement(byte[] bytes, String type, List<Subject> subjects, String predicateType, JsonNode predicate) {
    public static final String V01 = "https://in-toto.io/Statement/v0.1";
    public static final String V1 = BundleFormat.STATEMENT_V1;

    /** One subject: its name (cosign writes the repository) and its digests, the algorithms Signet knows. */
    public record Subject(String name, List<Digest> digests) {
        public Subject {
            digests = List.copyOf(digests);
        }
    }

    public InTotoStatement {
        bytes = bytes.clone();
        subjects = List.copyOf(subjects);
    }

    /**
     * Reads a statement from verified bytes as cosign's Go decoding reads it ({@link StatementReading}); {@code subject}
     * names it in errors.
     */
    public static InTotoStatement parse(byte[] bytes, String subject) {
        StatementReading read = StatementReading.read(bytes, subject);
        String type = read.type == null ? "" : read.type;
        if (!type.equals(V01) && !type.equals(V1)) {
            throw new SignatureFormatException("parse statement", subject, "_type " + SignetException.quote(type) + " is not in-toto Statement v0.1 or v1");
        }
        List<Subject> subjects = new ArrayList<>();
        for (StatementReading.SubjectReading entry : read.subjects) {
            List<Digest> digests = new ArrayList<>();
            Map<String, String> digestSet = entry.digest == null ? Map.of() : entry.digest;
            digestSet.forEach((name, hex) -> DigestAlgorithm.fromIdentifier(name).ifPresent(algorithm -> {
                try {
                    digests.add(Digest.of(algorithm, hex));
                } catch (RuntimeException e) {
                    throw new SignatureFormatException("parse statement", subject, "subject digest "
                            + SignetException.quote(hex) + " is not " + algorithm.identifier() + " hex");
                }
            }));
            subjects.add(new Subject(entry.name == null ? "" : entry.name, digests));
        }
        if (read.predicateType == null || read.predicateType.isEmpty()) {
            throw new SignatureFormatException("parse statement", subject, "statement has no predicateType");
        }
        JsonNode predicate = read.predicate == null ? Json.mapper().nullNode() : read.predicate;
        return new InTotoStatement(bytes, type, subjects, read.predicateType, predicate);
    }

    /**
     * Whether {@code other} makes the same claim: same predicate type and predicate; for cosign's custom predicate,
     * which stamps the time, the same {@code Data}.
     */
    public boolean samePredicateAs(InTotoStatement other) {
        if (!predicateType.equals(other.predicateType)) {
            return false;
        }
        return PredicateTypes.CUSTOM.equals(predicateType) ? predicate.path("Data").equals(other.predicate.path("Data")) : predicate.equals(other.predicate);
    }

    /** Whether any subject names {@code digest} (cosign's IntotoSubjectClaimVerifier). */
    public boolean names(Digest digest) {
        return subjects.stream().anyMatch(s -> s.digests().contains(digest));
    }

    /**
     * The statement {@code cosign attest} makes (pkg/cosign/attestation GenerateStatement): Statement v0.1, one
     * subject named by the repository with the sha256 digest, fields in protojson's order. {@code custom} wraps the
     * file text as {@code {"Data":..,"Timestamp":..}}, {@code spdx} keeps it as a JSON string, every other type
     * takes the file as a JSON object (written back compact, keys sorted as Go's structpb writes them).
     */
    public static byte[] build(String repository, Digest image, String typeName, String predicateType, byte[] predicateFile, Instant now) {
        StringBuilder json = new StringBuilder(predicateFile.length + 512);
        json.append("{\"_type\":\"").append(V01).append("\",\"subject\":[{\"name\":");
        GoJson.quote(json, repository);
        json.append(",\"digest\":{\"").append(image.algorithm().identifier()).append("\":\"").append(image.hex()).append("\"}}],\"predicateType\":");
        GoJson.quote(json, predicateType);
        json.append(",\"predicate\":");
        String text = new String(predicateFile, StandardCharsets.UTF_8);
        if (PredicateTypes.CUSTOM.equals(predicateType) && "custom".equals(typeName)) {
            json.append("{\"Data\":");
            GoJson.quote(json, text);
            json.append(",\"Timestamp\":\"").append(DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS))).append("\"}");
        } else if ("spdx".equals(typeName)) {
            GoJson.quote(json, text);
        } else {
            JsonNode predicate;
            try {
                predicate = Json.mapper().readTree(predicateFile);
            } catch (IOException e) {
                predicate = null;
            }
            if (predicate == null || !predicate.isObject()) {
                throw new SignatureFormatException("read predicate", predicateType, "the predicate file must hold a JSON object for this type");
            }
            writeSorted(predicate, json);
        }
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void writeSorted(JsonNode node, StringBuilder json) {
        if (node.isObject()) {
            Map<String, JsonNode> fields = new TreeMap<>();
            node.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue()));
            json.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> field : fields.entrySet()) {
                json.append(first ? "" : ",");
                GoJson.quote(json, field.getKey());
                json.append(':');
                writeSorted(field.getValue(), json);
                first = false;
            }
            json.append('}');
        } else if (node.isArray()) {
            json.append('[');
            for (int i = 0; i < node.size(); i++) {
                json.append(i == 0 ? "" : ",");
                writeSorted(node.get(i), json);
            }
            json.append(']');
        } else if (node.isTextual()) {
            GoJson.quote(json, node.textValue());
        } else {
            json.append(node.toString());
        }
    }
}
