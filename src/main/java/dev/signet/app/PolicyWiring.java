package dev.signet.app;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.signet.admission.RemoteVerifier;
import dev.signet.admission.VerdictSink;
import dev.signet.admission.VerifierClient;
import dev.signet.events.AdmissionMetrics;
import dev.signet.events.AdmissionSettings;
import dev.signet.events.AdmissionVerifier;
import dev.signet.events.SignatureStored;
import dev.signet.events.SinkToken;
import dev.signet.events.VerdictEvents;
import dev.signet.events.VerificationFunctions;
import dev.signet.http.SinkTrust;
import dev.signet.keys.KeyProvider;
import dev.signet.kube.NamespaceLabelCache;
import dev.signet.kube.PolicyInformers;
import dev.signet.kube.CaCertSecrets;
import dev.signet.kube.SecretKeyProvider;
import dev.signet.kube.TrustedRootConfigMaps;
import dev.signet.policy.FailurePolicy;
import dev.signet.policy.KeyRotation;
import dev.signet.policy.LoadReport;
import dev.signet.policy.NamespaceLabels;
import dev.signet.policy.PolicyControllerTrustRoots;
import dev.signet.policy.PolicyEvaluator;
import dev.signet.policy.PolicyFolder;
import dev.signet.policy.PolicyRepository;
import dev.signet.policy.TrustedRoots;
import dev.signet.policy.VerdictCache;
import dev.signet.registry.RegistryClient;
import dev.signet.verification.RegistryLanes;
import dev.signet.verification.SignatureFetcher;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Typed;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Builds admission from {@link PoliciesConfig}, {@link VerificationConfig} and {@link AdmissionConfig}: the policy
 * repository fed by a folder (polled) or by informers, the verdict cache, the evaluator, and the adapter's way to the
 * verifier. Policies load at start-up; a bad one is logged and the rest work.
 */
@ApplicationScoped
public class PolicyWiring {
    private static final Logger LOG = Logger.getLogger(PolicyWiring.class);

    @Produces
    @ApplicationScoped
    PolicyRepository policyRepository(VerdictCache cache, KeyProvider keys, TrustedRoots roots) {
        PolicyRepository repository = new PolicyRepository();
        repository.onChange(changed -> cache.invalidatePolicy(changed.uid()));
        keys.onChange(keyRef -> {
            int rules = KeyRotation.keyChanged(cache, repository.current(), keyRef);
            LOG.infof("key %s changed: dropped the cached verdicts of %d rule(s) that name it", keyRef, rules);
        });
        if (roots instanceof TrustedRootConfigMaps configMaps) {
            // watch the roots policies name as they load, so admission finds them parsed
            repository.onChange(changed -> configMaps.watch(KeyRotation.trustedRootRefs(repository.current()).stream()
                    .filter(ref -> !PolicyControllerTrustRoots.names(ref)).toList()));
            configMaps.onChange(root -> {
                int rules = KeyRotation.rootChanged(cache, repository.current(), ref -> configMaps.names(ref, root));
                LOG.infof("trusted root %s changed: dropped the cached verdicts of %d rule(s) that name it", root, rules);
            });
        }
        return repository;
    }

    /**
     * Keyless entries' named roots: ConfigMaps in {@code signet.keyless.trusted-root-namespace} (Signet's own by
     * default) when policies come from the cluster; none with policy files (such entries are {@code error}).
     */
    @Produces
    @Singleton // not proxied: policyRepository checks for the ConfigMap source to hook its change events
    TrustedRoots trustedRoots(PoliciesConfig policies, KeylessConfig config, Instance<KubernetesClient> kubernetes) {
        return switch (policies.source()) {
            case files -> TrustedRoots.none();
            case kubernetes -> {
                KubernetesClient client = kubernetes.get();
                String namespace = config.trustedRootNamespace().filter(name -> !name.isBlank())
                        .orElseGet(() -> client.getNamespace() != null ? client.getNamespace() : "signet-system");
                LOG.infof("trusted roots named by keyless entries: configmaps in namespace %s, key %s", namespace, TrustedRootConfigMaps.KEY);
                yield new TrustedRootConfigMaps(client, namespace);
            }
        };
    }

    void closeTrustedRoots(@Disposes TrustedRoots roots) {
        if (roots instanceof TrustedRootConfigMaps configMaps) {
            configMaps.close();
        }
    }

    @Produces
    @ApplicationScoped
    VerdictCache verdictCache(VerificationConfig config) {
        return new VerdictCache(config.cache().ttl(), config.cache().failTtl(), config.cache().maxSize());
    }

    @Produces
    @ApplicationScoped
    @Named("verification")
    ExecutorService verificationExecutor(VerificationConfig config) {
        // the lanes give it at most threads + queue tasks, so this bound is never the one that refuses
        return boundedPool("signet-verification", config.threads(), config.threads() + config.queue());
    }

    /** The threads of registries known to be slow: half as many, so they can never hold the others'. */
    @Produces
    @ApplicationScoped
    @Named("verification-slow")
    ExecutorService slowVerificationExecutor(VerificationConfig config) {
        return boundedPool("signet-verification-slow", Math.max(1, config.threads() / 2), config.threads() + config.queue());
    }

    /**
     * Each registry's share of the verification threads ({@code signet.verification.registry-share}, half by
     * default), with {@code registry-queue} waiting behind it, at most {@code threads + queue} tasks in all, and
     * registries whose tasks take longer than {@code slow-after} moved to their own threads.
     */
    @Produces
    @ApplicationScoped
    RegistryLanes registryLanes(VerificationConfig config, @Named("verification") ExecutorService executor,
            @Named("verification-slow") ExecutorService slowExecutor) {
        int share = config.registryShare().orElse(Math.max(1, config.threads() / 2));
        if (share < 1 || share > config.threads()) {
            throw new IllegalArgumentException("configure signet.verification.registry-share: " + share + " is not between 1 and the "
                    + config.threads() + " threads");
        }
        return new RegistryLanes(executor, slowExecutor, share, config.registryQueue(), config.threads() + config.queue(), config.slowAfter(),
                System::nanoTime);
    }

    /**
     * A fixed pool whose queue holds at most {@code queue} tasks: past that, submissions are refused (the evaluator
     * answers "overloaded"). Executors.newFixedThreadPool queues without bound, so that answer could never come.
     */
    static ThreadPoolExecutor boundedPool(int threads, int queue) {
        return boundedPool("signet-verification", threads, queue);
    }

    static ThreadPoolExecutor boundedPool(String name, int threads, int queue) {
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue), runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        }, new ThreadPoolExecutor.AbortPolicy());
    }

    void shutdownExecutor(@Disposes @Named("verification") ExecutorService executor) {
        executor.shutdownNow();
    }

    void shutdownSlowExecutor(@Disposes @Named("verification-slow") ExecutorService executor) {
        executor.shutdownNow();
    }

    @Produces
    @Singleton // a record: final, so not proxyable as a normal-scoped bean
    AdmissionSettings admissionSettings(AdmissionConfig config) {
        FailurePolicy failurePolicy = FailurePolicy.parse(config.failurePolicy()).orElseThrow(() -> new IllegalArgumentException(
                "configure signet.admission.failure-policy: " + config.failurePolicy() + " is not Fail or Ignore"));
        return new AdmissionSettings(failurePolicy, config.timeout());
    }

    @Produces
    @ApplicationScoped
    PolicyEvaluator policyEvaluator(RegistryClient registry, KeyProvider keys, TrustedRoots roots, Instance<CaCertSecrets> caCerts,
            PoliciesConfig source, PolicyRepository policies, VerdictCache cache, RegistryLanes lanes, AdmissionSettings settings,
            VerificationConfig config) {
        // policy-controller's TrustRoots (beside the policies) for its trustRootRefs, its ca-cert Secrets in the cluster,
        // the configured source for the rest
        TrustedRoots named = source.source() == PoliciesConfig.Source.kubernetes ? caCerts.get().before(roots) : roots;
        return new PolicyEvaluator(new SignatureFetcher(registry, lanes), keys, policies.trustRoots().before(named), cache, lanes,
                settings.failurePolicy(), config.tagTtl(), Ticker.systemTicker());
    }

    /**
     * policy-controller's keyless {@code ca-cert.secretRef} Secrets, watched once a policy names one; cluster policies
     * only. Typed as itself alone: it is not the configured {@link TrustedRoots} source, but chained before it.
     */
    @Produces
    @Singleton
    @Typed(CaCertSecrets.class)
    CaCertSecrets caCertSecrets(Instance<KubernetesClient> kubernetes, VerdictCache cache, PolicyRepository policies) {
        CaCertSecrets secrets = new CaCertSecrets(kubernetes.get(), SecretKeyProvider.DEFAULT_SYNC_TIMEOUT);
        secrets.onChange(ref -> {
            int rules = KeyRotation.rootChanged(cache, policies.current(), ref::equals);
            LOG.infof("ca-cert secret %s changed: dropped the cached verdicts of %d rule(s) that name it", ref, rules);
        });
        return secrets;
    }

    void closeCaCertSecrets(@Disposes CaCertSecrets secrets) {
        secrets.close();
    }

    @Produces
    @ApplicationScoped
    NamespaceLabels namespaceLabels(PoliciesConfig config, Instance<KubernetesClient> kubernetes) {
        return switch (config.source()) {
            case files -> NamespaceLabels.none();
            case kubernetes -> new NamespaceLabelCache(kubernetes.get());
        };
    }

    @Produces
    @ApplicationScoped
    AdmissionMetrics admissionMetrics(MeterRegistry registry, VerdictCache cache) {
        return new AdmissionMetrics(registry, cache);
    }

    @Produces
    @ApplicationScoped
    AdmissionVerifier admissionVerifier(PolicyEvaluator evaluator, PolicyRepository policies, NamespaceLabels namespaces, AdmissionMetrics metrics,
            AdmissionSettings settings) {
        return new AdmissionVerifier(evaluator, policies, namespaces, metrics, settings);
    }

    @Produces
    @ApplicationScoped
    VerdictEvents verdictEvents(EventsConfig config, Clock clock) {
        return new VerdictEvents(config.source(), clock);
    }

    @Produces
    @ApplicationScoped
    VerificationFunctions verificationFunctions(AdmissionVerifier verifier, VerdictEvents events) {
        return new VerificationFunctions(verifier, events);
    }

    @Produces
    @ApplicationScoped
    VerifierClient verifierClient(AdmissionConfig config, AdmissionVerifier verifier, EventsConfig events) {
        if (config.verifierUrl().isPresent() && !config.verifierUrl().get().isBlank()) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            return new RemoteVerifier(http, URI.create(config.verifierUrl().get()), events.source(),
                    SinkToken.file(Path.of(config.verifierTokenFile())));
        }
        return VerifierClient.inProcess(verifier);
    }

    @Produces
    @ApplicationScoped
    VerdictSink verdictSink(EventsConfig config) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        SinkTrust.of(config.sinkCaCerts()).ifPresent(builder::sslContext);
        HttpClient http = builder.build();
        return new VerdictSink(http, config.sink().filter(sink -> !sink.isBlank()).map(URI::create).orElse(null), config.source(),
                SinkToken.file(Path.of(config.sinkTokenFile())));
    }

    /** The policy source, started once at boot; the folder is then polled for changes. */
    @ApplicationScoped
    static class PolicySource {
        private final PoliciesConfig config;
        private final PolicyRepository repository;
        private final Instance<KubernetesClient> kubernetes;
        private ScheduledExecutorService poller;
        private PolicyInformers informers;

        PolicySource(PoliciesConfig config, PolicyRepository repository, Instance<KubernetesClient> kubernetes) {
            this.config = config;
            this.repository = repository;
            this.kubernetes = kubernetes;
        }

        void start(@Observes StartupEvent event) {
            switch (config.source()) {
                case files -> {
                    PolicyFolder folder = new PolicyFolder(Path.of(config.dir()), repository);
                    folder.sync().forEach(PolicyWiring::log);
                    poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
                        Thread thread = new Thread(runnable, "signet-policy-folder");
                        thread.setDaemon(true);
                        return thread;
                    });
                    long every = config.reloadInterval().toMillis();
                    poller.scheduleWithFixedDelay(() -> {
                        try {
                            folder.sync().forEach(PolicyWiring::log);
                        } catch (RuntimeException e) {
                            LOG.warnf("reload policies from %s: %s", config.dir(), e.getMessage());
                        }
                    }, every, every, TimeUnit.MILLISECONDS);
                    LOG.infof("policies from folder %s: %d in force, %d with problems", config.dir(), repository.current().policies().size(),
                            repository.current().problems().size());
                }
                case kubernetes -> {
                    informers = new PolicyInformers(kubernetes.get(), repository, PolicyWiring::log);
                    informers.start();
                    LOG.infof("policies from the Kubernetes API: %s", informers.watched());
                    // a policy kind whose CRD arrives later (policy-controller, Kyverno installed after Signet) is
                    // watched from then on, not after a restart
                    poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
                        Thread thread = new Thread(runnable, "signet-policy-kinds");
                        thread.setDaemon(true);
                        return thread;
                    });
                    PolicyInformers watching = informers;
                    poller.scheduleWithFixedDelay(() -> {
                        try {
                            watching.retryAbsent();
                        } catch (RuntimeException e) {
                            LOG.warnf("look for policy kinds installed since start: %s", e.getMessage());
                        }
                    }, 1, 1, TimeUnit.MINUTES);
                }
            }
        }

        void stop(@Observes ShutdownEvent event) {
            if (poller != null) {
                poller.shutdownNow();
            }
            if (informers != null) {
                informers.close();
            }
        }

        boolean started() {
            return poller != null || informers != null;
        }
    }

    /** Pre-warms the verdict cache when this process's signer stored a signature. */
    void prewarm(@ObservesAsync SignatureStored stored, AdmissionVerifier verifier) {
        verifier.prewarm(stored.image());
    }

    static void log(PolicyRepository.Update update) {
        update.policy().ifPresent(policy -> {
            if (update.problem().isEmpty()) {
                LOG.infof("policy %s compiled: %d verifyImages rules", policy.id(), policy.rules().size());
                LOG.info(LoadReport.of(policy));
            }
        });
        update.problem().ifPresent(problem -> LOG.errorf("policy %s: %s", update.key(), problem));
    }
}
