/**
 * The scenario engine (API): a {@link io.casharness.scenario.Scenario} (workload, topology, budget, seed) run by
 * {@link io.casharness.scenario.ScenarioRunner} as replicas and threads over one backend, each thread a
 * {@code Worker} recording every call into the history; {@link io.casharness.scenario.RunResult} and
 * {@link io.casharness.scenario.Judgement} say what a run means for the gate. Values are immutable and
 * thread-safe; so is a runner (its runs share nothing but the backend); a worker belongs to one thread.
 */
package io.casharness.scenario;
