package dev.signet.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No manifest field is unknown to the API it is sent to (issue 16, item 12, the part the schema packages of
 * {@code .ci/manifests} do not check): every deployed object is read into fabric8's typed model of its kind
 * (Kubernetes' API, and Knative's through {@code knative-model}), where a field the API does not define lands in
 * {@code additionalProperties}. The API server would drop such a field, or refuse it under strict field validation,
 * so a misspelt {@code unhealthyPodEvictionPolicy} would silently do nothing.
 */
class SchemaStrictnessTest {
    /** Kinds without a typed fabric8 model here: their schemas are checked by .ci/manifests only. */
    private static final Set<String> UNTYPED_GROUPS = Set.of("cert-manager.io");

    static Stream<Arguments> objects() {
        return Manifests.deployed().all().stream()
                .filter(m -> !UNTYPED_GROUPS.contains(Manifests.group(m.apiVersion())))
                .map(m -> Arguments.of(m.toString(), m));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("objects")
    void object_isTypedByItsApi_withNoUnknownField(String name, Manifest manifest) {
        KubernetesResource typed = typed(manifest);

        assertThat(typed).as("%s: a typed model of %s", name, manifest.apiVersion()).isNotInstanceOf(GenericKubernetesResource.class);
        assertThat(unknownFields(typed, "")).as("%s: fields the API does not define", name).isEmpty();
    }

    @Test
    void strictnessCheck_aMisspeltField_isReported() {
        Manifest budget = Manifests.deployed().get("PodDisruptionBudget", "signet-admission");
        ObjectNode body = budget.body().deepCopy();
        ((ObjectNode) body.path("spec")).put("unhealthyPodEvictionPolicyy", "AlwaysAllow");

        List<String> unknown = unknownFields(Serialization.unmarshal(body.toString(), KubernetesResource.class), "");

        assertThat(unknown).containsExactly(".spec.unhealthyPodEvictionPolicyy");
    }

    private static KubernetesResource typed(Manifest manifest) {
        return Serialization.unmarshal(manifest.body().toString(), KubernetesResource.class);
    }

    /** Paths of the fields that landed in some model's additionalProperties, depth first. */
    static List<String> unknownFields(Object value, String path) {
        List<String> unknown = new ArrayList<>();
        if (value == null || !value.getClass().getName().startsWith("io.fabric8.")) {
            if (value instanceof Collection<?> items) {
                int i = 0;
                for (Object item : items) {
                    unknown.addAll(unknownFields(item, path + "[" + i++ + "]"));
                }
            } else if (value instanceof Map<?, ?> map) {
                map.forEach((key, item) -> unknown.addAll(unknownFields(item, path + "." + key)));
            }
            return unknown;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() > 0 || Modifier.isStatic(getter.getModifiers()) || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object child = invoke(getter, value);
            String field = getter.getName().substring(3);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra) {
                    extra.keySet().forEach(key -> unknown.add(path + "." + key));
                }
            } else if (!(value instanceof ObjectMeta)) {
                // metadata's labels and annotations are free-form maps, not fields
                unknown.addAll(unknownFields(child, path + "." + Character.toLowerCase(field.charAt(0)) + field.substring(1)));
            }
        }
        return unknown;
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new AssertionError("read " + getter + ": " + e.getMessage(), e);
        }
    }
}
