package dev.signet.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.signet.Reason;
import dev.signet.oci.Descriptor;
import dev.signet.oci.MediaTypes;
import dev.signet.oci.RawManifest;
import dev.signet.reference.Digest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.registry.auth.CredentialProvider;
import dev.signet.registry.transport.SocketTransport;
import dev.signet.registry.transport.RequestLog;
import dev.signet.registry.transport.Transport;
import dev.signet.testing.LocalRegistry;
import dev.signet.testing.LocalRegistryExtension;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;


/** {@link HttpRegistryClient} against the real distribution registry, anonymous and over plain HTTP on loopback. */
@ExtendWith(LocalRegistryExtension.class)
class HttpRegistryClientIT {
    private final LocalRegistry registry;
    private final RequestLog log = new RequestLog(SocketTransport.create(RegistryOptions.DEFAULT_TIMEOUT));
    private final HttpRegistryClient client;

    HttpRegistryClientIT(LocalRegistry registry) {
        this.registry = registry;
        this.client = client(log);
    }

    private static HttpRegistryClient client(Transport wire) {
        return new HttpRegistryClient(RegistryOptions.defaults(), CredentialProvider.anonymous(), wire, duration -> { });
    }

    @Test
    void putAndGet_ociImage_roundTripsExactBytes() {
        Repository repository = registry.uniqueRepository("oci");
        TestImage image = TestImage.oci(2, 1024);

        ImageReference pushed = image.push(client, repository, "v1");
        RawManifest byTag = client.getManifest(ImageReference.parse(repository + ":v1"));
        RawManifest byDigest = client.getManifest(pushed);

        assertThat(byTag.bytes()).isEqualTo(image.manifest().bytes());
        assertThat(byTag.digest()).isEqualTo(image.manifest().digest());
        assertThat(byTag.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(byDigest).isEqualTo(byTag);
        for (Descriptor layer : image.layers()) {
            assertThat(client.getBlob(repository, layer.digest(), 4096)).isEqualTo(image.blobs().get(layer));
        }
    }

    @Test
    void putAndGet_dockerImage_keepsDockerMediaType() {
        Repository repository = registry.uniqueRepository("docker");
        TestImage image = TestImage.docker(1, 100);

        image.push(client, repository, "latest");

        RawManifest fetched = client.getManifest(ImageReference.parse(repository + ":latest"));
        assertThat(fetched.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
        assertThat(fetched.bytes()).isEqualTo(image.manifest().bytes());
    }

    @Test
    void putAndGet_indexAndManifestList_roundTrip() {
        Repository repository = registry.uniqueRepository("multi");
        TestImage amd64 = TestImage.oci(1, 10);
        TestImage arm64 = TestImage.oci(1, 10);
        amd64.push(client, repository, "amd64");
        arm64.push(client, repository, "arm64");
        RawManifest index = TestImage.index(MediaTypes.OCI_INDEX, List.of(amd64, arm64));
        TestImage dockerAmd64 = TestImage.docker(1, 10);
        dockerAmd64.push(client, repository, "docker-amd64");
        RawManifest list = TestImage.index(MediaTypes.DOCKER_MANIFEST_LIST, List.of(dockerAmd64));

        Digest indexDigest = client.putManifest(ImageReference.parse(repository + ":multi"), index);
        client.putManifest(ImageReference.of(repository, list.digest()), list);

        RawManifest fetchedIndex = client.getManifest(ImageReference.parse(repository + ":multi"));
        assertThat(indexDigest).isEqualTo(index.digest());
        assertThat(fetchedIndex.isIndex()).isTrue();
        assertThat(fetchedIndex.mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
        assertThat(fetchedIndex.asImageIndex().manifests()).extracting(Descriptor::digest)
                .containsExactly(amd64.manifest().digest(), arm64.manifest().digest());
        RawManifest fetchedList = client.getManifest(ImageReference.of(repository, list.digest()));
        assertThat(fetchedList.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
        assertThat(fetchedList.bytes()).isEqualTo(list.bytes());
    }

    @Test
    void headManifest_byTag_describesStoredManifest() {
        Repository repository = registry.uniqueRepository("head");
        TestImage image = TestImage.oci(1, 10);
        image.push(client, repository, "v1");

        assertThat(client.headManifest(ImageReference.parse(repository + ":v1"))).contains(image.manifest().descriptor());
        assertThat(client.headManifest(ImageReference.of(repository, image.manifest().digest())))
                .contains(image.manifest().descriptor());
    }

    @Test
    void headAndFindManifest_missingTag_areEmpty() {
        Repository repository = registry.uniqueRepository("absent");
        TestImage.oci(1, 10).push(client, repository, "present");
        ImageReference missing = ImageReference.parse(repository + ":missing");

        assertThat(client.headManifest(missing)).isEmpty();
        assertThat(client.findManifest(missing)).isEmpty();
        assertThat(client.findManifest(ImageReference.parse(registry.uniqueRepository("never") + ":v1"))).isEmpty();
    }

    @Test
    void getManifest_missingTag_throwsNotFoundNamingTheReference() {
        Repository repository = registry.uniqueRepository("absent");
        TestImage.oci(1, 10).push(client, repository, "present");
        ImageReference missing = ImageReference.parse(repository + ":missing");

        assertThatThrownBy(() -> client.getManifest(missing))
                .isInstanceOfSatisfying(ArtifactNotFoundException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.REGISTRY_NOT_FOUND);
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.codes()).extracting(RegistryErrorCode::code).containsExactly("MANIFEST_UNKNOWN");
                    assertThat(e.isTransient()).isFalse();
                })
                .hasMessage("fetch manifest " + missing + ": registry answered 404 MANIFEST_UNKNOWN (manifest unknown)");
    }

    @Test
    void getBlob_missing_throwsNotFoundAndBlobExistsIsFalse() {
        Repository repository = registry.uniqueRepository("blobs");
        TestImage image = TestImage.oci(1, 10);
        image.push(client, repository, "v1");
        Digest absent = Descriptor.of("x", TestImage.random(5)).digest();

        assertThat(client.blobExists(repository, image.layers().get(0).digest())).isTrue();
        assertThat(client.blobExists(repository, absent)).isFalse();
        assertThatThrownBy(() -> client.getBlob(repository, absent, 100))
                .isInstanceOf(ArtifactNotFoundException.class)
                .hasMessage("fetch blob " + repository + "@" + absent + ": registry answered 404 BLOB_UNKNOWN (blob unknown to registry)");
    }

    @Test
    void getBlob_largerThanMaxBytes_failsWithTheLimit() {
        Repository repository = registry.uniqueRepository("bounded");
        TestImage image = TestImage.oci(1, 1000);
        image.push(client, repository, "v1");
        Digest layer = image.layers().get(0).digest();

        assertThatThrownBy(() -> client.getBlob(repository, layer, 999))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REGISTRY_PROTOCOL))
                .hasMessage("fetch blob " + repository + "@" + layer + ": the blob is 1000 bytes, more than the limit of 999");
        assertThat(client.getBlob(repository, layer, 1000)).hasSize(1000);
    }

    @Test
    void getBlob_corruptedInTransit_failsDigestCheck() {
        Repository repository = registry.uniqueRepository("corrupt");
        TestImage image = TestImage.oci(1, 100);
        image.push(client, repository, "v1");
        Digest layer = image.layers().get(0).digest();
        HttpRegistryClient lied = client(new CorruptingTransport(SocketTransport.create(RegistryOptions.DEFAULT_TIMEOUT),
                path -> path.contains("/blobs/")));

        assertThatThrownBy(() -> lied.getBlob(repository, layer, 1000))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REGISTRY_PROTOCOL))
                .hasMessageStartingWith("fetch blob " + repository + "@" + layer + ": the registry's bytes hash to sha256:")
                .hasMessageEndingWith(", not to the digest asked for");
    }

    @Test
    void getManifest_corruptedInTransit_failsByDigestAndByTag() {
        Repository repository = registry.uniqueRepository("corrupt");
        TestImage image = TestImage.oci(1, 100);
        ImageReference byDigest = image.push(client, repository, "v1");
        HttpRegistryClient lied = client(new CorruptingTransport(SocketTransport.create(RegistryOptions.DEFAULT_TIMEOUT),
                path -> path.contains("/manifests/")));

        assertThatThrownBy(() -> lied.getManifest(byDigest))
                .hasMessageContaining("the registry's bytes hash to");
        // by tag the digest is computed, so the only check left is the registry's own Docker-Content-Digest
        assertThatThrownBy(() -> lied.getManifest(ImageReference.parse(repository + ":v1")))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REGISTRY_PROTOCOL))
                .hasMessageContaining("the registry announced " + image.manifest().digest() + " but its bytes hash to");
    }

    @Test
    void putBlob_largeBlobAlreadyPresent_onlyChecks() {
        Repository repository = registry.uniqueRepository("dedupe");
        TestImage image = TestImage.oci(1, HttpRegistryClient.SMALL_BLOB_BYTES + 1);
        image.push(client, repository, "v1");
        Descriptor layer = image.layers().get(0);
        log.clear();

        client.putBlob(repository, layer.digest(), image.blobs().get(layer));

        assertThat(log.exchanges()).extracting(RequestLog.Exchange::method, RequestLog.Exchange::kind)
                .containsExactly(tuple("HEAD", RequestLog.Kind.BLOB));
    }

    @Test
    void putBlob_smallBlob_isUploadedWithoutAskingFirst() {
        Repository repository = registry.uniqueRepository("small");
        TestImage image = TestImage.oci(1, 100);
        image.push(client, repository, "v1");
        Descriptor layer = image.layers().get(0);
        log.clear();

        client.putBlob(repository, layer.digest(), image.blobs().get(layer));

        assertThat(log.exchanges()).extracting(RequestLog.Exchange::method, RequestLog.Exchange::kind)
                .containsExactly(tuple("POST", RequestLog.Kind.BLOB_UPLOAD), tuple("PUT", RequestLog.Kind.BLOB_UPLOAD));
        assertThat(client.getBlob(repository, layer.digest(), 1024)).isEqualTo(image.blobs().get(layer));
    }

    @Test
    void putBlob_distributionDeclinesMonolithicUpload_sendsThePutOnce_thenEmptyPosts() {
        Repository repository = registry.uniqueRepository("monolithic");
        byte[] first = "first payload".getBytes(StandardCharsets.UTF_8);
        byte[] second = "second payload".getBytes(StandardCharsets.UTF_8);
        List<String> uploads = new CopyOnWriteArrayList<>();
        HttpRegistryClient recorded = client(request -> {
            if (request.uri().getPath().contains("/blobs/uploads/")) {
                uploads.add(request.method() + (request.uri().getRawQuery() != null && request.uri().getRawQuery().contains("digest=") ? " digest" : "")
                        + " " + request.bodyPublisher().map(HttpRequest.BodyPublisher::contentLength).orElse(0L));
            }
            return log.send(request);
        });

        recorded.putBlob(repository, Descriptor.of("x", first).digest(), first);
        recorded.putBlob(repository, Descriptor.of("x", second).digest(), second);

        // distribution 2.8 answers a single-POST upload with a session (202), so the bytes go again in the PUT, once
        assertThat(uploads).containsExactly("POST digest " + first.length, "PUT digest " + first.length, "POST 0", "PUT digest " + second.length);
        assertThat(log.exchanges()).filteredOn(exchange -> exchange.kind() == RequestLog.Kind.BLOB_UPLOAD).extracting(RequestLog.Exchange::status)
                .containsExactly(202, 201, 202, 201);
        assertThat(client.getBlob(repository, Descriptor.of("x", first).digest(), 1024)).isEqualTo(first);
        assertThat(client.getBlob(repository, Descriptor.of("x", second).digest(), 1024)).isEqualTo(second);
    }

    @Test
    void verification_ofOneImage_staysWithinRequestBudget() {
        Repository repository = registry.uniqueRepository("budget");
        TestImage image = TestImage.oci(2, 50);
        ImageReference pushed = image.push(client, repository, "v1");
        TestImage signature = TestImage.oci(2, 20);
        signature.push(client, repository, "sha256-" + pushed.digest().orElseThrow().hex() + ".sig");
        client.headManifest(ImageReference.parse(repository + ":warm-up"));
        log.clear();

        // what a verifier does: resolve, fetch the signature manifest, fetch each signature layer
        Descriptor resolved = client.headManifest(ImageReference.parse(repository + ":v1")).orElseThrow();
        RawManifest sig = client.findManifest(ImageReference.parse(repository + ":sha256-" + resolved.digest().hex() + ".sig"))
                .orElseThrow();
        sig.asImageManifest().layers().forEach(layer -> client.getBlob(repository, layer.digest(), 1024));

        assertThat(log.count("HEAD", RequestLog.Kind.MANIFEST)).isEqualTo(1);
        assertThat(log.count("GET", RequestLog.Kind.MANIFEST)).isEqualTo(1);
        assertThat(log.count("GET", RequestLog.Kind.BLOB)).isEqualTo(2);
        assertThat(log.exchanges()).hasSize(4);
    }

    @Test
    void loopbackRegistry_overPlainHttp_fallsBackOnceAndRemembers() {
        Repository repository = registry.uniqueRepository("fallback");
        RequestLog fresh = new RequestLog(SocketTransport.create(RegistryOptions.DEFAULT_TIMEOUT));
        HttpRegistryClient newClient = client(fresh);

        newClient.headManifest(ImageReference.parse(repository + ":a"));
        newClient.headManifest(ImageReference.parse(repository + ":b"));
        newClient.findManifest(ImageReference.parse(repository + ":c"));

        assertThat(fresh.exchanges()).extracting(e -> e.uri().getScheme() + " " + e.status())
                .containsExactly("https 0", "http 200", "http 404", "http 404", "http 404");
        // the https attempt is the one-off ping of /v2/; distribution answers the TLS hello with a plain 400, which fails at
        // once; one plain-HTTP probe of /v2/ then shows a registry answering there, and http is remembered (SchemePolicy)
        assertThat(fresh.exchanges()).extracting(e -> e.method() + " " + e.kind())
                .containsExactly("GET PING", "GET PING", "HEAD MANIFEST", "HEAD MANIFEST", "GET MANIFEST");
    }

    @Test
    void listTags_returnsEveryPushedTag() {
        Repository repository = registry.uniqueRepository("tags");
        TestImage image = TestImage.oci(1, 10);
        for (String tag : List.of("v1", "v2", "latest")) {
            image.push(client, repository, tag);
        }

        assertThat(client.listTags(repository)).containsExactlyInAnyOrder("v1", "v2", "latest");
    }

    @Test
    void listTags_unknownRepository_throwsNotFound() {
        Repository repository = registry.uniqueRepository("nothing");

        assertThatThrownBy(() -> client.listTags(repository))
                .isInstanceOf(ArtifactNotFoundException.class)
                .hasMessage("list tags of " + repository + ": registry answered 404 NAME_UNKNOWN (repository name not known to registry)");
    }

    @Test
    void addReferrer_onRegistryWithoutReferrersApi_maintainsFallbackTag() {
        Repository repository = registry.uniqueRepository("referrers");
        TestImage subject = TestImage.oci(1, 10);
        ImageReference subjectReference = subject.push(client, repository, "v1");
        Digest subjectDigest = subjectReference.digest().orElseThrow();
        TestImage sbom = TestImage.artifact("application/spdx+json", subject.manifest().descriptor());
        TestImage bundle = TestImage.artifact(MediaTypes.SIGSTORE_BUNDLE_V03, subject.manifest().descriptor());
        Descriptor sbomDescriptor = sbom.manifest().descriptor().withArtifactType("application/spdx+json");
        Descriptor bundleDescriptor = bundle.manifest().descriptor().withArtifactType(MediaTypes.SIGSTORE_BUNDLE_V03);
        for (TestImage artifact : List.of(sbom, bundle)) {
            artifact.blobs().forEach((d, bytes) -> client.putBlob(repository, d.digest(), bytes));
            client.putManifest(ImageReference.of(repository, artifact.manifest().digest()), artifact.manifest());
        }

        assertThat(client.referrers(repository, subjectDigest, null).manifests()).isEmpty();
        client.addReferrer(repository, subjectDigest, sbomDescriptor);
        client.addReferrer(repository, subjectDigest, bundleDescriptor);
        client.addReferrer(repository, subjectDigest, bundleDescriptor);

        assertThat(client.referrers(repository, subjectDigest, null).manifests())
                .containsExactly(sbomDescriptor, bundleDescriptor);
        assertThat(client.referrers(repository, subjectDigest, MediaTypes.SIGSTORE_BUNDLE_V03).manifests())
                .containsExactly(bundleDescriptor);
        RawManifest fallback = client.getManifest(ImageReference.parse(repository + ":sha256-" + subjectDigest.hex()));
        assertThat(fallback.mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
        assertThat(client.listTags(repository)).containsExactlyInAnyOrder("v1", "sha256-" + subjectDigest.hex());
    }

    @Test
    void putManifest_byDigest_isFetchableByDigestOnly() {
        Repository repository = registry.uniqueRepository("bydigest");
        TestImage image = TestImage.oci(1, 10);
        image.blobs().forEach((d, bytes) -> client.putBlob(repository, d.digest(), bytes));
        ImageReference byDigest = ImageReference.of(repository, image.manifest().digest());

        assertThat(client.putManifest(byDigest, image.manifest())).isEqualTo(image.manifest().digest());
        assertThat(client.getManifest(byDigest).bytes()).isEqualTo(image.manifest().bytes());
        // distribution knows a repository by its tags: with none, tags/list answers NAME_UNKNOWN
        assertThatThrownBy(() -> client.listTags(repository)).isInstanceOf(ArtifactNotFoundException.class);
    }

    @Test
    void putManifest_missingBlobs_failsWithRegistryCodes() {
        Repository repository = registry.uniqueRepository("incomplete");
        TestImage image = TestImage.oci(1, 10);
        ImageReference reference = ImageReference.parse(repository + ":v1");

        assertThatThrownBy(() -> client.putManifest(reference, image.manifest()))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.codes()).extracting(RegistryErrorCode::code).contains("MANIFEST_BLOB_UNKNOWN");
                })
                .hasMessageStartingWith("push manifest " + reference + ": registry answered 400 MANIFEST_BLOB_UNKNOWN");
    }
}
