package dev.signet.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code signet.policies.*}: where admission policies come from (interfaces.md §4). */
@ConfigMapping(prefix = "signet.policies")
public interface PoliciesConfig {

    /** Policy sources. */
    enum Source { files, kubernetes }

    /** {@code files} (the embedded default) or {@code kubernetes} (the CRDs, and Kyverno's when installed). */
    @WithDefault("files")
    Source source();

    /** For {@code files}: a folder of YAML documents. */
    @WithDefault("policies/")
    String dir();

    /** For {@code files}: how often the folder is checked for changes (only changed files are read). */
    @WithDefault("5s")
    Duration reloadInterval();
}
