package dev.signet.app;

import dev.signet.keys.FileKeyProvider;
import dev.signet.keys.KeyProvider;
import dev.signet.kms.KmsKeyProvider;
import dev.signet.kms.KmsPublicKeys;
import dev.signet.kube.SecretKeyProvider;
import dev.signet.reference.ImagePattern;
import dev.signet.registry.RegistryClient;
import dev.signet.signature.SignatureLayout;
import dev.signet.signing.AttestationSigner;
import dev.signet.signing.ImageSigner;
import dev.signet.signing.PushSigner;
import dev.signet.signing.SigningRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Builds the signing services from {@link SigningConfig} and {@link KeysConfig}. Rules are parsed here, at
 * start-up, so a malformed glob or key reference stops the app instead of failing the first push.
 */
@ApplicationScoped
public class SigningWiring {

    @Produces
    @ApplicationScoped
    KeyProvider keyProvider(KeysConfig config, Instance<KubernetesClient> kubernetes, KmsPublicKeys kms) {
        KeyProvider stored = switch (config.source()) {
            case files -> new FileKeyProvider(Path.of(config.dir()));
            case kubernetes -> new SecretKeyProvider(kubernetes.get());
        };
        // policies' KMS keys (awskms://, gcpkms://, hashivault://) are read from KMS, every other reference as configured
        return new KmsKeyProvider(stored, kms);
    }

    @Produces
    @ApplicationScoped
    ImageSigner imageSigner(RegistryClient registry, Clock clock) {
        return new ImageSigner(registry, clock);
    }

    @Produces
    @ApplicationScoped
    PushSigner pushSigner(SigningConfig config, KeyProvider keys, RegistryClient registry, ImageSigner signer, Clock clock) {
        List<SigningRule> rules = !config.enabled() ? List.<SigningRule>of() : config.rules().stream()
                .map(rule -> new SigningRule(rule.images().stream().map(ImagePattern::parse).toList(), rule.key(), rule.attestPush()))
                .toList();
        return new PushSigner(rules, layouts(config.format()), keys, registry, signer, new AttestationSigner(registry, clock));
    }

    static Set<SignatureLayout> layouts(SigningConfig.Format format) {
        return switch (format) {
            case legacy -> EnumSet.of(SignatureLayout.LEGACY);
            case bundle -> EnumSet.of(SignatureLayout.BUNDLE);
            case both -> EnumSet.allOf(SignatureLayout.class);
        };
    }
}
