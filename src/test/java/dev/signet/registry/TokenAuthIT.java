package dev.signet.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.Reason;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.registry.auth.CredentialProvider;
import dev.signet.registry.auth.Credentials;
import dev.signet.registry.auth.StaticCredentialProvider;
import dev.signet.registry.transport.SocketTransport;
import dev.signet.registry.transport.RequestLog;
import dev.signet.testing.LocalRegistry;
import dev.signet.testing.TokenServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bearer-token auth against distribution's {@code auth.token} backend, with our {@link TokenServer} issuing JWTs
 * the registry verifies against the certificate bundle it was given.
 */
class TokenAuthIT {
    private static final String USER = "bob";
    private static final String PASSWORD = "token-password";
    private static final String REFRESH_TOKEN = "refresh-0123456789";
    private static TokenServer tokenServer;
    private static LocalRegistry registry;

    @BeforeAll
    static void start() {
        tokenServer = TokenServer.start(USER, PASSWORD, REFRESH_TOKEN, 300);
        registry = LocalRegistry.builder().tokenAuth(tokenServer).start();
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        if (tokenServer != null) {
            tokenServer.close();
        }
    }

    private static HttpRegistryClient client(Credentials credentials) {
        return new HttpRegistryClient(RegistryOptions.defaults(), StaticCredentialProvider.of(registry.registry(), credentials),
                new RequestLog(SocketTransport.create(RegistryOptions.DEFAULT_TIMEOUT)), duration -> { });
    }

    private static List<TokenServer.Request> tokenRequestsFor(Repository repository) {
        return tokenServer.requests().stream()
                .filter(r -> r.scopes().stream().anyMatch(s -> s.startsWith("repository:" + repository.path() + ":")))
                .toList();
    }

    @Test
    void pushAndPull_withToken_roundTrips() {
        HttpRegistryClient client = client(Credentials.basic(USER, PASSWORD));
        Repository repository = registry.uniqueRepository("token");
        TestImage image = TestImage.oci(1, 100);

        ImageReference pushed = image.push(client, repository, "v1");

        assertThat(client.getManifest(pushed).bytes()).isEqualTo(image.manifest().bytes());
        assertThat(client.getBlob(repository, image.layers().get(0).digest(), 100)).isEqualTo(image.blobs().get(image.layers().get(0)));
    }

    @Test
    void tokenCache_secondOperationOnSameScope_fetchesNoNewToken() {
        Repository repository = registry.uniqueRepository("cache");
        TestImage image = TestImage.oci(1, 10);
        image.push(client(Credentials.basic(USER, PASSWORD)), repository, "v1");
        HttpRegistryClient reader = client(Credentials.basic(USER, PASSWORD));
        int before = tokenRequestsFor(repository).size();

        reader.headManifest(ImageReference.parse(repository + ":v1"));
        reader.getManifest(ImageReference.parse(repository + ":v1"));
        reader.getBlob(repository, image.layers().get(0).digest(), 10);
        reader.listTags(repository);

        List<TokenServer.Request> fetched = tokenRequestsFor(repository).subList(before, tokenRequestsFor(repository).size());
        assertThat(fetched).extracting(TokenServer.Request::scopes)
                .containsExactly(List.of("repository:" + repository.path() + ":pull"));
    }

    @Test
    void tokenCache_pushAfterPull_fetchesOneTokenPerScope() {
        Repository repository = registry.uniqueRepository("scopes");
        HttpRegistryClient client = client(Credentials.basic(USER, PASSWORD));
        int before = tokenRequestsFor(repository).size();

        client.findManifest(ImageReference.parse(repository + ":v1"));
        TestImage.oci(2, 10).push(client, repository, "v1");
        client.findManifest(ImageReference.parse(repository + ":v1"));

        assertThat(tokenRequestsFor(repository).subList(before, tokenRequestsFor(repository).size()))
                .extracting(r -> r.scopes().get(0))
                .containsExactly("repository:" + repository.path() + ":pull", "repository:" + repository.path() + ":pull,push");
    }

    @Test
    void getManifest_wrongPassword_failsAtTokenServerWithoutRevealingIt() {
        String wrong = "not-the-password";
        Repository repository = registry.uniqueRepository("denied");
        HttpRegistryClient client = client(Credentials.basic(USER, wrong));

        assertThatThrownBy(() -> client.getManifest(ImageReference.parse(repository + ":v1")))
                .isInstanceOfSatisfying(RegistryAuthException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REGISTRY_UNAUTHORIZED))
                .hasMessage("fetch token for " + repository + " (repository:" + repository.path() + ":pull): token server "
                        + tokenServer.realm().getRawAuthority() + " answered 401; check credentials for " + registry.registry())
                .message().doesNotContain(wrong);
    }

    @Test
    void pull_withIdentityToken_usesOauthRefreshGrant() {
        Repository repository = registry.uniqueRepository("identity");
        TestImage.oci(1, 10).push(client(Credentials.basic(USER, PASSWORD)), repository, "v1");
        HttpRegistryClient client = client(Credentials.identityToken("", REFRESH_TOKEN));

        assertThat(client.headManifest(ImageReference.parse(repository + ":v1"))).isPresent();
        assertThat(tokenRequestsFor(repository)).last()
                .satisfies(r -> assertThat(r.method()).isEqualTo("POST"))
                .satisfies(r -> assertThat(r.granted()).isTrue());
    }

    @Test
    void pull_anonymouslyFromTokenRegistry_failsUnauthorized() {
        HttpRegistryClient client = new HttpRegistryClient(RegistryOptions.defaults(), CredentialProvider.anonymous(),
                SocketTransport.create(RegistryOptions.DEFAULT_TIMEOUT), duration -> { });
        Repository repository = registry.uniqueRepository("anonymous");

        assertThatThrownBy(() -> client.listTags(repository))
                .isInstanceOf(RegistryAuthException.class)
                .hasMessageStartingWith("fetch token for " + repository);
    }
}
