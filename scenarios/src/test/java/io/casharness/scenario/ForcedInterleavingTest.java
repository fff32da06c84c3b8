package io.casharness.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.casharness.scenario.check.Anomaly;
import io.casharness.scenario.check.AnomalyType;
import io.casharness.scenario.check.Verdict;
import io.casharness.scenario.history.HistoryRecorder;
import io.casharness.scenario.history.Op;
import io.casharness.scenario.workload.AppendWorkload;
import io.casharness.scenario.zoo.BlindWrite;
import io.casharness.store.Backend;
import io.casharness.store.CasStore;
import io.casharness.store.ObjectKey;
import io.casharness.store.StoreOptions;
import io.casharness.store.UpdateOutcome;
import io.casharness.store.Updated;
import io.qameta.allure.Allure;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A race turned into a script with {@link Pause}: replica 0 reads {@code append/k0}, is held before its write;
 * replica 1 appends to the same key and completes; replica 0 is released and writes from its stale read.
 *
 * <ul>
 *   <li>On {@code blind-write} (update = read + unconditional write) this loses replica 1's append every time: the
 *       checker reports exactly that lost update, naming both updates.
 *   <li>On the reference store the same script costs replica 0 one conflict and a retry, and nothing is lost.
 * </ul>
 */
@ExtendWith(SharedBackends.class)
class ForcedInterleavingTest {
    static final ObjectKey KEY = ObjectKey.of("append", "k0");
    static final Duration WAIT = Duration.ofSeconds(10);

    static List<String> backends() {
        return SharedBackends.NAMES;
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("backends")
    void pausedBlindWriterLosesTheOtherReplicasUpdate(String backendName, SharedBackends.Pool backends)
            throws Exception {
        Script run = script(backends.get(backendName), new BlindWrite());

        assertThat(run.slow).isInstanceOf(Updated.class);
        assertThat(run.fast).isInstanceOf(Updated.class);
        Verdict v = run.verdict();
        assertThat(v.result()).as(v.summary()).isEqualTo(Verdict.Result.FAIL);
        assertThat(v.anomalies()).extracting(Anomaly::type).containsOnly(AnomalyType.LOST_UPDATE);
        assertThat(v.anomalies())
                .as("the lost update names both updates")
                .anySatisfy(a -> assertThat(a.ops()).extracting(Op::token).contains(run.slowToken, run.fastToken));
        assertThat(run.finalTokens()).contains(run.slowToken).doesNotContain(run.fastToken);
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("backends")
    void sameScriptOnTheReferenceStoreRetriesAndLosesNothing(String backendName, SharedBackends.Pool backends)
            throws Exception {
        Script run = script(backends.get(backendName), StoreUnderTest.REFERENCE);

        assertThat(run.slow)
                .isInstanceOfSatisfying(
                        Updated.class, u -> assertThat(u.attempts()).isEqualTo(2));
        Verdict v = run.verdict();
        assertThat(v.result()).as(v.summary()).isEqualTo(Verdict.Result.PASS);
        assertThat(run.finalTokens()).contains(run.slowToken, run.fastToken);
    }

    /** The scripted race and its history. */
    private static final class Script {
        HistoryRecorder recorder = new HistoryRecorder();
        UpdateOutcome slow;
        UpdateOutcome fast;
        String slowToken;
        String fastToken;
        Worker reader;

        Verdict verdict() {
            Verdict v = Judgement.checker().check(recorder.history());
            StringBuilder text = new StringBuilder(v.summary()).append("\n\nhistory:\n");
            recorder.history().ops().forEach(op -> text.append(op.describe()).append('\n'));
            Allure.addAttachment("verdict and history", "text/plain", text.toString());
            return v;
        }

        List<String> finalTokens() {
            return recorder.history().ops().stream()
                    .filter(op -> op.process() == 3 && op.type() == Op.OpType.READ)
                    .reduce((a, b) -> b)
                    .orElseThrow()
                    .observed();
        }
    }

    private static Script script(Backend backend, StoreUnderTest sut) throws Exception {
        backend.reset();
        AppendWorkload append = new AppendWorkload();
        Script s = new Script();
        Pause pause = Pause.when(Hooks.Point.BEFORE_WRITE, 0, KEY);
        StoreOptions options = StoreOptions.defaults();
        try (CasStore setupStore =
                        StoreUnderTest.REFERENCE.open(backend, options.withReplicaName("setup"), 9, Hooks.NONE);
                CasStore slowStore = sut.open(backend, options.withReplicaName("replica-0"), 0, pause);
                CasStore fastStore = sut.open(backend, options.withReplicaName("replica-1"), 1, Hooks.NONE);
                CasStore readStore =
                        StoreUnderTest.REFERENCE.open(backend, options.withReplicaName("final"), 3, Hooks.NONE)) {
            Worker setup = worker(s, setupStore, 2, 2, append);
            String setupToken = setup.nextToken();
            setup.put(
                    io.casharness.store.ObjectSpec.of(
                            KEY, Doc.EMPTY.append(setupToken).encode()),
                    io.casharness.store.WriteCondition.mustCreate(),
                    0,
                    setupToken,
                    null);
            Worker slow = worker(s, slowStore, 0, 0, append);
            Worker fast = worker(s, fastStore, 1, 1, append);
            s.slowToken = slow.nextToken();
            s.fastToken = fast.nextToken();
            CompletableFuture<UpdateOutcome> slowUpdate = CompletableFuture.supplyAsync(() -> slow.update(
                    KEY,
                    cur -> cur.spec()
                            .withPayload(Doc.decode(cur.payload())
                                    .append(s.slowToken)
                                    .encode()),
                    s.slowToken,
                    null));
            await("replica 0 held between its read and its write").atMost(WAIT).until(pause::isReached);
            s.fast = fast.update(
                    KEY,
                    cur -> cur.spec()
                            .withPayload(Doc.decode(cur.payload())
                                    .append(s.fastToken)
                                    .encode()),
                    s.fastToken,
                    null);
            pause.release();
            s.slow = slowUpdate.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            s.reader = worker(s, readStore, 3, 3, append);
            s.reader.read(KEY);
        }
        return s;
    }

    private static Worker worker(Script s, CasStore store, int process, int replica, AppendWorkload w) {
        return new Worker(
                store,
                s.recorder.process(process, replica, 0),
                RandomGenerator.of("L64X128MixRandom"),
                ScenarioRunner.RETRY,
                w::observe);
    }
}
