package dev.signet.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.Reason;
import dev.signet.reference.Registry;
import dev.signet.registry.RegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DockerConfigCredentialProviderTest {

    private static String fixture(String name) {
        try (InputStream in = DockerConfigCredentialProviderTest.class.getResourceAsStream("/registry/docker-config/" + name)) {
            if (in == null) {
                throw new AssertionError("fixture registry/docker-config/" + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final DockerConfigCredentialProvider CONFIG =
            DockerConfigCredentialProvider.parse(fixture("config.json"), "config.json");

    static Stream<Arguments> entries() {
        return Stream.of(
                Arguments.of("registry.example.com", Credentials.basic("alice", "s3cret:with:colons")),
                Arguments.of("ghcr.io", Credentials.basic("bob", "hunter2")),
                Arguments.of("quay.example:5000", Credentials.basic("carol", "fields-pass")),
                Arguments.of("auth.example", Credentials.identityToken("", "refresh-token-value")),
                Arguments.of("docker.io", Credentials.basic("hubuser", "hubpass")),
                Arguments.of("index.docker.io", Credentials.basic("hubuser", "hubpass")),
                Arguments.of("REGISTRY.example.com", Credentials.basic("alice", "s3cret:with:colons")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void forRegistry_keySpellings_matchAsTheDockerCliDoes(String registry, Credentials expected) {
        assertThat(CONFIG.forRegistry(Registry.parse(registry))).contains(expected);
    }

    @Test
    void forRegistry_unknownOrCredsStoreOnly_isEmpty() {
        assertThat(CONFIG.forRegistry(Registry.parse("credstore.example"))).isEmpty();
        assertThat(CONFIG.forRegistry(Registry.parse("registry.example.com:5000"))).isEmpty();
        assertThat(CONFIG.forRegistry(Registry.parse("example.com"))).isEmpty();
    }

    @Test
    void parse_pullSecretDocument_readsAuthField() {
        DockerConfigCredentialProvider secret = DockerConfigCredentialProvider.parse(fixture("dockerconfigjson.json"), "ci/regcred");

        assertThat(secret.forRegistry(Registry.parse("127.0.0.1:5000"))).contains(Credentials.basic("ci", "ci-pass"));
    }

    @Test
    void toString_listsRegistriesButNoSecret() {
        assertThat(CONFIG.toString())
                .contains("registry.example.com", "docker.io")
                .doesNotContain("s3cret", "hunter2", "fields-pass", "refresh-token-value", "hubpass");
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("auth-without-colon.json", "entry registry.example.com has an \"auth\" field that is not base64 of user:password"),
                Arguments.of("auth-not-base64.json", "entry registry.example.com has an \"auth\" field that is not base64"),
                Arguments.of("truncated.json", "not valid JSON at line 1, column 52"),
                Arguments.of("auths-not-object.json", "\"auths\" is not an object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void parse_malformed_failsNamingSourceAndProblemWithoutSecrets(String name, String cause) {
        String document = fixture(name);

        assertThatThrownBy(() -> DockerConfigCredentialProvider.parse(document, "secrets/" + name))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INPUT_INVALID))
                .hasMessageStartingWith("parse docker config secrets/" + name + ": " + cause + "; expected ")
                .message().doesNotContain("s3cret", "czNjcmV0", "bm90LWJhc2U2NC0hIQ");
    }

    @Test
    void parse_notAnObject_fails() {
        assertThatThrownBy(() -> DockerConfigCredentialProvider.parse("[]", "x")).hasMessageContaining("not a JSON object");
    }

    @Test
    void fromDirectory_withoutConfigFile_hasNoCredentials(@TempDir Path directory) {
        assertThat(DockerConfigCredentialProvider.fromDirectory(directory).forRegistry(Registry.DOCKER_HUB)).isEmpty();
    }

    @Test
    void fromDirectory_withConfigFile_readsIt(@TempDir Path directory) throws IOException {
        Files.writeString(directory.resolve("config.json"), fixture("dockerconfigjson.json"));

        assertThat(DockerConfigCredentialProvider.fromDirectory(directory).forRegistry(Registry.parse("127.0.0.1:5000"))).isPresent();
    }

    @Test
    void fromFile_missing_failsNamingThePath(@TempDir Path directory) {
        Path missing = directory.resolve("nope.json");

        assertThatThrownBy(() -> DockerConfigCredentialProvider.fromFile(missing))
                .hasMessageStartingWith("parse docker config " + missing + ": cannot read the file (NoSuchFileException)");
    }
}
