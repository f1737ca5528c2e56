package dev.signet.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.keys.VerificationKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** Test policies: the YAML files under {@code src/test/resources/policies}, with placeholders filled in. */
final class Policies {

    private Policies() {
    }

    static String resource(String name) {
        try (var in = Objects.requireNonNull(Policies.class.getResourceAsStream("/policies/" + name), name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The PEM of the keys, indented for a YAML block scalar at {@code indent} spaces. */
    static String pem(int indent, VerificationKey... keys) {
        String pad = " ".repeat(indent);
        return List.of(keys).stream().map(VerificationKey::toPem).collect(Collectors.joining())
                .lines().map(line -> pad + line).collect(Collectors.joining("\n"));
    }

    static JsonNode document(String yaml) {
        List<JsonNode> documents = PolicyDocuments.read(yaml, "test.yaml");
        if (documents.size() != 1) {
            throw new IllegalArgumentException("expected one document, got " + documents.size());
        }
        return documents.get(0);
    }

    static CompiledPolicy compile(String yaml) {
        return PolicyCompiler.compile(document(yaml), "test.yaml");
    }

    /** The blog post's policy for one repository and key. */
    static String blogPost(String repository, VerificationKey key) {
        return resource("blog-post-kyverno.yaml").replace("REPO", repository).replace("PEM", pem(10, key));
    }
}
