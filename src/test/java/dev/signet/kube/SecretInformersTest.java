package dev.signet.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The watches on named Secrets are bounded: a policy that builds Secret names from requests cannot make Signet hold one
 * watch per name on the API server. Past the bound the Secret read longest ago is no longer watched, and its readers
 * are told, as for a change, so nothing derived from it outlives the watch.
 */
class SecretInformersTest {
    private final MockKubernetes kube = new MockKubernetes();
    private final List<SecretRef> changed = new CopyOnWriteArrayList<>();
    private final SecretInformers secrets = new SecretInformers(kube.client(), Duration.ofSeconds(5), changed::add, 2);

    @AfterEach
    void close() {
        secrets.close();
        kube.close();
    }

    private void put(String name, String value) {
        kube.putSecret("keys", name, "Opaque", Map.of("v", value.getBytes(StandardCharsets.UTF_8)));
    }

    private String read(String name) {
        return secrets.get(new SecretRef("keys", name)).map(s -> new String(java.util.Base64.getDecoder().decode(s.getData().get("v")),
                StandardCharsets.UTF_8)).orElse("absent");
    }

    @Test
    void get_moreSecretsThanTheBound_unwatchesTheLeastRecentlyRead_andTellsItsReaders() {
        put("a", "1");
        put("b", "2");
        put("c", "3");

        assertThat(read("a")).isEqualTo("1");
        assertThat(read("b")).isEqualTo("2");
        assertThat(read("a")).isEqualTo("1"); // a is now the more recently read
        assertThat(read("c")).isEqualTo("3");

        assertThat(secrets.watched()).isEqualTo(2);
        assertThat(changed).containsExactly(new SecretRef("keys", "b"));
        // read again, b is watched afresh and still right; a, now the oldest, goes
        kube.replaceData("keys", "b", Map.of("v", "2b".getBytes(StandardCharsets.UTF_8)));
        assertThat(read("b")).isEqualTo("2b");
        assertThat(secrets.watched()).isEqualTo(2);
        assertThat(changed).containsExactly(new SecretRef("keys", "b"), new SecretRef("keys", "a"));
    }

    @Test
    void get_namesThatDoNotExist_countAgainstTheBoundToo() {
        for (int i = 0; i < 10; i++) {
            assertThat(read("missing-" + i)).isEqualTo("absent");
        }

        assertThat(secrets.watched()).isEqualTo(2);
        assertThat(changed).hasSize(8);
    }
}
