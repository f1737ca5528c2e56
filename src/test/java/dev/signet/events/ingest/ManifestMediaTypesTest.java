package dev.signet.events.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.oci.MediaTypes;
import org.junit.jupiter.api.Test;

class ManifestMediaTypesTest {

    @Test
    void all_isTheOciPackagesManifestSet() {
        assertThat(ManifestMediaTypes.ALL).isEqualTo(MediaTypes.MANIFESTS);
    }

    @Test
    void manifestOrNull_parametersAndCase_areNormalised() {
        assertThat(ManifestMediaTypes.manifestOrNull("Application/VND.OCI.image.index.v1+json; charset=utf-8"))
                .isEqualTo(MediaTypes.OCI_INDEX);
    }

    @Test
    void manifestOrNull_layersConfigsAndSchema1_areNotManifests() {
        assertThat(ManifestMediaTypes.manifestOrNull(MediaTypes.OCI_LAYER_GZIP)).isNull();
        assertThat(ManifestMediaTypes.manifestOrNull(MediaTypes.DOCKER_CONFIG)).isNull();
        assertThat(ManifestMediaTypes.manifestOrNull("application/vnd.docker.distribution.manifest.v1+prettyjws")).isNull();
        assertThat(ManifestMediaTypes.manifestOrNull(null)).isNull();
    }
}
