package dev.signet.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.sigstore.TrustedRoot;
import dev.signet.testing.Vectors;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TrustedRootConfigMapsTest {
    private static final String MOCK_ROOT = new String(Vectors.bytes("keyless/mock/trusted_root.json"), StandardCharsets.UTF_8);
    private static final String PRODUCTION_ROOT = production();

    private final MockKubernetes kube = new MockKubernetes();
    private final TrustedRootConfigMaps roots = new TrustedRootConfigMaps(kube.client(), "signet-system");
    private final List<String> changes = new CopyOnWriteArrayList<>();

    TrustedRootConfigMapsTest() {
        roots.onChange(changes::add);
    }

    @AfterEach
    void close() {
        roots.close();
        kube.close();
    }

    private static String production() {
        try (InputStream in = TrustedRoot.class.getResourceAsStream("production-trusted-root.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ConfigMap put(String namespace, String name, Map<String, String> data) {
        ConfigMap configMap = new ConfigMapBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata().withData(data).build();
        return kube.client().configMaps().inNamespace(namespace).resource(configMap).createOr(existing -> existing.update());
    }

    /** find until the informer has listed: what admission sees once the root is watched. */
    private Optional<TrustedRoot> findListed(String ref) {
        roots.watch(List.of(ref));
        MockKubernetes.await("the first list of " + ref, () -> {
            try {
                roots.find(ref);
                return true;
            } catch (IllegalStateException e) {
                return !e.getMessage().contains("not listed it yet");
            }
        });
        return roots.find(ref);
    }

    @Test
    void find_configMapCreated_servesTheParsedRootByNameAndByNamespacedName() {
        put("signet-system", "corp-root", Map.of(TrustedRootConfigMaps.KEY, MOCK_ROOT));

        Optional<TrustedRoot> root = findListed("corp-root");

        assertThat(root).isPresent();
        assertThat(root.get().certificateAuthorities()).hasSameSizeAs(TrustedRoot.parse(MOCK_ROOT.getBytes(StandardCharsets.UTF_8), "x")
                .certificateAuthorities());
        assertThat(root.get().name()).isEqualTo("configmap signet-system/corp-root");
        assertThat(roots.find("signet-system/corp-root")).isPresent();
        assertThat(roots.names("corp-root", "signet-system/corp-root")).isTrue();
        assertThat(roots.names("other/corp-root", "signet-system/corp-root")).isFalse();
    }

    @Test
    void find_configMapCreatedAfterTheFirstLookup_isServedOnceTheWatchDeliversIt() {
        assertThat(findListed("tenants/late-root")).isEmpty();

        put("tenants", "late-root", Map.of(TrustedRootConfigMaps.KEY, MOCK_ROOT));

        MockKubernetes.await("the created root", () -> roots.find("tenants/late-root").isPresent());
        assertThat(roots.find("tenants/late-root").get().name()).isEqualTo("configmap tenants/late-root");
    }

    @Test
    void find_configMapUpdated_servesTheNewRootAndTellsListeners() {
        put("signet-system", "corp-root", Map.of(TrustedRootConfigMaps.KEY, MOCK_ROOT));
        TrustedRoot before = findListed("corp-root").orElseThrow();
        TrustedRoot production = TrustedRoot.parse(PRODUCTION_ROOT.getBytes(StandardCharsets.UTF_8), "x");
        assertThat(before.tlogs().size()).isNotEqualTo(production.tlogs().size());

        put("signet-system", "corp-root", Map.of(TrustedRootConfigMaps.KEY, PRODUCTION_ROOT));

        MockKubernetes.await("the replaced root", () -> roots.find("corp-root").orElseThrow() != before);
        MockKubernetes.await("the change to be heard", () -> !changes.isEmpty());
        assertThat(roots.find("corp-root").orElseThrow().tlogs()).hasSameSizeAs(production.tlogs());
        assertThat(changes).containsExactly("signet-system/corp-root");
    }

    @Test
    void find_configMapDeleted_servesNothingAndTellsListeners() {
        put("signet-system", "corp-root", Map.of(TrustedRootConfigMaps.KEY, MOCK_ROOT));
        assertThat(findListed("corp-root")).isPresent();

        kube.client().configMaps().inNamespace("signet-system").withName("corp-root").delete();

        MockKubernetes.await("the deleted root to go", () -> roots.find("corp-root").isEmpty());
        MockKubernetes.await("the deletion to be heard", () -> !changes.isEmpty());
        assertThat(changes).containsExactly("signet-system/corp-root");
    }

    @Test
    void find_malformedRoot_isNotServedAndFailsWithTheParseError() {
        put("signet-system", "broken-root", Map.of(TrustedRootConfigMaps.KEY, "{\"certificateAuthorities\": 3}"));

        roots.watch(List.of("broken-root"));
        MockKubernetes.await("the first list", () -> {
            try {
                roots.find("broken-root");
                return false;
            } catch (IllegalStateException e) {
                return !e.getMessage().contains("not listed it yet");
            }
        });

        assertThatThrownBy(() -> roots.find("broken-root"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("read trusted root signet-system/broken-root: ")
                .hasMessageNotContaining("certificateAuthorities\": 3");
    }

    @Test
    void find_malformedRootFixed_isServedAgain() {
        put("signet-system", "corp-root", Map.of(TrustedRootConfigMaps.KEY, "not json"));
        roots.watch(List.of("corp-root"));
        MockKubernetes.await("the malformed root to be read", () -> {
            try {
                roots.find("corp-root");
                return false;
            } catch (IllegalStateException e) {
                return e.getMessage().startsWith("read trusted root");
            }
        });

        put("signet-system", "corp-root", Map.of(TrustedRootConfigMaps.KEY, MOCK_ROOT));

        MockKubernetes.await("the fixed root", () -> {
            try {
                return roots.find("corp-root").isPresent();
            } catch (IllegalStateException e) {
                return false;
            }
        });
    }

    @Test
    void find_configMapWithoutTheKey_failsNamingTheKeyAndHowToCreateIt() {
        put("signet-system", "wrong-key", Map.of("root.json", MOCK_ROOT));

        roots.watch(List.of("wrong-key"));
        MockKubernetes.await("the first list", () -> {
            try {
                roots.find("wrong-key");
                return false;
            } catch (IllegalStateException e) {
                return !e.getMessage().contains("not listed it yet");
            }
        });

        assertThatThrownBy(() -> roots.find("wrong-key"))
                .hasMessage("read trusted root signet-system/wrong-key: configmap has no key trusted_root.json; "
                        + "create it with kubectl create configmap wrong-key -n signet-system --from-file=trusted_root.json=PATH");
    }

    @Test
    void find_referenceThatCannotNameAConfigMap_failsSayingWhatIsExpected() {
        assertThatThrownBy(() -> roots.find("a/b/c"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parse trusted root reference a/b/c: expected NAME or NAMESPACE/NAME");
        assertThatThrownBy(() -> roots.find("Not_A_Name"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("parse trusted root reference Not_A_Name: ");
    }

    @Test
    void find_apiForbidsTheList_failsNamingTheGrantNeeded_andSaysSoAgainWhileRetrying() {
        String expected = "read configmap signet-system/corp-root: the Kubernetes API answered 403; "
                + "grant list and watch on configmaps/corp-root in namespace signet-system to Signet's service account";
        try (ForbiddingApiServer forbidding = new ForbiddingApiServer();
                TrustedRootConfigMaps denied = new TrustedRootConfigMaps(forbidding.client(), "signet-system")) {
            denied.watch(List.of("corp-root"));
            MockKubernetes.await("the refused list", () -> {
                try {
                    denied.find("corp-root");
                    return false;
                } catch (IllegalStateException e) {
                    return !e.getMessage().contains("not listed it yet");
                }
            });

            // the refused informer was dropped; the lookup that starts the next one still names the last failure
            assertThatThrownBy(() -> denied.find("corp-root")).hasMessage(expected);
            assertThatThrownBy(() -> denied.find("corp-root")).hasMessage(expected);
        }
    }
}
