package dev.signet.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code signet.keys.*}: where signing keys come from (interfaces.md §4). */
@ConfigMapping(prefix = "signet.keys")
public interface KeysConfig {

    /** Key sources. */
    enum Source { files, kubernetes }

    /** {@code files} (the embedded default) or {@code kubernetes} (Secrets in the cosign layout). */
    @WithDefault("files")
    Source source();

    /** For {@code files}: a folder per key, {@code NAME/cosign.key|pub|password}. */
    @WithDefault("keys/")
    String dir();
}
