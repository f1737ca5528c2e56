package dev.signet.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SinkBinding's OIDC token, read from the file Knative mounts (issue 16, item 10). */
class SinkTokenTest {
    private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.c2lnbmF0dXJl";

    @TempDir
    Path dir;

    @Test
    void authorization_tokenFile_isABearerHeader_reReadWhenRenewed() throws IOException {
        Path file = dir.resolve("token");
        Files.writeString(file, JWT + "\n");
        SinkToken token = SinkToken.file(file);

        assertThat(token.authorization()).contains("Bearer " + JWT);
        Files.writeString(file, JWT + "renewed");
        assertThat(token.authorization()).contains("Bearer " + JWT + "renewed");
    }

    @Test
    void authorization_noFile_orNone_sendsNothing() {
        assertThat(SinkToken.file(dir.resolve("absent")).authorization()).isEmpty();
        assertThat(SinkToken.none().authorization()).isEmpty();
    }

    @Test
    void authorization_fileThatIsNotAToken_isNotSent() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty"), "  \n");
        Path twoLines = Files.writeString(dir.resolve("two"), JWT + "\nX-Injected: yes");
        Path huge = Files.writeString(dir.resolve("huge"), "a".repeat(20_000));

        assertThat(SinkToken.file(empty).authorization()).isEmpty();
        assertThat(SinkToken.file(twoLines).authorization()).as("no header injection").isEmpty();
        assertThat(SinkToken.file(huge).authorization()).isEmpty();
        assertThat(SinkToken.file(huge).toString()).doesNotContain("aaaa");
    }
}
