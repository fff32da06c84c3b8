package io.casharness.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.casharness.store.Backend;
import io.casharness.store.CasStore;
import io.casharness.store.StoreOptions;
import io.casharness.store.conformance.CasStoreConformanceTest;
import io.casharness.store.memory.MemoryBackend;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.MethodSelector;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The conformance suite's version tests on stores whose versions restart per incarnation. A correct one that
 * declares it ({@link UidGuardedBackend}: a fresh uid per incarnation in every version) is held to what it promises —
 * versions rise within an incarnation, are never reissued, and one of a deleted incarnation or from before a reset
 * matches nothing — and passes; the same store claiming the contract's rising versions fails them. Only these
 * tests run: the test-only backend keeps its envelope in the payload, so the suite's payload-bound tests are not its
 * business.
 */
class PerRowConformanceTest {
    static final List<String> VERSION_TESTS = List.of(
            "aVersionSeenBeforeADeleteNeverMatchesTheRecreatedObject",
            "versionsRiseStrictlyPerKeyAndAreUniqueAcrossKeysWhereTheBackendSaysSo",
            "aKeyThatRanAheadOfTheOthersIsRecreatedAboveItsOwnLastVersion",
            "versionsKeepRisingAcrossABackendReset");

    /** The guarded store, declaring its versions restart per incarnation. */
    static class Declared extends CasStoreConformanceTest {
        @Override
        protected Backend openBackend() {
            return closing(new UidGuardedBackend(new MemoryBackend()), true);
        }
    }

    /** The same store claiming versions that rise across incarnations, which they do not. */
    static class Claiming extends CasStoreConformanceTest {
        @Override
        protected Backend openBackend() {
            return closing(new UidGuardedBackend(new MemoryBackend()), false);
        }
    }

    @Test
    void aGuardedPerRowStoreThatDeclaresItPassesTheVersionTests() {
        Map<String, String> failed = run(Declared.class);
        assertThat(failed).isEmpty();
    }

    @Test
    void theSameStoreClaimingRisingVersionsFailsThem() {
        Map<String, String> failed = run(Claiming.class);
        System.out.println("[per-row conformance] claiming rising versions: " + failed);
        assertThat(failed)
                .containsKeys(
                        "aVersionSeenBeforeADeleteNeverMatchesTheRecreatedObject",
                        "versionsRiseStrictlyPerKeyAndAreUniqueAcrossKeysWhereTheBackendSaysSo");
    }

    /** The version tests of {@code suite}: failed ones by method name, with the message; fails if one did not run. */
    private static Map<String, String> run(Class<?> suite) {
        Map<String, String> failed = new TreeMap<>();
        Map<String, Boolean> ran = new TreeMap<>();
        List<MethodSelector> selectors =
                VERSION_TESTS.stream().map(m -> selectMethod(suite, m)).toList();
        LauncherFactory.create(LauncherConfig.builder()
                        .enableTestExecutionListenerAutoRegistration(false)
                        .build())
                .execute(
                        LauncherDiscoveryRequestBuilder.request()
                                .selectors(selectors)
                                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false")
                                .configurationParameter(CasStoreConformanceTest.ALLURE_PARAMETER, "false")
                                .build(),
                        new TestExecutionListener() {
                            @Override
                            public synchronized void executionFinished(TestIdentifier id, TestExecutionResult r) {
                                if (id.isTest() && id.getSource().orElse(null) instanceof MethodSource m) {
                                    ran.put(m.getMethodName(), true);
                                    if (r.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                                        failed.put(
                                                m.getMethodName(),
                                                r.getThrowable()
                                                        .map(Throwable::getMessage)
                                                        .orElse("aborted"));
                                    }
                                }
                            }
                        });
        assertThat(ran.keySet()).as("the version tests ran").containsExactlyInAnyOrderElementsOf(VERSION_TESTS);
        return failed;
    }

    private static Backend closing(UidGuardedBackend guarded, boolean declare) {
        return new Backend() {
            @Override
            public String name() {
                return guarded.name();
            }

            @Override
            public String describe() {
                return guarded.describe() + (declare ? "" : ", claiming rising versions");
            }

            @Override
            public boolean versionsUniqueAcrossKeys() {
                return false;
            }

            @Override
            public boolean versionsRiseAcrossIncarnations() {
                return !declare || guarded.versionsRiseAcrossIncarnations();
            }

            @Override
            public CasStore openReplica(StoreOptions options) {
                return guarded.openReplica(options);
            }

            @Override
            public void reset() {
                guarded.reset();
            }

            @Override
            public void close() {}
        };
    }
}
