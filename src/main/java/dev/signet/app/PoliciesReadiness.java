package dev.signet.app;

import dev.signet.policy.CompiledPolicy;
import dev.signet.policy.PolicyRepository;
import dev.signet.policy.PolicySet;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the policy source has loaded. Policies that failed to compile are listed as details, not as a reason
 * to go unready: the others work, and an unready adapter would make the API server fail every pod.
 */
@Readiness
@ApplicationScoped
public class PoliciesReadiness implements HealthCheck {
    private final PolicyRepository repository;
    private final PolicyWiring.PolicySource source;
    private final KeyCheck keyCheck;

    public PoliciesReadiness(PolicyRepository repository, PolicyWiring.PolicySource source, KeyCheck keyCheck) {
        this.repository = repository;
        this.source = source;
        this.keyCheck = keyCheck;
    }

    @Override
    public HealthCheckResponse call() {
        PolicySet current = repository.current();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("policies").status(source.started())
                .withData("in force", current.policies().size());
        for (CompiledPolicy policy : current.policies()) {
            response.withData(policy.id().toString(), policy.rules().size() + " rules, " + policy.action() + ", failurePolicy " + policy.failurePolicy());
        }
        current.problems().forEach(response::withData);
        // a policy whose key is missing denies what it covers (fail closed) while the others work: named, not unready
        keyCheck.policyProblems().forEach(response::withData);
        return response.build();
    }
}
