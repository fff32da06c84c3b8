package io.casharness.scenario.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.casharness.grpc.GrpcBackend;
import io.casharness.scenario.fault.FaultPlan;
import io.casharness.scenario.history.FaultEvent;
import io.casharness.store.CasStore;
import io.casharness.store.Conflict;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.StoreOptions;
import io.casharness.store.WriteCondition;
import io.casharness.store.jdbc.JdbcBackend;
import io.casharness.store.memory.MemoryBackend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replica processes over one SQLite file: they share its data, a crash is a new process on the same port that answers
 * again, and no child outlives {@link ReplicaProcesses#close()}, counted from outside (this JVM's descendants).
 */
class ReplicaProcessesTest {
    private static final ObjectKey KEY = new ObjectKey("widget", "w-1");

    @TempDir
    Path logs;

    /** {@code java -cp <this JVM's class path> io.casharness.scenario.cli.Main}, as the main job launches a child. */
    static List<String> launcher() {
        return List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "io.casharness.scenario.cli.Main");
    }

    /** The {@code serve} processes among this JVM's descendants. */
    static List<ProcessHandle> serveChildren() {
        return ProcessHandle.current()
                .descendants()
                .filter(h -> commandLine(h).contains(" serve "))
                .toList();
    }

    private ReplicaProcesses start(int n) {
        JdbcBackend served = JdbcBackend.sqliteTemp();
        return ReplicaProcesses.start(
                served,
                ReplicaProcesses.childBackend("sqlite", Map.of(), served),
                launcher(),
                n,
                logs,
                ReplicaProcesses.READY_TIMEOUT);
    }

    @Test
    void replicasInTwoProcessesShareOneDatabaseAndNoneOutlivesClose() {
        int before = serveChildren().size();
        List<Long> pids;
        ReplicaProcesses p = start(2);
        try {
            pids = p.pids();
            assertThat(pids).hasSize(2).doesNotHaveDuplicates();
            assertThat(serveChildren()).extracting(ProcessHandle::pid).containsAll(pids);
            assertThat(p.describe()).contains("2 replica processes").contains("serving sqlite");
            try (CasStore a = p.openReplica(StoreOptions.defaults().withReplicaName("a"));
                    CasStore b = p.openReplica(StoreOptions.defaults().withReplicaName("b"))) {
                assertThat(a.describe()).contains("replica-1");
                assertThat(b.describe()).contains("replica-2");
                assertThat(a.put(ObjectSpec.of(KEY, new byte[] {7}), WriteCondition.mustCreate())
                                .isWritten())
                        .isTrue();
                assertThat(b.get(KEY))
                        .as("the other process reads what one wrote")
                        .isPresent();
            }
            p.reset();
            try (CasStore a = p.openReplica(StoreOptions.defaults())) {
                assertThat(a.get(KEY)).as("reset went through the protocol").isEmpty();
            }
        } finally {
            p.close();
        }
        Map<String, Integer> codes = p.stopped();
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("pid %d is gone", pid)
                    .isFalse();
        }
        assertThat(codes).containsOnlyKeys("replica-1", "replica-2");
        assertThat(codes.values()).as("graceful stops exit 0").containsOnly(0);
        assertThat(serveChildren()).hasSize(before);
    }

    @Test
    void aReplicaInAZooModeIsServedByChildrenStartedAgainInItAndTheReferenceModeComesBack() {
        int before = serveChildren().size();
        ObjectSpec spec = ObjectSpec.of(KEY, new byte[] {1});
        ReplicaProcesses p = start(2);
        try {
            List<Long> first = p.pids();
            try (CasStore a = p.openReplica(StoreOptions.defaults(), "gateway-conflict-ok")) {
                assertThat(p.mode()).isEqualTo("gateway-conflict-ok");
                assertThat(p.pids()).as("new processes").doesNotContainAnyElementsOf(first);
                assertThat(a.put(spec, WriteCondition.mustCreate()).isWritten()).isTrue();
                assertThat(a.put(spec, WriteCondition.matchVersion(1)).isWritten())
                        .isTrue();
                assertThat(a.put(spec, WriteCondition.matchVersion(1)).isWritten())
                        .as("the mistaken handler in the child answers a lost race OK")
                        .isTrue();
            }
            try (CasStore r = p.openReplica(StoreOptions.defaults())) {
                assertThat(p.mode()).isEqualTo(ReplicaProcesses.REFERENCE_MODE);
                assertThat(r.put(spec, WriteCondition.matchVersion(1)))
                        .as("control: the reference children report the same lost race as a conflict")
                        .isInstanceOf(Conflict.class);
            }
            assertThat(p.describe()).contains("mode gateway-conflict-ok, then reference");
            assertThatThrownBy(() -> p.openReplica(StoreOptions.defaults(), "bogus"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("unknown gateway mode \"bogus\"");
            try (CasStore r = p.openReplica(StoreOptions.defaults())) {
                assertThat(r.get(KEY))
                        .as("after a failed switch the next replica switches again")
                        .isPresent();
            }
        } finally {
            p.close();
        }
        assertThat(serveChildren()).hasSize(before);
    }

    @Test
    void aCrashIsANewProcessOnTheSamePortThatAnswersAgain() {
        try (ReplicaProcesses p = start(2)) {
            try (CasStore a = p.openReplica(StoreOptions.defaults())) {
                assertThat(a.put(ObjectSpec.of(KEY, new byte[] {1}), WriteCondition.mustCreate())
                                .isWritten())
                        .isTrue();
            }
            List<String> endpoints = p.endpoints();
            List<Long> first = p.pids();
            CrashFault crash = new CrashFault();
            assertThat(crash.skipReason(p, FaultPlan.NONE)).isNull();
            SplittableRandom random = new SplittableRandom(5);
            List<FaultEvent> events = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                events.add(crash.inject(p, random, System.nanoTime() + 60_000_000_000L));
            }
            assertThat(events).allSatisfy(e -> {
                assertThat(e.error()).isNull();
                assertThat(e.count()).isEqualTo(1);
                assertThat(e.action()).contains("SIGKILL").contains("started it again as pid");
            });
            // counted from outside: every crash replaced one process id, and the killed ones are gone
            List<Long> now = p.pids();
            long replaced = 0;
            for (int i = 0; i < first.size(); i++) {
                if (!first.get(i).equals(now.get(i))) {
                    replaced++;
                    assertThat(ProcessHandle.of(first.get(i))
                                    .map(ProcessHandle::isAlive)
                                    .orElse(false))
                            .isFalse();
                }
            }
            assertThat(replaced).isBetween(1L, 2L);
            // each event names the process it killed and the one it started, and the survivors are those
            Pattern said = Pattern.compile("killed replica-\\d+ \\(pid (\\d+), SIGKILL\\).* as pid (\\d+) on port");
            Set<Long> started = new HashSet<>();
            for (FaultEvent e : events) {
                Matcher m = said.matcher(e.action());
                assertThat(m.find()).as(e.action()).isTrue();
                assertThat(m.group(1)).isNotEqualTo(m.group(2));
                started.add(Long.parseLong(m.group(2)));
            }
            assertThat(started).hasSize(2);
            Set<Long> known = new HashSet<>(first);
            known.addAll(started);
            assertThat(known).containsAll(now);
            assertThat(p.endpoints()).as("the same ports").isEqualTo(endpoints);
            try (GrpcBackend again = GrpcBackend.connect(endpoints)) {
                assertThat(again.servedBackend()).as("every port answers again").isEqualTo("sqlite");
            }
            try (CasStore a = p.openReplica(StoreOptions.defaults());
                    CasStore b = p.openReplica(StoreOptions.defaults())) {
                assertThat(a.get(KEY)).as("the data outlived the crashes").isPresent();
                assertThat(b.get(KEY)).isPresent();
            }
            assertThat(serveChildren()).hasSize(2);
        }
    }

    @Test
    void crashDoesNotApplyWithoutProcessesAndMemoryCannotBeShared() {
        try (MemoryBackend memory = new MemoryBackend()) {
            assertThat(new CrashFault().skipReason(memory, FaultPlan.NONE)).contains("--replica-processes");
            assertThatThrownBy(() -> ReplicaProcesses.childBackend("memory", Map.of(), memory))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("lives in one process");
        }
    }

    @Test
    void aChildThatCannotOpenItsBackendFailsTheStartAndLeavesNothing() throws Exception {
        int before = serveChildren().size();
        JdbcBackend served = JdbcBackend.sqliteTemp();
        assertThatThrownBy(() -> ReplicaProcesses.start(
                        served,
                        new ReplicaProcesses.ChildBackend("sqlite:file=/proc/no-such-dir/cas.db", Map.of()),
                        launcher(),
                        2,
                        logs,
                        ReplicaProcesses.READY_TIMEOUT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited with 3 before it was ready")
                .hasMessageContaining("would not open");
        assertThat(serveChildren()).hasSize(before);
        assertThat(Files.readString(logs.resolve("replica-1.stderr.log"))).contains("would not open");
    }

    /**
     * The process's command line, from {@code /proc} (where {@link ProcessHandle.Info#commandLine()} may be empty,
     * as it is in some containers); empty for a process that is gone.
     */
    static String commandLine(ProcessHandle h) {
        try {
            return new String(
                            Files.readAllBytes(Path.of("/proc", Long.toString(h.pid()), "cmdline")),
                            StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
