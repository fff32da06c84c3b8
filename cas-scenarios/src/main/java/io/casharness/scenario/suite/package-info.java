/**
 * The suite of runs both front doors share — the main job ({@code cas-harness.jar}) and the JUnit gate
 * ({@code CasStoreGateTest} in {@code cas-testkit}): {@link io.casharness.scenario.suite.Suite} plans the runs
 * (workload × store under test × backend) and judges each, {@link io.casharness.scenario.suite.ResultWriter} writes
 * histories, verdicts and the summary, {@link io.casharness.scenario.suite.VerdictTable} prints the table, and
 * {@link io.casharness.scenario.suite.Suite#exitCode exit codes} follow the project's convention. Public for those two front
 * doors; not a stable API. Confined to the thread that runs the job.
 */
package io.casharness.scenario.suite;
