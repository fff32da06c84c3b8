package io.casharness.store.conformance;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Keeps the deliberately broken and blocking suites to the self-tests' private launchers, which set
 * {@link #PARAMETER}: selected on their own (a {@code -Dtest=*Conformance*} pattern overrides Surefire's exclusion
 * of nested classes) they are disabled, saying why, instead of failing by design. {@link #run} is that launcher.
 */
final class SelfTestOnly implements ExecutionCondition {
    static final String PARAMETER = "cas.conformance.selftest";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return context.getConfigurationParameter(PARAMETER)
                        .map(Boolean::parseBoolean)
                        .orElse(false)
                ? ConditionEvaluationResult.enabled("run by a self-test")
                : ConditionEvaluationResult.disabled(
                        "a store broken or blocking by design: runs only inside the conformance suite's self-tests");
    }

    /**
     * Runs {@code suite} in a launcher of its own, with {@link #PARAMETER} set, extension auto-detection and Allure
     * off and no listener but {@code listener}, and returns {@code listener}.
     */
    static <L extends TestExecutionListener> L run(Class<?> suite, L listener) {
        LauncherFactory.create(LauncherConfig.builder()
                        .enableTestExecutionListenerAutoRegistration(false)
                        .build())
                .execute(
                        LauncherDiscoveryRequestBuilder.request()
                                .selectors(selectClass(suite))
                                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false")
                                .configurationParameter(CasStoreConformanceTest.ALLURE_PARAMETER, "false")
                                .configurationParameter(PARAMETER, "true")
                                .build(),
                        listener);
        return listener;
    }
}
