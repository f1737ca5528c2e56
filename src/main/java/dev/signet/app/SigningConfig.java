package dev.signet.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/** {@code signet.signing.*}: which pushes are signed with which key, and in which layout. */
@ConfigMapping(prefix = "signet.signing")
public interface SigningConfig {

    /** Signature layouts. */
    enum Format { legacy, bundle, both }

    /**
     * Whether this process signs at all. The admission adapter and the verifier set it to false: they need no
     * private key, and the signer's readiness (every rule's key loaded) must not hold them back.
     */
    @WithDefault("true")
    boolean enabled();

    /** The signing rules, first match wins. */
    List<Rule> rules();

    /** {@code legacy} (the {@code .sig} tag), {@code bundle} (OCI referrer) or {@code both}. */
    @WithDefault("legacy")
    Format format();

    /** One rule: image globs and the key that signs them. */
    interface Rule {
        /** Image globs ({@code *} matches anything, {@code /} included). */
        List<String> images();

        /** {@code k8s://NAMESPACE/NAME} or a key name under {@code signet.keys.dir}. */
        String key();

        /**
         * Whether to store a push attestation ({@code https://signet.dev/attestations/push/v1}: the registry's claims
         * about the push, such as who pushed) beside each signature, signed with the same key and in the same layouts.
         */
        @WithDefault("false")
        boolean attestPush();
    }
}
