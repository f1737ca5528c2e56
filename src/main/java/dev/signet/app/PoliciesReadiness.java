package dev.signet.app;

import dev.signet.policy.CompiledPolicy;
import dev.signet.policy.LoadReport;
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
    /** One policy's detail line: its notes are for reading, and a policy with hundreds of clauses must not flood the probe. */
    static final int MAX_DETAIL = 2048;
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
            // the load report: what Signet checks of the policy, more strictly, more loosely, or not at all (error)
            String text = LoadReport.of(policy).oneLine();
            response.withData(policy.id().toString(), text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL - 3) + "...");
        }
        current.problems().forEach(response::withData);
        // a policy whose key is missing denies what it covers (fail closed) while the others work: named, not unready
        keyCheck.policyProblems().forEach(response::withData);
        return response.build();
    }
}
