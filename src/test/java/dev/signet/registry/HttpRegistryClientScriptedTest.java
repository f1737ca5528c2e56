package dev.signet.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.Reason;
import dev.signet.json.Json;
import dev.signet.oci.Descriptor;
import dev.signet.oci.ImageIndex;
import dev.signet.oci.MediaTypes;
import dev.signet.oci.RawManifest;
import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.registry.auth.CredentialProvider;
import dev.signet.registry.auth.Credentials;
import dev.signet.registry.auth.StaticCredentialProvider;
import dev.signet.registry.transport.SocketTransport;
import dev.signet.testing.ScriptedServer.Answer;
import dev.signet.testing.ScriptedServer.Request;
import dev.signet.testing.ScriptedServer;
import dev.signet.testing.TestCertificate;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;


/**
 * Registry behaviour that distribution 2.8 cannot show (referrers API, pagination, redirects to storage, missing
 * headers, oversize answers), scripted on loopback servers: real HTTP, no mocked HTTP types.
 */
class HttpRegistryClientScriptedTest {
    private static final TestCertificate CERTIFICATE = TestCertificate.generate("signet scripted registry");
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    /** A registry that answers {@code /v2/} and hands everything else to {@code script}. */
    private static ScriptedServer registry(Function<Request, Answer> script) {
        return ScriptedServer.startTls(CERTIFICATE, request -> request.uri().getPath().equals("/v2/") ? Answer.of(200) : script.apply(request));
    }

    private static HttpRegistryClient client(CredentialProvider credentials) {
        return new HttpRegistryClient(RegistryOptions.defaults(), credentials,
                SocketTransport.create(RegistryOptions.DEFAULT_TIMEOUT, CERTIFICATE.trustingContext()), duration -> { });
    }

    private static HttpRegistryClient client() {
        return client(CredentialProvider.anonymous());
    }

    @Test
    void getBlob_redirectToStorageOnAnotherHost_followsWithoutCredentials() {
        byte[] blob = "layer bytes".getBytes(StandardCharsets.UTF_8);
        Digest digest = Descriptor.of("x", blob).digest();
        try (ScriptedServer storage = ScriptedServer.start(request -> new Answer(200, Map.of(), blob));
                ScriptedServer server = registry(request -> request.header("Authorization") == null
                        ? Answer.of(401, Map.of("WWW-Authenticate", "Basic realm=\"test\""), "")
                        : Answer.of(307, Map.of("Location", "http://localhost:" + storage.port() + "/storage/blob?sig=abc"), ""))) {
            Repository repository = Repository.of(server.registry(), "app");
            HttpRegistryClient client = client(StaticCredentialProvider.of(server.registry(), Credentials.basic("u", "p")));

            assertThat(client.getBlob(repository, digest, 100)).isEqualTo(blob);
            assertThat(server.requests()).last().satisfies(r -> assertThat(r.header("Authorization")).startsWith("Basic "));
            assertThat(storage.requests()).singleElement().satisfies(r -> {
                assertThat(r.uri().toString()).isEqualTo("/storage/blob?sig=abc");
                assertThat(r.header("Authorization")).isNull();
            });
        }
    }

    @Test
    void listTags_paginated_followsLinkToTheLastPage() {
        try (ScriptedServer server = registry(request -> request.uri().getQuery() == null
                ? Answer.of(200, Map.of("Content-Type", "application/json", "Link", "</v2/app/tags/list?last=b&n=2>; rel=\"next\""),
                        "{\"name\":\"app\",\"tags\":[\"a\",\"b\"]}")
                : Answer.of(200, JSON, "{\"name\":\"app\",\"tags\":[\"c\"]}"))) {
            assertThat(client().listTags(Repository.of(server.registry(), "app"))).containsExactly("a", "b", "c");
            assertThat(server.requests()).last().satisfies(r -> assertThat(r.uri().getQuery()).isEqualTo("last=b&n=2"));
        }
    }

    @Test
    void listTags_nextPageOnAnotherHost_isRefused() {
        try (ScriptedServer server = registry(request -> Answer.of(200,
                Map.of("Content-Type", "application/json", "Link", "<https://elsewhere.example/v2/app/tags/list?last=a>; rel=\"next\""),
                "{\"tags\":[\"a\"]}"))) {
            Repository repository = Repository.of(server.registry(), "app");

            assertThatThrownBy(() -> client().listTags(repository))
                    .hasMessage("list tags of " + repository + ": the registry's next page is on another host");
        }
    }

    @Test
    void listTags_endlessPagination_stopsAtTheBound() {
        try (ScriptedServer server = registry(request -> Answer.of(200,
                Map.of("Content-Type", "application/json", "Link", "</v2/app/tags/list?last=x>; rel=\"next\""), "{\"tags\":[\"x\"]}"))) {
            Repository repository = Repository.of(server.registry(), "app");

            assertThatThrownBy(() -> client().listTags(repository))
                    .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REGISTRY_PROTOCOL))
                    .hasMessage("list tags of " + repository + ": the registry answered more than 100 pages");
        }
    }

    @Test
    void referrers_registryWithApi_usesItFiltersAndSkipsTheFallbackTag() {
        Digest subject = Descriptor.of("x", new byte[] {1}).digest();
        Descriptor sbom = Descriptor.of(MediaTypes.OCI_MANIFEST, new byte[] {2}).withArtifactType("application/spdx+json");
        Descriptor bundle = Descriptor.of(MediaTypes.OCI_MANIFEST, new byte[] {3}).withArtifactType(MediaTypes.SIGSTORE_BUNDLE_V03);
        String index = new String(Json.write(ImageIndex.of(List.of(sbom, bundle))), StandardCharsets.UTF_8);
        try (ScriptedServer server = registry(request -> request.uri().getPath().contains("/referrers/")
                ? Answer.of(200, Map.of("Content-Type", MediaTypes.OCI_INDEX), index)
                : Answer.of(500))) {
            Repository repository = Repository.of(server.registry(), "app");
            HttpRegistryClient client = client();

            ImageIndex bundles = client.referrers(repository, subject, MediaTypes.SIGSTORE_BUNDLE_V03);
            client.addReferrer(repository, subject, bundle);

            assertThat(bundles.manifests()).containsExactly(bundle);
            assertThat(server.requests()).filteredOn(r -> !r.uri().getPath().equals("/v2/"))
                    .extracting(r -> r.method() + " " + r.uri())
                    .containsExactly(
                            "GET /v2/app/referrers/" + subject + "?artifactType=application%2Fvnd.dev.sigstore.bundle.v0.3%2Bjson",
                            "GET /v2/app/referrers/" + subject);
        }
    }

    @Test
    void referrers_endlessPages_areReadUpToTheCallersAllowanceAndReportedCut() {
        Digest subject = Descriptor.of("x", new byte[] {1}).digest();
        Descriptor bundle = Descriptor.of(MediaTypes.OCI_MANIFEST, new byte[] {3}).withArtifactType(MediaTypes.SIGSTORE_BUNDLE_V03);
        String page = new String(Json.write(ImageIndex.of(List.of(bundle))), StandardCharsets.UTF_8);
        try (ScriptedServer server = registry(request -> Answer.of(200, Map.of("Content-Type", MediaTypes.OCI_INDEX,
                "Link", "</v2/app/referrers/" + subject + "?next=1>; rel=\"next\""), page))) {
            Repository repository = Repository.of(server.registry(), "app");
            HttpRegistryClient client = client();

            ReferrerListing listing = client.referrers(repository, subject, MediaTypes.SIGSTORE_BUNDLE_V03, 3);

            assertThat(listing.complete()).isFalse();
            assertThat(listing.requests()).isEqualTo(3);
            assertThat(listing.bytes()).isEqualTo(3L * page.length());
            assertThat(listing.manifests()).containsExactly(bundle, bundle, bundle);
            assertThat(server.requests()).filteredOn(r -> r.uri().getPath().contains("/referrers/")).hasSize(3);
            assertThatThrownBy(() -> client.referrers(repository, subject, MediaTypes.SIGSTORE_BUNDLE_V03))
                    .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REGISTRY_PROTOCOL))
                    .hasMessage("list referrers of " + repository + "@" + subject + ": the registry answered more than 100 pages");
        }
    }

    @Test
    void referrers_registryWithoutApi_isAskedOnceThenReadThroughTheFallbackTag_untilTheRecheck() {
        Digest first = Descriptor.of("x", new byte[] {1}).digest();
        Digest second = Descriptor.of("x", new byte[] {2}).digest();
        AtomicLong now = new AtomicLong();
        try (ScriptedServer server = registry(request -> Answer.of(404, JSON, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}"))) {
            Repository repository = Repository.of(server.registry(), "app");
            HttpRegistryClient client = new HttpRegistryClient(RegistryOptions.defaults(), CredentialProvider.anonymous(),
                    SocketTransport.create(RegistryOptions.DEFAULT_TIMEOUT, CERTIFICATE.trustingContext()), duration -> { }, now::get);

            client.referrers(repository, first, null);
            client.referrers(repository, second, MediaTypes.SIGSTORE_BUNDLE_V03);
            now.addAndGet(Referrers.RECHECK_API.toNanos());
            client.referrers(repository, second, null);

            assertThat(server.requests()).filteredOn(r -> !r.uri().getPath().equals("/v2/"))
                    .extracting(r -> r.method() + " " + r.uri().getPath())
                    .containsExactly(
                            "GET /v2/app/referrers/" + first,
                            "GET /v2/app/manifests/sha256-" + first.hex(),
                            "GET /v2/app/manifests/sha256-" + second.hex(),
                            "GET /v2/app/referrers/" + second,
                            "GET /v2/app/manifests/sha256-" + second.hex());
        }
    }

    @Test
    void headManifest_answerWithoutDigestHeader_fallsBackToGet() {
        byte[] manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}"
                .getBytes(StandardCharsets.UTF_8);
        try (ScriptedServer server = registry(request -> new Answer(200, Map.of("Content-Type", MediaTypes.OCI_INDEX), manifest))) {
            ImageReference reference = ImageReference.parse(server.registry() + "/app:v1");

            Descriptor descriptor = client().headManifest(reference).orElseThrow();

            assertThat(descriptor).isEqualTo(RawManifest.of(manifest, MediaTypes.OCI_INDEX).descriptor());
            assertThat(server.requests()).extracting(Request::method).containsExactly("GET", "HEAD", "GET");
        }
    }

    @Test
    void getManifest_withoutContentType_takesTheDocumentsMediaType() {
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST_LIST + "\",\"manifests\":[]}")
                .getBytes(StandardCharsets.UTF_8);
        try (ScriptedServer server = registry(request -> new Answer(200, Map.of(), manifest))) {
            RawManifest fetched = client().getManifest(ImageReference.parse(server.registry() + "/app:v1"));

            assertThat(fetched.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
        }
    }

    @Test
    void getManifest_largerThanFourMebibytes_isRefusedWhetherDeclaredOrNot() {
        byte[] huge = new byte[ManifestGet.MAX_BYTES + 1];
        try (ScriptedServer server = registry(request -> new Answer(200, Map.of("Content-Type", MediaTypes.OCI_MANIFEST), huge));
                ScriptedServer chunked = registry(request -> {
                    // a registry that does not declare its length: the bound must hold on the bytes themselves
                    return new Answer(200, Map.of("Content-Type", MediaTypes.OCI_MANIFEST, "Transfer-Encoding", "chunked"), huge);
                })) {
            ImageReference declared = ImageReference.parse(server.registry() + "/app:v1");

            assertThatThrownBy(() -> client().getManifest(declared))
                    .hasMessage("fetch manifest " + declared + ": the manifest is 4194305 bytes, more than the limit of 4194304");
            ImageReference undeclared = ImageReference.parse(chunked.registry() + "/app:v1");
            assertThatThrownBy(() -> client().getManifest(undeclared))
                    .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REGISTRY_PROTOCOL))
                    .hasMessage("fetch manifest " + undeclared + ": the registry's answer is larger than the limit of 4194304 bytes");
        }
    }

    @Test
    void putManifest_registryAnnouncesOtherDigest_isRefused() {
        RawManifest manifest = RawManifest.of("{\"schemaVersion\":2,\"manifests\":[]}".getBytes(StandardCharsets.UTF_8), MediaTypes.OCI_INDEX);
        Digest other = Descriptor.of("x", new byte[] {9}).digest();
        try (ScriptedServer server = registry(request -> Answer.of(201, Map.of("Docker-Content-Digest", other.toString()), ""))) {
            ImageReference reference = ImageReference.parse(server.registry() + "/app:v1");

            assertThatThrownBy(() -> client().putManifest(reference, manifest))
                    .hasMessage("push manifest " + reference + ": the registry stored the manifest as " + other
                            + ", not as " + manifest.digest() + "; it must have changed the bytes");
        }
    }

    @Test
    void getManifest_403_isDeniedWithTheMissingAccess() {
        try (ScriptedServer server = registry(request -> Answer.of(403, JSON,
                "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"requested access to the resource is denied\",\"detail\":\"echo\"}]}"))) {
            ImageReference reference = ImageReference.parse(server.registry() + "/team/app:v1");

            assertThatThrownBy(() -> client().getManifest(reference))
                    .isInstanceOfSatisfying(RegistryAuthException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REGISTRY_DENIED))
                    .hasMessage("fetch manifest " + reference + ": registry answered 403 DENIED (requested access to the resource is denied)"
                            + "; anonymous pull access to " + server.registry() + "/team/app is denied; configure credentials for "
                            + server.registry());
            HttpRegistryClient withCredentials = client(StaticCredentialProvider.of(server.registry(), Credentials.basic("u", "p")));
            assertThatThrownBy(() -> withCredentials.getManifest(reference))
                    .hasMessageEndingWith("; the credentials used for " + server.registry() + " lack pull access to "
                            + server.registry() + "/team/app");
        }
    }

    @Test
    void getManifest_500WithHtmlBody_isTransientWithoutCodes() {
        try (ScriptedServer server = registry(request -> Answer.of(500, Map.of("Content-Type", "text/html"), "<html>oops</html>"))) {
            ImageReference reference = ImageReference.parse(server.registry() + "/app:v1");

            assertThatThrownBy(() -> client().getManifest(reference))
                    .isInstanceOfSatisfying(RegistryUnavailableException.class, e -> {
                        assertThat(e.isTransient()).isTrue();
                        assertThat(e.codes()).isEmpty();
                    })
                    .hasMessage("fetch manifest " + reference + ": registry answered 500; the registry failed; gave up after 3 retries");
            // the ping, then the GET and its three retries: a 500 may be a read racing a write (see RetryTransport)
            assertThat(server.requests()).hasSize(5);
        }
    }

    @Test
    void bearerChallenge_plainHttpRealmOnAnotherHost_isNotSentCredentials() {
        try (ScriptedServer server = registry(request -> Answer.of(401,
                Map.of("WWW-Authenticate", "Bearer realm=\"http://token.example/token\",service=\"svc\""), ""))) {
            ImageReference reference = ImageReference.parse(server.registry() + "/app:v1");
            HttpRegistryClient client = client(StaticCredentialProvider.of(server.registry(), Credentials.basic("u", "secret")));

            assertThatThrownBy(() -> client.getManifest(reference))
                    .isInstanceOfSatisfying(RegistryAuthException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REGISTRY_DENIED))
                    .hasMessage("fetch token for " + server.registry() + "/app (repository:app:pull): the token realm token.example "
                            + "is plain http, so credentials would travel unencrypted; serve the token endpoint over https or list "
                            + "its host as insecure");
        }
    }

    @Test
    void bearerToken_rejectedLater_isReplacedOnce() {
        AtomicInteger issued = new AtomicInteger();
        try (ScriptedServer tokens = ScriptedServer.start(request -> Answer.of(200, JSON,
                        "{\"token\":\"t" + issued.incrementAndGet() + "\",\"expires_in\":300}"));
                ScriptedServer server = registry(request -> "Bearer t2".equals(request.header("Authorization"))
                        ? Answer.of(404, JSON, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}")
                        : Answer.of(401, Map.of("WWW-Authenticate", "Bearer realm=\"http://127.0.0.1:" + tokens.port()
                                + "/token\",service=\"svc\",error=\"invalid_token\""), ""))) {
            ImageReference reference = ImageReference.parse(server.registry() + "/app:v1");
            HttpRegistryClient client = client();

            // t1 is issued and refused; one answer to a challenge per request, so this request fails
            assertThatThrownBy(() -> client.getManifest(reference)).isInstanceOf(RegistryAuthException.class);
            // the cached t1 is refused again, dropped, and t2 is fetched and accepted
            assertThat(client.findManifest(reference)).isEmpty();
            assertThat(issued).hasValue(2);
        }
    }

    @Test
    void plainHttpServerSilentOnTlsHello_fallsBackAfterOnePingAndOnePlainProbe() {
        try (ScriptedServer server = ScriptedServer.start(request -> request.uri().getPath().equals("/v2/") ? Answer.of(200) : Answer.of(404))) {
            RegistryOptions options = RegistryOptions.defaults().withRequestTimeout(Duration.ofMillis(500));
            HttpRegistryClient client = new HttpRegistryClient(options, CredentialProvider.anonymous(),
                    SocketTransport.create(options.requestTimeout()), duration -> { });

            assertThat(client.findManifest(ImageReference.parse(server.registry() + "/app:v1"))).isEmpty();
            assertThat(client.findManifest(ImageReference.parse(server.registry() + "/app:v2"))).isEmpty();
            assertThat(server.requests()).extracting(r -> r.method() + " " + r.uri().getPath())
                    .containsExactly("GET /v2/", "GET /v2/app/manifests/v1", "GET /v2/app/manifests/v2");
        }
    }

    @Test
    void putBlob_registryTakingMonolithicUploads_storesASmallBlobInOneRequest() {
        byte[] blob = "signature payload".getBytes(StandardCharsets.UTF_8);
        Digest digest = Descriptor.of("x", blob).digest();
        try (ScriptedServer server = registry(request -> Answer.of(201, Map.of("Location", "/v2/app/blobs/" + digest), ""))) {
            HttpRegistryClient client = client();

            client.putBlob(Repository.of(server.registry(), "app"), digest, blob);
            client.putBlob(Repository.of(server.registry(), "app"), digest, blob);

            assertThat(server.requests()).filteredOn(r -> !r.uri().getPath().equals("/v2/")).hasSize(2).allSatisfy(r -> {
                assertThat(r.method() + " " + r.uri()).isEqualTo("POST /v2/app/blobs/uploads/?digest=" + digest);
                assertThat(r.body()).isEqualTo(blob);
            });
        }
    }

    @Test
    void putBlob_registryDecliningMonolithicUploads_getsThePut_andEmptyPostsUntilTheRecheck() {
        byte[] blob = "signature payload".getBytes(StandardCharsets.UTF_8);
        Digest digest = Descriptor.of("x", blob).digest();
        AtomicLong now = new AtomicLong();
        try (ScriptedServer server = registry(request -> request.method().equals("POST")
                ? Answer.of(202, Map.of("Location", "/v2/app/blobs/uploads/u1?_state=s"), "")
                : Answer.of(201))) {
            Repository repository = Repository.of(server.registry(), "app");
            HttpRegistryClient client = new HttpRegistryClient(RegistryOptions.defaults(), CredentialProvider.anonymous(),
                    SocketTransport.create(RegistryOptions.DEFAULT_TIMEOUT, CERTIFICATE.trustingContext()), duration -> { }, now::get);

            client.putBlob(repository, digest, blob);
            client.putBlob(repository, digest, blob);
            now.addAndGet(BlobUploads.RECHECK.toNanos());
            client.putBlob(repository, digest, blob);

            List<Request> uploads = server.requests().stream().filter(r -> !r.uri().getPath().equals("/v2/")).toList();
            assertThat(uploads).extracting(r -> r.method() + " " + r.uri() + " " + r.body().length).containsExactly(
                    "POST /v2/app/blobs/uploads/?digest=" + digest + " " + blob.length,
                    "PUT /v2/app/blobs/uploads/u1?_state=s&digest=" + digest + " " + blob.length,
                    "POST /v2/app/blobs/uploads/ 0",
                    "PUT /v2/app/blobs/uploads/u1?_state=s&digest=" + digest + " " + blob.length,
                    "POST /v2/app/blobs/uploads/?digest=" + digest + " " + blob.length,
                    "PUT /v2/app/blobs/uploads/u1?_state=s&digest=" + digest + " " + blob.length);
        }
    }

    @Test
    void putBlob_largeBlob_isNeverOfferedMonolithically() {
        byte[] blob = new byte[BlobUploads.MONOLITHIC_BYTES + 1];
        Digest digest = Descriptor.of("x", blob).digest();
        try (ScriptedServer server = registry(request -> switch (request.method()) {
            case "HEAD" -> Answer.of(404);
            case "POST" -> Answer.of(202, Map.of("Location", "/v2/app/blobs/uploads/u1"), "");
            default -> Answer.of(201);
        })) {
            client().putBlob(Repository.of(server.registry(), "app"), digest, blob);

            assertThat(server.requests()).filteredOn(r -> !r.uri().getPath().equals("/v2/"))
                    .extracting(r -> r.method() + " " + r.uri() + " " + r.body().length).containsExactly(
                            "HEAD /v2/app/blobs/" + digest + " 0",
                            "POST /v2/app/blobs/uploads/ 0",
                            "PUT /v2/app/blobs/uploads/u1?digest=" + digest + " " + blob.length);
        }
    }
}
