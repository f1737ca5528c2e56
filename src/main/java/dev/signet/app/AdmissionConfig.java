package dev.signet.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;

/** {@code signet.admission.*}: the webhook adapter (admission.md, interfaces.md §4). */
@ConfigMapping(prefix = "signet.admission")
public interface AdmissionConfig {

    /** Empty: the verifier runs in this process; else the verifier Knative Service's URL (binary CloudEvents). */
    @WithName("verifier-url")
    Optional<String> verifierUrl();

    /**
     * The adapter's token for the verifier's audience, sent with each remote verification when the file exists: a
     * projected ServiceAccount token (knative/README.md), which the verifier's sender check reviews.
     */
    @WithName("verifier-token-file")
    @WithDefault("/var/run/secrets/signet/verifier/token")
    String verifierTokenFile();

    /** What an undecidable verdict becomes: {@code Fail} (deny) or {@code Ignore} (allow with a warning). */
    @WithName("failure-policy")
    @WithDefault("Fail")
    String failurePolicy();

    /** The adapter's own deadline, below the webhook's timeoutSeconds (10 s in k8s/). */
    @WithDefault("8s")
    Duration timeout();
}
