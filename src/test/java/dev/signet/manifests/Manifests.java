package dev.signet.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The deployable manifests ({@code k8s/}, {@code knative/}) read as Kubernetes reads them: every file a stream of
 * YAML documents. Tests own this mapper; the main-code rule that only {@code oci.OciJson} builds mappers
 * (DependencyRulesTest) covers {@code src/main} only.
 */
final class Manifests {
    /** The project root: the nearest folder up from the working directory that holds the Maven wrapper's pom. */
    static final Path ROOT = findRoot();
    static final Path K8S = Path.of("k8s");
    static final Path KNATIVE = Path.of("knative");
    /** Examples are applied by hand, so they are not in a kustomization. */
    static final String EXAMPLES = "examples";
    /** Kustomize components are opt-in variations (opt-in webhook mode), used from an overlay: not deployed as they are. */
    static final String COMPONENTS = "components";

    private static final YAMLFactory YAML = new YAMLFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(YAML);

    private final List<Manifest> all;

    private Manifests(List<Manifest> all) {
        this.all = List.copyOf(all);
    }

    /** Every document of every YAML file under {@code folders} (relative to the root), examples included. */
    static Manifests under(Path... folders) {
        List<Manifest> all = new ArrayList<>();
        for (Path folder : folders) {
            yamlFiles(folder).forEach(file -> all.addAll(read(file)));
        }
        return new Manifests(all);
    }

    /**
     * The deployed objects: {@code k8s/} (with {@code k8s/webhooks/}) and {@code knative/}, without their examples and
     * components, and without the kustomization files themselves.
     */
    static Manifests deployed() {
        return new Manifests(under(K8S, KNATIVE).all.stream()
                .filter(m -> !isExample(m.file()) && !isComponent(m.file()) && !isKustomization(m.file()))
                .toList());
    }

    /** A kustomize component, under {@code components/}. */
    static Manifests component(Path folder) {
        return new Manifests(read(folder.resolve("kustomization.yaml")));
    }

    /** The examples under {@code k8s/examples/} and {@code knative/examples/}. */
    static Manifests examples() {
        return new Manifests(under(K8S, KNATIVE).all.stream().filter(m -> isExample(m.file())).toList());
    }

    static boolean isExample(Path file) {
        return hasPart(file, EXAMPLES);
    }

    static boolean isComponent(Path file) {
        return hasPart(file, COMPONENTS);
    }

    static boolean isKustomization(Path file) {
        return file.getFileName().toString().equals("kustomization.yaml");
    }

    private static boolean hasPart(Path file, String name) {
        for (Path part : file) {
            if (part.toString().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** YAML files under {@code folder}, relative to the root, sorted. */
    static List<Path> yamlFiles(Path folder) {
        try (Stream<Path> files = Files.walk(ROOT.resolve(folder))) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .map(ROOT::relativize)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("list " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Every document of one file; an empty document (a stray {@code ---}) is kept as a missing node so it fails checks. */
    static List<Manifest> read(Path file) {
        List<Manifest> documents = new ArrayList<>();
        try (YAMLParser parser = YAML.createParser(ROOT.resolve(file).toFile());
                MappingIterator<JsonNode> values = MAPPER.readerFor(JsonNode.class).readValues(parser)) {
            while (values.hasNextValue()) {
                JsonNode body = values.nextValue();
                documents.add(new Manifest(file, documents.size(), body == null ? MAPPER.missingNode() : body));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("parse " + file + ": " + e.getMessage(), e);
        }
        return documents;
    }

    List<Manifest> all() {
        return all;
    }

    Stream<Manifest> ofKind(String kind) {
        return all.stream().filter(m -> m.kind().equals(kind));
    }

    Stream<Manifest> ofKind(String apiGroup, String kind) {
        return ofKind(kind).filter(m -> group(m.apiVersion()).equals(apiGroup));
    }

    Optional<Manifest> find(String kind, String name) {
        return ofKind(kind).filter(m -> m.name().equals(name)).findFirst();
    }

    Manifest get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new NoSuchElementException("no " + kind + " " + name + " in the manifests"));
    }

    /** {@code apps/v1} -> {@code apps}; {@code v1} -> the core group {@code ""}. */
    static String group(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.isRegularFile(dir.resolve("pom.xml")) && Files.isRegularFile(dir.resolve("mvnw")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("find project root: no folder with pom.xml and mvnw above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
