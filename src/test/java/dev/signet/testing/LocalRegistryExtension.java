package dev.signet.testing;

import java.nio.file.Files;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects an anonymous {@link LocalRegistry} into test constructors and methods of plain JUnit tests
 * ({@code @ExtendWith(LocalRegistryExtension.class)}). One registry serves the whole test run and is stopped at its
 * end; tests stay independent by using {@link LocalRegistry#uniqueRepository} paths. Tests that need auth or TLS
 * start their own with {@link LocalRegistry#builder()}.
 *
 * <p>Without the binary the tests are skipped locally; with {@code CI=true} they run and fail, so CI cannot pass by
 * skipping them.
 */
public final class LocalRegistryExtension implements ExecutionCondition, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalRegistryExtension.class);

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (Files.isExecutable(LocalRegistry.BINARY) || "true".equals(System.getenv("CI"))) {
            return ConditionEvaluationResult.enabled(LocalRegistry.BINARY + " is available, or CI requires it");
        }
        return ConditionEvaluationResult.disabled(LocalRegistry.BINARY + " is missing; install the docker-registry package");
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalRegistry.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // the root store closes AutoCloseable values when the run ends
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent("anonymous", key -> LocalRegistry.anonymous(), LocalRegistry.class);
    }
}
