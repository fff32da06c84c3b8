package io.casharness.store.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.casharness.store.Backend;
import io.casharness.store.ForwardingCasStore;
import io.casharness.store.LabelSelector;
import io.casharness.store.ObjectSpec;
import io.casharness.store.Page;
import io.casharness.store.PageRequest;
import io.casharness.store.PutOutcome;
import io.casharness.store.StoredObject;
import io.casharness.store.WriteCondition;
import io.casharness.store.memory.MemoryBackend;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * A store with only the core (no names, no labels, no list, timestamps stuck at the epoch; it
 * also declares non-blocking writes absent, which it has but need not claim) passes the
 * suite when it declares those capabilities absent, with the tests that need them skipped and saying why; the same
 * store declaring everything fails them. The second run is the control: the skips hide exactly what would fail.
 */
class ConformanceSuiteSkipsAbsentCapabilitiesTest {

    /** The in-memory model without names, labels, list, or plausible timestamps (all at the epoch). */
    static Backend coreOnly() {
        return new DecoratedBackend(
                new MemoryBackend(),
                "core-only",
                o -> o.withClock(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)),
                s -> new ForwardingCasStore(s) {
                    @Override
                    public PutOutcome put(ObjectSpec spec, WriteCondition condition) {
                        if (spec != null
                                && (spec.name() != null || !spec.labels().isEmpty())) {
                            throw new UnsupportedOperationException("core-only stores keep no names or labels");
                        }
                        return delegate.put(spec, condition);
                    }

                    @Override
                    public Optional<StoredObject> getByName(String kind, String name) {
                        throw new UnsupportedOperationException("core-only stores have no names");
                    }

                    @Override
                    public Page list(String kind, LabelSelector selector, PageRequest page) {
                        throw new UnsupportedOperationException("core-only stores do not list");
                    }
                });
    }

    /** Declares the truth: only the core. */
    static final class CoreOnlyDeclared extends ConformanceSuiteCatchesBrokenStoresTest.BrokenSuite {
        @Override
        protected Backend openBackend() {
            return coreOnly();
        }

        @Override
        protected Set<Capability> capabilities() {
            return EnumSet.noneOf(Capability.class);
        }
    }

    /** Claims every capability it lacks. */
    static final class CoreOnlyClaimingEverything extends ConformanceSuiteCatchesBrokenStoresTest.BrokenSuite {
        @Override
        protected Backend openBackend() {
            return coreOnly();
        }
    }

    @Test
    void aStoreWithOnlyTheCorePassesWithTheTestsOfWhatItLacksSkippedNamingTheCapability() {
        Outcomes declared = run(CoreOnlyDeclared.class);
        Outcomes claiming = run(CoreOnlyClaimingEverything.class);
        System.out.println("[conformance-capabilities] core-only: " + declared.passed.size() + " passed, "
                + declared.skipped.size() + " skipped " + declared.skipped.keySet() + "; claiming everything: "
                + claiming.failed.size() + " failed");

        assertThat(declared.failed)
                .as("failed although the capabilities are declared absent")
                .isEmpty();
        // the numbers docs/your-store.md states: change both together
        assertThat(declared.passed).as("core tests that ran").hasSize(59);
        assertThat(declared.skipped).as("tests skipped for a capability").hasSize(30);
        assertThat(claiming.failed).as("tests failed claiming every capability").hasSize(64);
        assertThat(declared.skipped.values())
                .isNotEmpty()
                .allSatisfy(
                        reason -> assertThat(reason)
                                .matches(
                                        "Assumption failed: needs (NAMES|LABELS|PAGING|TIMESTAMPS|NON_BLOCKING_WRITES), which CoreOnlyDeclared declares absent"));
        for (Capability c : Capability.values()) {
            assertThat(declared.skipped.values()).as("skipped for %s", c).anyMatch(r -> r.contains("needs " + c));
        }
        assertThat(claiming.failed)
                .as("the same store claiming every capability")
                .contains(
                        "namesAreUniquePerKindOnly",
                        "labelsAreStoredOnCreateAndReplacedByAWrite",
                        "listPagesThroughEveryObjectInIdOrderWithoutDuplicatesOrGaps",
                        "createdIsKeptOnUpdateAndUpdatedNeverGoesBack");
        assertThat(claiming.skipped).isEmpty();
    }

    private static Outcomes run(Class<?> suite) {
        return SelfTestOnly.run(suite, new Outcomes());
    }

    /** Test display names by outcome; skipped ones with the reason. */
    private static final class Outcomes implements TestExecutionListener {
        final Set<String> passed = new java.util.TreeSet<>();
        final Set<String> failed = new java.util.TreeSet<>();
        final Map<String, String> skipped = new TreeMap<>();

        @Override
        public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (!id.isTest()) {
                return;
            }
            String name = id.getSource().orElse(null)
                            instanceof org.junit.platform.engine.support.descriptor.MethodSource m
                    ? m.getMethodName()
                            + (id.getDisplayName().startsWith(m.getMethodName()) ? "" : " " + id.getDisplayName())
                    : id.getDisplayName();
            switch (result.getStatus()) {
                case SUCCESSFUL -> passed.add(name);
                case ABORTED ->
                    skipped.put(
                            name,
                            result.getThrowable().map(Throwable::getMessage).orElse(""));
                case FAILED -> failed.add(name);
            }
        }
    }
}
