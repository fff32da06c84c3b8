package io.casharness.grpc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.casharness.store.CasStore;
import io.casharness.store.Conflict;
import io.casharness.store.ForwardingCasStore;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.StoreOptions;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import io.casharness.store.memory.MemoryBackend;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each gateway mode's update, step by step, on the model: the handler's replica races another replica that writes
 * the key right before each of the handler's writes, so every branch (stale, lost race, retried, exhausted) is
 * scripted, not hoped for.
 */
class GatewayModeHandlersTest {
    private static final ObjectKey KEY = ObjectKey.of("modes", "k");

    private MemoryBackend backend;
    private CasStore other;
    private RacedStore gateway;

    @BeforeEach
    void open() {
        backend = new MemoryBackend();
        other = backend.openReplica(StoreOptions.defaults().withReplicaName("other"));
        gateway = new RacedStore(backend.openReplica(StoreOptions.defaults().withReplicaName("gateway")), other);
    }

    @AfterEach
    void close() {
        gateway.close();
        other.close();
        backend.close();
    }

    private static ObjectSpec spec(String payload) {
        return ObjectSpec.of(KEY, payload.getBytes(UTF_8));
    }

    private long create() {
        return ((Written) other.put(spec("created"), WriteCondition.mustCreate()))
                .object()
                .resourceVersion();
    }

    private long otherWrites(String payload) {
        return ((Written) other.put(spec(payload), WriteCondition.unconditional()))
                .object()
                .resourceVersion();
    }

    private String stored() {
        return new String(other.get(KEY).orElseThrow().payload(), UTF_8);
    }

    private long current() {
        return other.get(KEY).orElseThrow().resourceVersion();
    }

    /** A replica whose every conditional write is preceded by {@code races} writes of another replica. */
    private static final class RacedStore extends ForwardingCasStore {
        private final CasStore racer;
        final AtomicInteger races = new AtomicInteger();
        final AtomicInteger conditionalWrites = new AtomicInteger();

        RacedStore(CasStore delegate, CasStore racer) {
            super(delegate);
            this.racer = racer;
        }

        @Override
        public PutOutcome put(ObjectSpec spec, WriteCondition condition) {
            if (condition instanceof WriteCondition.MatchVersion) {
                int n = conditionalWrites.incrementAndGet();
                if (races.getAndDecrement() > 0) {
                    racer.put(
                            ObjectSpec.of(spec.key(), ("racer-" + n).getBytes(UTF_8)), WriteCondition.unconditional());
                }
            }
            return delegate.put(spec, condition);
        }
    }

    @Test
    void oneAttemptAnswersAStaleVersionWithTheCurrentOneAndWritesNothing() {
        long read = create();
        long newer = otherWrites("newer");
        PutOutcome out = new OneAttemptHandler().update(gateway, spec("stale"), read);
        assertThat(out).isEqualTo(Conflict.at(KEY, read, newer));
        assertThat(gateway.conditionalWrites).hasValue(0);
        assertThat(stored()).isEqualTo("newer");
    }

    @Test
    void oneAttemptLosesARaceAfterItsReadAsAbortedWithoutRetrying() {
        long read = create();
        gateway.races.set(1);
        PutOutcome out = new OneAttemptHandler().update(gateway, spec("mine"), read);
        assertThat(out).isInstanceOf(Conflict.class);
        assertThat(((Conflict) out).currentVersion()).hasValue(current());
        assertThat(gateway.conditionalWrites).hasValue(1);
        assertThat(stored()).isEqualTo("racer-1");
    }

    @Test
    void oneAttemptWritesAtTheExpectedVersionWhenItIsCurrent() {
        long read = create();
        PutOutcome out = new OneAttemptHandler().update(gateway, spec("mine"), read);
        assertThat(out).isInstanceOf(Written.class);
        assertThat(((Written) out).object().resourceVersion()).isGreaterThan(read);
        assertThat(stored()).isEqualTo("mine");
    }

    @Test
    void oneAttemptAnswersAnAbsentObjectAsAConflictWithAbsent() {
        assertThat(new OneAttemptHandler().update(gateway, spec("mine"), 7)).isEqualTo(Conflict.absent(KEY, 7));
    }

    @Test
    void referenceAndOneAttemptRefuseTheSentinel() {
        create();
        assertThatThrownBy(() -> GatewayHandler.reference().update(gateway, spec("x"), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected_version must be >= 1, was 0");
        assertThatThrownBy(() -> new OneAttemptHandler().update(gateway, spec("x"), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected_version must be >= 1, was 0");
        assertThat(stored()).isEqualTo("created");
    }

    @Test
    void sentinelZeroOverwritesAWriteItsClientNeverSaw() {
        create();
        otherWrites("a write the client never read");
        PutOutcome out = new SentinelHandler(1).update(gateway, spec("client's stale copy"), 0);
        assertThat(out).isInstanceOf(Written.class);
        // the lost update the mode permits: nothing told the client that its copy was out of date
        assertThat(stored()).isEqualTo("client's stale copy");
    }

    @Test
    void sentinelProtectsOnlyItsOwnReadToWriteWindow() {
        create();
        gateway.races.set(1);
        PutOutcome out = new SentinelHandler(1).update(gateway, spec("mine"), 0);
        assertThat(out).isInstanceOf(Conflict.class);
        assertThat(((Conflict) out).currentVersion()).hasValue(current());
        assertThat(gateway.conditionalWrites).hasValue(1);
        assertThat(stored()).isEqualTo("racer-1");
    }

    @Test
    void sentinelRetriesZeroUntilAnAttemptWinsOverwritingTheRacers() {
        create();
        gateway.races.set(2);
        PutOutcome out = new SentinelHandler(3).update(gateway, spec("mine"), 0);
        assertThat(out).isInstanceOf(Written.class);
        assertThat(gateway.conditionalWrites).hasValue(3);
        assertThat(stored()).isEqualTo("mine");
    }

    @Test
    void sentinelRetryAnswersTheLastConflictWhenEveryAttemptLost() {
        create();
        gateway.races.set(5);
        PutOutcome out = new SentinelHandler(5).update(gateway, spec("mine"), 0);
        assertThat(out).isInstanceOf(Conflict.class);
        assertThat(((Conflict) out).currentVersion()).hasValue(current());
        assertThat(gateway.conditionalWrites).hasValue(5);
        assertThat(stored()).isEqualTo("racer-5");
    }

    @Test
    void sentinelRetryNeverRetriesARealExpectedVersion() {
        long read = create();
        gateway.races.set(1);
        PutOutcome out = new SentinelHandler(5).update(gateway, spec("mine"), read);
        assertThat(out).isInstanceOf(Conflict.class);
        assertThat(gateway.conditionalWrites).hasValue(1);
        assertThat(stored()).isEqualTo("racer-1");
    }

    @Test
    void sentinelOnAnAbsentObjectIsNotFound() {
        assertThatThrownBy(() -> new SentinelHandler(3).update(gateway, spec("mine"), 0))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        assertThat(other.get(KEY)).isEmpty();
    }

    @Test
    void sentinelRefusesANegativeExpectedVersionNamingTheBound() {
        assertThatThrownBy(() -> new SentinelHandler(1).update(gateway, spec("mine"), -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected_version must be 0 (use current) or >= 1 in mode sentinel, was -1");
        assertThatThrownBy(() -> new SentinelHandler(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sentinel maxAttempts must be between 1 and 100, was 0");
    }

    @Test
    void modesAreKnownByNameAndReportTheirName() {
        assertThat(GatewayModes.names())
                .containsExactly("reference", "one-attempt", "sentinel", "sentinel-retry3", "sentinel-retry5");
        for (String mode : GatewayModes.names()) {
            assertThat(GatewayModes.byName(mode).mode()).isEqualTo(mode);
        }
        assertThat(((SentinelHandler) GatewayModes.byName("sentinel-retry3")).maxAttempts())
                .isEqualTo(3);
        assertThatThrownBy(() -> GatewayModes.byName("retry"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown gateway mode \"retry\"")
                .hasMessageContaining("sentinel-retry5");
    }
}
