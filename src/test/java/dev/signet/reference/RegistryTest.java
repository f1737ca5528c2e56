package dev.signet.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RegistryTest {

    @ParameterizedTest
    @ValueSource(strings = {"docker.io", "index.docker.io", "registry-1.docker.io"})
    void parse_dockerHubAlias_normalisesToDockerIo(String alias) {
        Registry registry = Registry.parse(alias);

        assertThat(registry).isEqualTo(Registry.DOCKER_HUB);
        assertThat(registry.name()).isEqualTo("docker.io");
        assertThat(registry.apiHost()).isEqualTo("index.docker.io");
        assertThat(registry.isDockerHub()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ghcr.io", "registry.example.com:5000", "[::1]:5000", "localhost", "docker.io:5000",
        "hub.docker.io", "10.0.0.1:8443", "xn--bcher-kva.example"})
    void apiHost_otherRegistry_isNameAsWritten(String name) {
        Registry registry = Registry.parse(name);

        assertThat(registry.name()).isEqualTo(name);
        assertThat(registry.apiHost()).isEqualTo(name);
        assertThat(registry.isDockerHub()).isFalse();
        assertThat(registry).hasToString(name);
    }

    static Stream<Arguments> spellings() {
        return Stream.of(
                argumentSet("capitals", "GHCR.IO", "ghcr.io"),
                argumentSet("https default port", "ghcr.io:443", "ghcr.io"),
                argumentSet("capitals and default port", "Registry.Example.COM:443", "registry.example.com"),
                argumentSet("capitals and another port", "Registry.Example.COM:5000", "registry.example.com:5000"),
                argumentSet("Docker Hub in capitals", "REGISTRY-1.DOCKER.IO", "docker.io"),
                argumentSet("Docker Hub with default port", "index.docker.io:443", "docker.io"),
                argumentSet("docker.io with default port", "Docker.IO:443", "docker.io"),
                argumentSet("IPv6 with default port", "[FE80::1]:443", "[fe80::1]"),
                argumentSet("localhost with default port", "LOCALHOST:443", "localhost"),
                // port 80 is the plain-HTTP endpoint, possibly another server: kept (globs still cover it, see ImagePattern)
                argumentSet("port 80 is kept", "ghcr.io:80", "ghcr.io:80"),
                argumentSet("leading zeros on 443", "ghcr.io:00443", "ghcr.io"),
                argumentSet("leading zeros on another port", "host.example:00080", "host.example:80"),
                // a single label is a registry only by its capitals (Docker's rule): lower case or no port would make it a Docker Hub path
                argumentSet("single label keeps its capitals", "Foo", "Foo"),
                argumentSet("single label keeps port 443", "foo:443", "foo:443"));
    }

    @ParameterizedTest
    @MethodSource("spellings")
    void parse_hostSpelling_isCanonical(String written, String canonical) {
        Registry registry = Registry.parse(written);

        assertThat(registry.name()).isEqualTo(canonical);
        assertThat(Registry.parse(canonical)).isEqualTo(registry);
    }

    static Stream<Arguments> loopbackCases() {
        return Stream.of(
                argumentSet("localhost", "localhost", true),
                argumentSet("localhost with port", "localhost:5000", true),
                argumentSet("localhost in capitals", "LOCALHOST:5000", true),
                argumentSet("*.localhost (RFC 6761)", "registry.localhost:5000", true),
                argumentSet("127.0.0.1", "127.0.0.1", true),
                argumentSet("127.0.0.1 with port", "127.0.0.1:5000", true),
                argumentSet("elsewhere in 127/8", "127.1.2.3:5000", true),
                argumentSet("[::1]", "[::1]", true),
                argumentSet("[::1] with port", "[::1]:5000", true),
                argumentSet("::1 spelt out", "[0:0:0:0:0:0:0:1]:5000", true),
                argumentSet("::1 with leading zeros", "[0000::0001]", true),
                argumentSet("128.0.0.1", "128.0.0.1", false),
                argumentSet("octet over 255", "127.0.0.256", false),
                argumentSet("three octets", "127.0.0", false),
                argumentSet("RFC 1918 is not loopback", "10.0.0.1:5000", false),
                argumentSet("192.168", "192.168.1.10", false),
                argumentSet("[::2]", "[::2]", false),
                argumentSet("[1::1]", "[1::1]:5000", false),
                argumentSet("unspecified [::]", "[::]", false),
                argumentSet("[::1:0]", "[::1:0]", false),
                argumentSet("nine groups", "[0:0:0:0:0:0:0:0:1]", false),
                argumentSet("two gaps", "[::0::1]", false),
                argumentSet("localhost as a label", "localhost.example.com", false),
                argumentSet("localhost as a suffix", "mylocalhost:5000", false),
                argumentSet("127 in a name", "127.example.com", false),
                argumentSet("Docker Hub", "docker.io", false));
    }

    @ParameterizedTest
    @MethodSource("loopbackCases")
    void isLoopback_host_matchesInsecureRule(String name, boolean loopback) {
        assertThat(Registry.parse(name).isLoopback()).isEqualTo(loopback);
    }

    @ParameterizedTest
    @ValueSource(strings = {"host:1", "host:65535", "a", "a-b.c", "[fe80::1]", "[::1]:1", "Host"})
    void parse_boundaryCases_succeed(String name) {
        assertThat(Registry.parse(name).name()).isEqualTo(name);
    }

    static Stream<Arguments> malformedRegistries() {
        return Stream.of(
                argumentSet("empty", "", "registry host is empty"),
                argumentSet("port only", ":5000", "registry host is empty"),
                argumentSet("empty port", "host:", "registry port is empty"),
                argumentSet("port zero", "host:0", "registry port must be between 1 and 65535"),
                argumentSet("port over 65535", "host:65536", "registry port must be between 1 and 65535"),
                argumentSet("port of six digits", "host:000080", "registry port must be between 1 and 65535"),
                argumentSet("named port", "host:http", "registry port must be a number"),
                argumentSet("non-ASCII port digit", "host:\uff18\uff10", "registry port must be a number"),
                argumentSet("underscore", "my_host", "registry host may contain only letters, digits, '-' and '.'"),
                argumentSet("space", "my host", "registry host may contain only"),
                argumentSet("non-ASCII letter", "b\u00fccher.example", "registry host may contain only"),
                argumentSet("leading dash", "-host", "registry host labels must not start or end with '-'"),
                argumentSet("trailing dash", "host-.example", "registry host labels must not start or end with '-'"),
                argumentSet("trailing dot", "example.com.", "registry host has an empty label"),
                argumentSet("double dot", "example..com", "registry host has an empty label"),
                argumentSet("bare IPv6", "::1", "an IPv6 registry address must be enclosed in brackets"),
                argumentSet("unclosed bracket", "[::1", "IPv6 registry address is missing ']'"),
                argumentSet("empty brackets", "[]", "IPv6 registry address may contain only hex digits and ':'"),
                argumentSet("zone identifier", "[fe80::1%eth0]", "IPv6 registry address may contain only"),
                argumentSet("junk after bracket", "[::1]x", "IPv6 registry address must be followed by nothing"),
                argumentSet("bad port after bracket", "[::1]:x", "registry port must be a number"),
                argumentSet("too long", "a".repeat(256), "registry name is longer than 255 characters"));
    }

    @ParameterizedTest
    @MethodSource("malformedRegistries")
    void parse_malformed_fails(String text, String expectedCause) {
        assertThatExceptionOfType(InvalidReferenceException.class)
                .isThrownBy(() -> Registry.parse(text))
                .withMessageStartingWith("parse registry \"")
                .withMessageContaining("\": " + expectedCause);
    }

    @Test
    void parse_null_failsAsEmpty() {
        assertThatExceptionOfType(InvalidReferenceException.class)
                .isThrownBy(() -> Registry.parse(null))
                .withMessage("parse registry \"\": registry host is empty");
    }
}
