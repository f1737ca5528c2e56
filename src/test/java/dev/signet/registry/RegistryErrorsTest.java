package dev.signet.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RegistryErrorsTest {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parseCodes_distributionBody_keepsCodeAndMessageAndDropsDetail() {
        assertThat(RegistryErrors.parseCodes(utf8("{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\","
                + "\"detail\":{\"Tag\":\"secret-echo\"}},{\"code\":\"DENIED\"}]}")))
                .containsExactly(new RegistryErrorCode("MANIFEST_UNKNOWN", "manifest unknown"), new RegistryErrorCode("DENIED", ""))
                .extracting(RegistryErrorCode::toString).containsExactly("MANIFEST_UNKNOWN (manifest unknown)", "DENIED");
    }

    @Test
    void parseCodes_notAnErrorBody_isEmpty() {
        assertThat(RegistryErrors.parseCodes(utf8("404 page not found\n"))).isEmpty();
        assertThat(RegistryErrors.parseCodes(utf8("{\"details\":\"incorrect username or password\"}"))).isEmpty();
        assertThat(RegistryErrors.parseCodes(new byte[0])).isEmpty();
    }

    @Test
    void parseCodes_longMessage_isCut() {
        String longMessage = "x".repeat(1000);

        assertThat(RegistryErrors.parseCodes(utf8("{\"errors\":[{\"code\":\"C\",\"message\":\"" + longMessage + "\"}]}")))
                .singleElement().satisfies(code -> assertThat(code.message()).hasSize(201));
    }
}
