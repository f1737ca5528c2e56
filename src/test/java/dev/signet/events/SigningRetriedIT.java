package dev.signet.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.oci.RawManifest;
import dev.signet.reference.ImageReference;
import dev.signet.reference.Repository;
import dev.signet.reference.Tag;
import dev.signet.registry.HttpRegistryClient;
import dev.signet.registry.RegistryOptions;
import dev.signet.registry.auth.CredentialProvider;
import dev.signet.signature.SignatureManifest;
import dev.signet.signature.SignatureTags;
import dev.signet.testing.FaultInjectingProxy;
import dev.signet.testing.Images;
import dev.signet.testing.LocalRegistry;
import dev.signet.testing.SignetAppResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Fault injection on the signing path (issue 7): the registry answers 503 to everything for a while after the push
 * notification, or its process is stopped and started again; the in-process sink retries with backoff and the image
 * ends up signed exactly once, once it is back.
 */
@QuarkusTest
@QuarkusTestResource(value = SignetAppResource.class, restrictToAnnotatedClass = false)
class SigningRetriedIT {
    private final HttpRegistryClient direct = new HttpRegistryClient(RegistryOptions.defaults(), CredentialProvider.anonymous());

    @Test
    void registryDownWhenThePushIsNotified_isSignedOnceItIsBack() throws Exception {
        Repository real = SignetAppResource.registry().uniqueRepository("signed/retried");
        RawManifest image = Images.pushRandom(direct, real, "v1");
        try (FaultInjectingProxy proxy = FaultInjectingProxy.to(SignetAppResource.registry().apiRoot())) {
            FaultInjectingProxy.Fault[] outage = new FaultInjectingProxy.Fault[12]; // three signing attempts (each retried 3 times inside the client)
            Arrays.fill(outage, FaultInjectingProxy.Fault.any(503, Map.of()));
            proxy.script(outage);
            String host = proxy.registry().toString();
            String notification = "{\"events\":[{\"id\":\"retry-1\",\"action\":\"push\",\"target\":{\"mediaType\":\"" + image.mediaType()
                    + "\",\"digest\":\"" + image.digest() + "\",\"repository\":\"" + real.path() + "\",\"tag\":\"v1\",\"url\":\"http://" + host
                    + "/v2/" + real.path() + "/manifests/" + image.digest() + "\"},\"request\":{\"host\":\"" + host + "\",\"method\":\"PUT\"}}]}";

            given().contentType("application/vnd.docker.distribution.events.v1+json").body(notification).post("/ingest/distribution").then().statusCode(202);

            ImageReference signatures = ImageReference.of(real, Tag.parse(SignatureTags.signature(image.digest())));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            Optional<RawManifest> stored = direct.findManifest(signatures);
            while (stored.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(200); // polling from outside the app
                stored = direct.findManifest(signatures);
            }
            assertThat(proxy.remainingFaults()).as("the whole outage was served before the signature appeared").isZero();
            assertThat(stored).as("signed once the registry was back").isPresent();
            assertThat(SignatureManifest.signatureLayers(stored.get(), "sig")).hasSize(1);
        }
    }

    @Test
    void registryProcessStoppedWhenThePushIsNotified_isSignedOnceWhenItIsStartedAgain() throws Exception {
        try (LocalRegistry own = LocalRegistry.anonymous()) {
            Repository repository = own.uniqueRepository("signed/restarted");
            RawManifest image = Images.pushRandom(direct, repository, "v1");
            own.stop();
            String host = own.registry().toString();
            String notification = "{\"events\":[{\"id\":\"restart-1\",\"action\":\"push\",\"target\":{\"mediaType\":\"" + image.mediaType()
                    + "\",\"digest\":\"" + image.digest() + "\",\"repository\":\"" + repository.path() + "\",\"tag\":\"v1\",\"url\":\"http://" + host
                    + "/v2/" + repository.path() + "/manifests/" + image.digest() + "\"},\"request\":{\"host\":\"" + host + "\",\"method\":\"PUT\"}}]}";

            given().contentType("application/vnd.docker.distribution.events.v1+json").body(notification).post("/ingest/distribution").then().statusCode(202);
            Thread.sleep(2_500); // the first signing attempt and its three quick retries meet a closed port
            own.restart();

            ImageReference signatures = ImageReference.of(repository, Tag.parse(SignatureTags.signature(image.digest())));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            Optional<RawManifest> stored = direct.findManifest(signatures);
            while (stored.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(200);
                stored = direct.findManifest(signatures);
            }
            assertThat(stored).as("signed once the registry process was back, same port and storage").isPresent();
            Thread.sleep(1_000); // a second, duplicate signing would land within the sink's next backoff
            assertThat(SignatureManifest.signatureLayers(direct.getManifest(signatures), "sig")).as("signed exactly once").hasSize(1);
        }
    }
}
