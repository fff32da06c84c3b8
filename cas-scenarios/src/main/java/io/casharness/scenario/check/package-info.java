/**
 * The version-chain checker (API): {@link io.casharness.scenario.check.Checker} judges a history and returns a
 * {@link io.casharness.scenario.check.Verdict} with its anomalies, contention and evidence;
 * {@code HistorySimulator} makes seeded histories of a correct or a faulty store for its tests. A checker is
 * immutable and thread-safe (each check is a run of its own); verdicts and anomalies are immutable values.
 */
package io.casharness.scenario.check;
