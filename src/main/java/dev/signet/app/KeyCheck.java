package dev.signet.app;

import dev.signet.SignetException;
import dev.signet.keys.KeyProvider;
import dev.signet.policy.CompiledPolicy;
import dev.signet.policy.ImageRule;
import dev.signet.policy.PolicyRepository;
import dev.signet.signing.PushSigner;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Checks every key a signing rule or a policy names, at start-up and whenever policies or keys change (and every five
 * minutes, for Secrets created later), off the request and probe paths: a reference that names no key, or a key that
 * does not open, is logged at once by name and shown in the readiness detail, instead of surfacing on the first push
 * or admission that needs it (issue 13, item 14). Only the reason is kept, never key material.
 */
@ApplicationScoped
public class KeyCheck {
    private static final Logger LOG = Logger.getLogger(KeyCheck.class);
    private static final long PERIOD_MINUTES = 5;

    private final PushSigner signer;
    private final KeyProvider keys;
    private final PolicyRepository repository;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "signet-key-check");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Map<String, String> problems = Map.of();
    private volatile Map<String, String> policyProblems = Map.of();

    public KeyCheck(PushSigner signer, KeyProvider keys, PolicyRepository repository) {
        this.signer = signer;
        this.keys = keys;
        this.repository = repository;
    }

    void start(@Observes StartupEvent event) {
        repository.onChange(changed -> executor.execute(this::check));
        keys.onChange(changed -> executor.execute(this::check));
        executor.scheduleWithFixedDelay(this::check, 0, PERIOD_MINUTES, TimeUnit.MINUTES);
    }

    void stop(@Observes ShutdownEvent event) {
        executor.shutdownNow();
    }

    /** Key reference and where it is named -> why it does not give a key; empty when every key is usable. */
    public Map<String, String> problems() {
        return problems;
    }

    /** The {@link #problems()} of keys that policies name. */
    public Map<String, String> policyProblems() {
        return policyProblems;
    }

    /** Runs the check now, on the caller's thread. */
    void check() {
        Map<String, String> found = new LinkedHashMap<>();
        Map<String, String> ofPolicies = new LinkedHashMap<>();
        for (String keyRef : signer.keyRefs()) {
            try {
                keys.signingKey(keyRef);
            } catch (SignetException e) {
                found.put("key " + keyRef + " (signing rule)", e.getMessage());
            }
        }
        for (CompiledPolicy policy : repository.current().policies()) {
            for (ImageRule rule : policy.rules()) {
                for (String keyRef : rule.keyRefs()) {
                    String where = "key " + keyRef + " (policy " + policy.id().name() + ", " + rule.path() + ")";
                    try {
                        keys.verificationKey(keyRef);
                        // a KMS that failed since the key was fetched: the last key is in use, and the outage is named
                        keys.staleBecause(keyRef).ifPresent(why -> ofPolicies.put(where, "the last key fetched stays in use: " + why));
                    } catch (SignetException e) {
                        ofPolicies.put(where, e.getMessage());
                    }
                }
            }
        }
        found.putAll(ofPolicies);
        Map<String, String> before = problems;
        found.forEach((where, why) -> {
            if (!why.equals(before.get(where))) {
                LOG.errorf("check %s: %s", where, why);
            }
        });
        before.keySet().stream().filter(where -> !found.containsKey(where)).forEach(where -> LOG.infof("check %s: usable again", where));
        problems = Collections.unmodifiableMap(found);
        policyProblems = Collections.unmodifiableMap(ofPolicies);
    }
}
