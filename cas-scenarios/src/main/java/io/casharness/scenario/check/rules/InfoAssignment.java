package io.casharness.scenario.check.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * The search for one assignment of the indeterminate ops — each took effect or did not — under which every check
 * that depends on them holds. A rule whose check an indeterminate op could discharge files a <em>clause</em>
 * instead of an anomaly: a condition every correct store's execution satisfies, over the ops' outcomes, with the
 * anomaly to report when no assignment satisfies it. Two shapes occur:
 *
 * <ul>
 *   <li><b>must not have applied</b> ({@link #mustNotApply}): had the op taken effect, the check fails (an
 *       indeterminate write from the base of an acknowledged write: both cannot have taken effect);
 *   <li><b>one of these applied</b> ({@link #oneApplied}): the check fails unless one of the ops took effect (a
 *       version read that only indeterminate writes could have produced; a token missing from a final read that only
 *       an indeterminate delete could have removed; a phase transition allowed only from the state of an
 *       indeterminate write or delete).
 * </ul>
 *
 * The index's evidence fixes some outcomes first ({@link HistoryIndex#INFO_APPLIED}: a token read, the only writer
 * of a version; {@link HistoryIndex#INFO_NOT_APPLIED}: absent from a later final read). {@link #solve} is then exact
 * for these clauses in linear time: every negative clause is a unit, so it fixes its op to "not applied" (a
 * conflict if evidence says it applied); a positive clause is then false exactly when every op it names is fixed
 * to "not applied" — else setting every op still free to "applied" satisfies all positive clauses at once and
 * violates no negative one (each op a negative clause names is already fixed). A violated clause is a definite
 * anomaly: no assignment explains the history. Not thread-safe; one per run.
 */
final class InfoAssignment {
    /** Reports the anomaly a violated clause stands for; {@code forced} says why its ops cannot help. */
    @FunctionalInterface
    interface Violation {
        void report(Forced forced);
    }

    /** Why an op of a violated clause is fixed against it: by evidence, or by another clause. */
    record Forced(boolean byEvidence, int op) {}

    private record Clause(int[] ops, boolean positive, Violation violation) {}

    private final HistoryIndex ix;
    private final List<Clause> clauses = new ArrayList<>();
    /** 0 free, 1 applied, 2 not applied: the assignment {@link #solve} found (or the conflicting evidence). */
    private byte[] assigned;

    private long forcedNotApplied;
    private long freeChosen;

    InfoAssignment(HistoryIndex ix) {
        this.ix = ix;
    }

    /** The check holds only if the indeterminate op {@code op} did not take effect. */
    void mustNotApply(int op, Violation violation) {
        clauses.add(new Clause(new int[] {op}, false, violation));
    }

    /**
     * The check holds only if one of the indeterminate {@code ops} took effect; with none, the check fails now
     * ({@code violation} is reported at once).
     */
    void oneApplied(IntList ops, Violation violation) {
        if (ops.isEmpty()) {
            violation.report(null);
            return;
        }
        int[] a = new int[ops.size()];
        for (int j = 0; j < a.length; j++) {
            a[j] = ops.get(j);
        }
        clauses.add(new Clause(a, true, violation));
    }

    /** Finds the assignment, or reports every clause no assignment satisfies. */
    void solve() {
        assigned = new byte[ix.n];
        byte[] state = ix.infoState;
        for (Clause c : clauses) {
            if (c.positive) {
                continue;
            }
            int op = c.ops[0];
            if (state[op] == HistoryIndex.INFO_APPLIED) {
                c.violation.report(new Forced(true, op));
            } else if (assigned[op] == 0 && state[op] != HistoryIndex.INFO_NOT_APPLIED) {
                assigned[op] = 2;
                forcedNotApplied++;
            }
        }
        for (Clause c : clauses) {
            if (!c.positive) {
                continue;
            }
            Forced against = null;
            boolean satisfiable = false;
            for (int op : c.ops) {
                if (state[op] == HistoryIndex.INFO_NOT_APPLIED) {
                    against = against == null ? new Forced(true, op) : against;
                } else if (assigned[op] == 2) {
                    against = against == null || against.byEvidence() ? new Forced(false, op) : against;
                } else {
                    satisfiable = true;
                    if (state[op] == HistoryIndex.INFO_UNRESOLVED && assigned[op] == 0) {
                        assigned[op] = 1;
                        freeChosen++;
                    }
                }
            }
            if (!satisfiable) {
                c.violation.report(against);
            }
        }
    }

    /** Unresolved indeterminate ops a clause requires not to have taken effect. */
    long forcedNotApplied() {
        return forcedNotApplied;
    }

    /** Unresolved indeterminate ops taken as applied to satisfy a clause that needs one of its ops applied. */
    long chosenApplied() {
        return freeChosen;
    }

    /** Clauses filed. */
    int clauses() {
        return clauses.size();
    }
}
