package io.casharness.scenario.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.casharness.scenario.history.Op;
import io.casharness.scenario.history.Op.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The revision rules on hand-made histories: a create claims revision {@code revision} of the scope in its
 * {@code value}, on key {@code <scope>.r<revision>}. {@code lost-revision} when an acknowledged revision is not
 * present at the end, {@code revision-gap} when a scope is not dense, and give-ups counted in the notes, not
 * reported as anomalies; dense and present revisions pass.
 */
class CheckerRevisionsTest {
    private static final String KIND = "revisions";
    private final Checker checker =
            Checker.builder().revisionKinds(KIND).requireEvidence(false).build();

    private static String id(String scope, long revision) {
        return scope + ".r" + revision;
    }

    private static Op.Builder claim(String scope, long revision, int attempt, String token) {
        return Op.create(KIND, id(scope, revision))
                .value(scope)
                .revision(revision)
                .attempts(attempt)
                .token(token);
    }

    private static Op created(HistoryBuilder h, int p, String scope, long revision, long v, long t0, String token) {
        return h.add(
                p, claim(scope, revision, 1, token).outcome(Outcome.WRITTEN).writtenVersion(v), t0, t0 + 1);
    }

    private static Op refused(HistoryBuilder h, int p, String scope, long revision, int attempt, long t0) {
        return h.add(
                p, claim(scope, revision, attempt, "p" + p + "@" + t0).outcome(Outcome.ALREADY_EXISTS_KEY), t0, t0 + 1);
    }

    private static Op finalRead(HistoryBuilder h, String scope, long revision, long v, String token) {
        return h.read(9, id(scope, revision), v, 1000 + 10 * v, 1001 + 10 * v, token);
    }

    @Test
    void denseAcknowledgedRevisionsPassAndTheNotesSayWhatTheyProved() {
        HistoryBuilder h = new HistoryBuilder().kind(KIND);
        created(h, 0, "s0", 1, 1, 0, "a");
        created(h, 1, "s0", 2, 2, 10, "b");
        refused(h, 2, "s0", 2, 1, 11);
        h.add(2, claim("s0", 3, 2, "c").outcome(Outcome.WRITTEN).writtenVersion(3), 20, 21);
        created(h, 1, "s1", 1, 4, 30, "d");
        finalRead(h, "s0", 1, 1, "a");
        finalRead(h, "s0", 2, 2, "b");
        finalRead(h, "s0", 3, 3, "c");
        finalRead(h, "s1", 1, 4, "d");
        h.absent(9, id("s0", 4), 2000, 2001);
        Verdict v = checker.check(h.history());
        assertThat(v.result()).as(v.summary()).isEqualTo(Verdict.Result.PASS);
        assertThat(v.notes())
                .anySatisfy(n -> assertThat(n)
                        .startsWith("revisions: 4 acknowledged in 2 scopes (highest 3)")
                        .contains("of 4 appends, 1 needed a retry")
                        .contains("0 gave up"));
    }

    @Test
    void aRevisionOverwrittenByAnotherClaimIsLost() {
        HistoryBuilder h = new HistoryBuilder().kind(KIND);
        created(h, 0, "s0", 1, 1, 0, "a");
        Op first = created(h, 1, "s0", 2, 2, 10, "b");
        Op second = created(h, 2, "s0", 2, 3, 11, "c");
        finalRead(h, "s0", 1, 1, "a");
        Op last = finalRead(h, "s0", 2, 3, "c");
        Verdict v = checker.check(h.history());
        assertThat(v.countsByType()).containsEntry(AnomalyType.LOST_REVISION, 1);
        Anomaly a = v.anomalies().stream()
                .filter(x -> x.type() == AnomalyType.LOST_REVISION)
                .findFirst()
                .orElseThrow();
        assertThat(a.key()).isEqualTo(KIND + "/s0.r2");
        assertThat(a.ops()).containsExactly(first, second, last);
        assertThat(a.why().values()).containsEntry("revision", 2L).containsEntry("token", "b");
    }

    @Test
    void anAcknowledgedRevisionFoundAbsentAtTheEndIsLost() {
        HistoryBuilder h = new HistoryBuilder().kind(KIND);
        Op c = created(h, 0, "s0", 1, 1, 0, "a");
        Op gone = h.absent(9, id("s0", 1), 100, 101);
        Verdict v = checker.check(h.history());
        assertThat(v.countsByType()).containsEntry(AnomalyType.LOST_REVISION, 1);
        assertThat(v.anomalies().stream()
                        .filter(x -> x.type() == AnomalyType.LOST_REVISION)
                        .findFirst()
                        .orElseThrow()
                        .ops())
                .containsExactly(c, gone);
    }

    @Test
    void aMissingRevisionBelowAPresentOneIsAGap() {
        HistoryBuilder h = new HistoryBuilder().kind(KIND);
        created(h, 0, "s0", 1, 1, 0, "a");
        Op third = created(h, 1, "s0", 3, 2, 10, "c");
        finalRead(h, "s0", 1, 1, "a");
        finalRead(h, "s0", 3, 2, "c");
        h.absent(9, id("s0", 2), 2000, 2001);
        Verdict v = checker.check(h.history());
        assertThat(v.anomalies()).as(v.summary()).hasSize(1);
        Anomaly a = v.anomalies().get(0);
        assertThat(a.type()).isEqualTo(AnomalyType.REVISION_GAP);
        assertThat(a.ops()).containsExactly(third);
        assertThat(a.why().values()).containsEntry("missing", 2L).containsEntry("above", 3L);
    }

    @Test
    void anAppendThatGaveUpIsCountedNotReported() {
        HistoryBuilder h = new HistoryBuilder().kind(KIND);
        created(h, 0, "s0", 1, 1, 0, "a");
        created(h, 0, "s0", 2, 2, 2, "b");
        created(h, 0, "s0", 3, 3, 4, "c");
        for (int attempt = 1; attempt <= 3; attempt++) {
            refused(h, 1, "s0", attempt, attempt, 10 * attempt); // each found taken, the next one tried
        }
        refused(h, 2, "s0", 2, 1, 50); // a retry that then succeeded
        Op retried = h.add(2, claim("s0", 4, 2, "d").outcome(Outcome.WRITTEN).writtenVersion(4), 60, 61);
        for (long r = 1; r <= 4; r++) {
            finalRead(h, "s0", r, r, List.of("a", "b", "c", "d").get((int) r - 1));
        }
        Verdict v = checker.check(h.history());
        assertThat(v.anomalies()).as(v.summary()).isEmpty();
        assertThat(retried.attempts()).isEqualTo(2);
        assertThat(v.notes())
                .anySatisfy(n -> assertThat(n)
                        .contains("of 5 appends, 2 needed a retry")
                        .contains("1 gave up")
                        .contains("the most attempts one append made: 3"));
    }
}
