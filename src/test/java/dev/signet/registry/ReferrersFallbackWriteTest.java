package dev.signet.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.json.Json;
import dev.signet.oci.Descriptor;
import dev.signet.oci.Digests;
import dev.signet.oci.ImageIndex;
import dev.signet.oci.MediaTypes;
import dev.signet.oci.RawManifest;
import dev.signet.reference.Digest;
import dev.signet.reference.Repository;
import dev.signet.registry.auth.CredentialProvider;
import dev.signet.registry.transport.SocketTransport;
import dev.signet.testing.ScriptedServer;
import dev.signet.testing.ScriptedServer.Answer;
import dev.signet.testing.TestCertificate;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The referrers fallback index extended while another writer extends it too, on a registry without the API. */
class ReferrersFallbackWriteTest {
    private static final TestCertificate CERTIFICATE = TestCertificate.generate("signet referrers writes");

    private static byte[] index(Descriptor... entries) {
        return Json.write(ImageIndex.of(List.of(entries)));
    }

    private static Descriptor referrer(String name, String artifactType) {
        return Descriptor.of(MediaTypes.OCI_MANIFEST, name.getBytes(StandardCharsets.UTF_8)).withArtifactType(artifactType);
    }

    @Test
    void addReferrer_whileAnotherWriterExtendsTheFallbackIndex_keepsTheirEntry() {
        Digest subject = Digests.sha256("image".getBytes(StandardCharsets.UTF_8));
        Descriptor signature = referrer("their signature", "application/vnd.dev.sigstore.bundle.v0.3+json");
        Descriptor sbom = referrer("their sbom", "application/spdx+json");
        Descriptor ours = referrer("our bundle", "application/vnd.dev.sigstore.bundle.v0.3+json");
        AtomicReference<byte[]> stored = new AtomicReference<>(index(signature));
        AtomicInteger reads = new AtomicInteger();
        String tagPath = "/v2/app/manifests/sha256-" + subject.hex();
        try (ScriptedServer server = ScriptedServer.startTls(CERTIFICATE, request -> {
            String path = request.uri().getPath();
            if (path.equals("/v2/")) {
                return Answer.of(200);
            }
            if (!path.equals(tagPath)) {
                return Answer.of(404);
            }
            byte[] current = stored.get();
            Map<String, String> headers = Map.of("Content-Type", MediaTypes.OCI_INDEX,
                    "Docker-Content-Digest", Digests.sha256(current).toString());
            switch (request.method()) {
                case "GET" -> {
                    if (reads.incrementAndGet() == 1) {
                        // another writer adds its SBOM right after our first read
                        stored.set(index(signature, sbom));
                    }
                    return new Answer(200, headers, current);
                }
                case "HEAD" -> {
                    return new Answer(200, headers, new byte[0]);
                }
                case "PUT" -> {
                    stored.set(request.body());
                    return new Answer(201, Map.of("Docker-Content-Digest", Digests.sha256(request.body()).toString()), new byte[0]);
                }
                default -> {
                    return Answer.of(405);
                }
            }
        })) {
            HttpRegistryClient client = new HttpRegistryClient(RegistryOptions.defaults(), CredentialProvider.anonymous(),
                    SocketTransport.create(RegistryOptions.DEFAULT_TIMEOUT, CERTIFICATE.trustingContext()), duration -> { });

            client.addReferrer(Repository.of(server.registry(), "app"), subject, ours);

            List<Descriptor> entries = RawManifest.of(stored.get(), MediaTypes.OCI_INDEX)
                    .asImageIndex().manifests();
            assertThat(entries).extracting(Descriptor::digest).containsExactly(signature.digest(), sbom.digest(), ours.digest());
        }
    }
}
