package io.casharness.store;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The invariants of the value and outcome records, checked at construction. */
class ValuesTest {
    private static final ObjectKey KEY = ObjectKey.of("widget", "a");
    private static final Instant T = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void aConflictNeverReportsTheExpectedVersionAsCurrent() {
        assertThatThrownBy(() -> Conflict.at(KEY, 3, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a conflict cannot report the expected version 3 as current for widget/a");
        assertThatThrownBy(() -> Conflict.at(KEY, 0, 3))
                .hasMessage("a conflict's expected version must be >= 1, was 0 for widget/a");
        assertThatThrownBy(() -> Conflict.at(KEY, 2, 0))
                .hasMessage("a conflict's current version must be >= 1, was 0 for widget/a");
        assertThatThrownBy(() -> new Conflict(null, 1, OptionalLong.empty())).hasMessage("key");
        assertThatThrownBy(() -> new Conflict(KEY, 1, null)).hasMessage("currentVersion");
    }

    @Test
    void aConflictSaysWhatItFound() {
        assertThat(Conflict.at(KEY, 3, 5)).hasToString("Conflict[widget/a expected v3, current v5]");
        assertThat(Conflict.at(KEY, 3, 5).isAbsent()).isFalse();
        assertThat(Conflict.absent(KEY, 3)).hasToString("Conflict[widget/a expected v3, current absent]");
        assertThat(Conflict.absent(KEY, 3).isAbsent()).isTrue();
    }

    @Test
    void anExhaustedUpdateHasAtLeastOneConflictAndNoMoreThanItsAttempts() {
        List<Conflict> conflicts = new ArrayList<>(List.of(Conflict.at(KEY, 1, 2), Conflict.at(KEY, 2, 4)));
        Exhausted e = new Exhausted(KEY, 2, conflicts);
        conflicts.clear();

        assertThat(e.conflicts()).hasSize(2);
        assertThat(e.lastConflict()).isEqualTo(Conflict.at(KEY, 2, 4));
        assertThat(e).hasToString("update of widget/a exhausted after 2 attempts; last attempt expected v2, found v4");
        assertThatThrownBy(() -> new Exhausted(KEY, 0, List.of(Conflict.at(KEY, 1, 2))))
                .hasMessage("attempts must be >= 1, was 0 for widget/a");
        assertThatThrownBy(() -> new Exhausted(KEY, 2, List.of()))
                .hasMessage("an exhausted update has 1 to attempts (2) conflicts, was 0 for widget/a");
        assertThatThrownBy(() -> new Exhausted(KEY, 1, List.of(Conflict.at(KEY, 1, 2), Conflict.at(KEY, 2, 3))))
                .hasMessage("an exhausted update has 1 to attempts (1) conflicts, was 2 for widget/a");
    }

    @Test
    void anUpdateCountsItsAttemptsFromOneAndHasFewerConflictsThanAttempts() {
        StoredObject o = stored(7);
        assertThat(new Updated(o, 1, 0).key()).isEqualTo(KEY);
        assertThatThrownBy(() -> new Updated(o, 0, 0)).hasMessage("attempts must be >= 1, was 0");
        assertThatThrownBy(() -> new Updated(o, 2, 2))
                .hasMessage("conflicts must be between 0 and attempts - 1 (1), was 2");
        assertThatThrownBy(() -> new Updated(o, 2, -1))
                .hasMessage("conflicts must be between 0 and attempts - 1 (1), was -1");
        assertThatThrownBy(() -> new Updated(null, 1, 0)).hasMessage("object");
    }

    @Test
    void otherOutcomesRequireTheirParts() {
        assertThatThrownBy(() -> new Deleted(KEY, 0)).hasMessage("deletedVersion must be >= 1, was 0 for widget/a");
        assertThatThrownBy(() -> new Deleted(null, 1)).hasMessage("key");
        assertThatThrownBy(() -> new NotFound(null)).hasMessage("key");
        assertThatThrownBy(() -> new AlreadyExists(KEY, null, KEY)).hasMessage("constraint");
        assertThat(new AlreadyExists(KEY, AlreadyExists.Constraint.NAME, null).holder())
                .as("the holder may be unknown")
                .isNull();
        assertThatThrownBy(() -> new Written(null)).hasMessage("object");
        assertThat(new Written(stored(4)).version()).isEqualTo(4);
        assertThat(new Written(stored(4)).isWritten()).isTrue();
        assertThat(Conflict.absent(KEY, 1).isWritten()).isFalse();
    }

    @Test
    void orThrowGivesTheObjectOrAnExceptionThatSaysWhatHappened() {
        StoredObject o = stored(9);
        assertThat(new Updated(o, 1, 0).orThrow()).isSameAs(o);

        Exhausted e = new Exhausted(KEY, 1, List.of(Conflict.at(KEY, 1, 2)));
        assertThatThrownBy(e::orThrow)
                .isInstanceOf(UpdateExhaustedException.class)
                .hasMessage(e.toString())
                .satisfies(t ->
                        assertThat(((UpdateExhaustedException) t).exhausted()).isSameAs(e));
        assertThatThrownBy(new NotFound(KEY)::orThrow)
                .isInstanceOf(ObjectNotFoundException.class)
                .hasMessage("no object widget/a")
                .satisfies(t -> assertThat(((ObjectNotFoundException) t).key()).isEqualTo(KEY));
        ObjectKey holder = ObjectKey.of("widget", "b");
        assertThatThrownBy(new AlreadyExists(KEY, AlreadyExists.Constraint.NAME, holder)::orThrow)
                .isInstanceOf(CasStoreException.class)
                .isNotInstanceOf(ObjectNotFoundException.class)
                .hasMessage("update of widget/a would break the unique NAME constraint held by widget/b");
    }

    @Test
    void storedObjectsHaveVersionsFromOne() {
        assertThatThrownBy(() -> stored(0)).hasMessage("resourceVersion must be >= 1, was 0");
        assertThatThrownBy(() -> stored(-5)).hasMessage("resourceVersion must be >= 1, was -5");
        assertThatThrownBy(() -> new StoredObject(spec("x"), 1, null, T)).hasMessage("createdAt");
    }

    @Test
    void specsAndStoredObjectsCopyTheirPayloadInAndOut() {
        byte[] payload = bytes("abc");
        ObjectSpec spec = ObjectSpec.of(KEY, payload);
        payload[0] = 'X';
        spec.payload()[1] = 'Y';

        assertThat(spec.payload()).isEqualTo(bytes("abc"));
        assertThat(spec.payloadSize()).isEqualTo(3);
        StoredObject o = new StoredObject(spec, 1, T, T);
        o.payload()[0] = 'Z';
        assertThat(o.payload()).isEqualTo(bytes("abc"));
    }

    @Test
    void specsCompareByContentAndKeepLabelsImmutable() {
        ObjectSpec a = new ObjectSpec(KEY, "n", Map.of("k", "v"), new byte[] {0, 1});
        ObjectSpec b = new ObjectSpec(KEY, "n", Map.of("k", "v"), new byte[] {0, 1});

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(a.withPayload(new byte[] {0, 2}));
        assertThat(a.withName(null).optionalName()).isEmpty();
        assertThat(new StoredObject(a, 3, T, T)).isEqualTo(new StoredObject(b, 3, T, T));
        assertThatThrownBy(() -> a.labels().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(a.toString()).contains("2 bytes").doesNotContain("[0, 1]");
        assertThatThrownBy(() -> a.withLabels(Map.of("bad key", "v"))).hasMessageContaining("\"bad key\"");
        assertThatThrownBy(() -> a.withName("bad name")).hasMessageContaining("\"bad name\"");
        assertThatThrownBy(() -> ObjectSpec.of(KEY, null)).hasMessage("payload");
    }

    @Test
    void keysOrderByKindThenId() {
        assertThat(ObjectKey.of("a", "z")).isLessThan(ObjectKey.of("b", "a"));
        assertThat(ObjectKey.of("a", "B")).isLessThan(ObjectKey.of("a", "a"));
        assertThat(KEY).hasToString("widget/a");
    }

    @Test
    void writeConditionsValidateAndPrintThemselves() {
        assertThatThrownBy(() -> WriteCondition.matchVersion(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MatchVersion.version must be >= 1, was 0");
        assertThat(WriteCondition.matchVersion(4)).hasToString("MatchVersion(4)");
        assertThat(WriteCondition.mustCreate()).hasToString("MustCreate");
        assertThat(WriteCondition.unconditional()).hasToString("Unconditional");
    }

    @Test
    void pageRequestsAreBoundedAndFollowTheirPages() {
        assertThatThrownBy(() -> PageRequest.first(0)).hasMessage("page limit must be between 1 and 10000, was 0");
        assertThatThrownBy(() -> PageRequest.first(10_001))
                .hasMessage("page limit must be between 1 and 10000, was 10001");
        assertThatThrownBy(() -> new PageRequest(1, null)).hasMessage("after");
        Page page = new Page(List.of(stored(1)), Optional.of("a"));
        assertThat(PageRequest.first(5).next(page)).isEqualTo(new PageRequest(5, Optional.of("a")));
        assertThatThrownBy(() -> page.items().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void storeOptionsAreValidatedNamingTheBound() {
        assertThatThrownBy(() -> new StoreOptions(" ", 1, Clock.systemUTC()))
                .hasMessage("replicaName must not be blank");
        assertThatThrownBy(() -> StoreOptions.defaults().withMaxPayloadBytes(-1))
                .hasMessage("maxPayloadBytes must be between 0 and 67108864, was -1");
        assertThatThrownBy(() -> StoreOptions.defaults().withMaxPayloadBytes(StoreOptions.MAX_PAYLOAD_BOUND + 1))
                .hasMessage("maxPayloadBytes must be between 0 and 67108864, was 67108865");
        assertThatThrownBy(() -> StoreOptions.defaults().withClock(null)).hasMessage("clock");
        assertThat(StoreOptions.defaults().maxPayloadBytes()).isEqualTo(Limits.DEFAULT_MAX_PAYLOAD_BYTES);
        assertThatThrownBy(() -> StoreOptions.defaults().withBasisCacheBytes(-1))
                .hasMessage("basisCacheBytes must be between 0 and 1073741824, was -1");
        assertThatThrownBy(() -> StoreOptions.defaults().withBasisCacheBytes(StoreOptions.MAX_BASIS_CACHE_BOUND + 1))
                .hasMessage("basisCacheBytes must be between 0 and 1073741824, was 1073741825");
        assertThat(StoreOptions.defaults().basisCacheBytes()).isEqualTo(StoreOptions.DEFAULT_BASIS_CACHE_BYTES);
        assertThat(StoreOptions.defaults().updateTurns()).isTrue();
        assertThat(StoreOptions.defaults().withUpdateTurns(false).withBasisCacheBytes(0))
                .isEqualTo(
                        new StoreOptions("replica-1", Limits.DEFAULT_MAX_PAYLOAD_BYTES, Clock.systemUTC(), 0, false));
    }

    @Test
    void accessExceptionsCarryTheirClassificationAndContext() {
        RuntimeException cause = new RuntimeException("driver says busy");
        StoreAccessException e =
                new StoreAccessException(ErrorClass.TRANSIENT, "sqlite", "SQLITE_BUSY", 5, "database is locked", cause);

        assertThat(e).hasMessage("[TRANSIENT backend=sqlite sqlState=SQLITE_BUSY code=5] database is locked");
        assertThat(e.getCause()).isSameAs(cause);
        assertThat(e.backend()).isEqualTo("sqlite");
        assertThat(e.sqlState()).isEqualTo("SQLITE_BUSY");
        assertThat(e.vendorCode()).isEqualTo(5);
        for (ErrorClass c : ErrorClass.values()) {
            StoreAccessException x = new StoreAccessException(c, "postgres", null, 0, "m", null);
            assertThat(x.isTransient()).as("%s transient", c).isEqualTo(c == ErrorClass.TRANSIENT);
            assertThat(x.outcomeUnknown()).as("%s unknown", c).isEqualTo(c == ErrorClass.CONNECTION_LOST);
        }
        assertThat(new StoreClosedException("memory replica-2")).hasMessage("store is closed: memory replica-2");
    }

    private static ObjectSpec spec(String payload) {
        return ObjectSpec.of(KEY, bytes(payload));
    }

    private static StoredObject stored(long version) {
        return new StoredObject(spec("x"), version, T, T);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(US_ASCII);
    }
}
