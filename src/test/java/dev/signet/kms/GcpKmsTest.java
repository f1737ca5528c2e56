package dev.signet.kms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.keys.SigningKey;
import dev.signet.testing.KmsServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link GcpKms} against a loopback metadata server and Cloud KMS: the token, the version choice, the key. */
class GcpKmsTest {
    private static final String KEY = "projects/p/locations/global/keyRings/r/cryptoKeys/cosign";
    private final SigningKey served = SigningKey.generate("gcp");
    private final KmsServer google = KmsServer.start(null, served.verificationKey().publicKey());
    private final GcpKms gcp = new GcpKms(KmsHttp.create(Duration.ofSeconds(5), null), google.uri("http"), google.uri("http"), Clock.systemUTC());

    @AfterEach
    void stop() {
        google.close();
    }

    @Test
    void publicKey_withVersion_getsAMetadataToken_thenThePublicKey() {
        assertThat(gcp.publicKey(KmsUri.parse("gcpkms://" + KEY + "/cryptoKeyVersions/1")).publicKey()).isEqualTo(served.verificationKey().publicKey());

        List<KmsServer.Recorded> requests = google.requests();
        assertThat(requests).extracting(KmsServer.Recorded::pathAndQuery)
                .containsExactly("/computeMetadata/v1/instance/service-accounts/default/token", "/v1/" + KEY + "/cryptoKeyVersions/1/publicKey");
        assertThat(requests.get(0).headers()).containsEntry("metadata-flavor", "Google");
        assertThat(requests.get(1).headers()).containsEntry("authorization", "Bearer " + KmsServer.GOOGLE_TOKEN);
    }

    @Test
    void publicKey_withoutVersion_readsTheGreatestEnabledVersion_andReusesTheToken() {
        gcp.publicKey(KmsUri.parse("gcpkms://" + KEY));
        gcp.publicKey(KmsUri.parse("gcpkms://" + KEY + "/versions/7"));

        assertThat(google.requests()).extracting(KmsServer.Recorded::pathAndQuery).containsExactly(
                "/computeMetadata/v1/instance/service-accounts/default/token",
                "/v1/" + KEY + "/cryptoKeyVersions?filter=state%3DENABLED&orderBy=name%20desc",
                "/v1/" + KEY + "/cryptoKeyVersions/2/publicKey",
                "/v1/" + KEY + "/cryptoKeyVersions/7/publicKey");
    }
}
