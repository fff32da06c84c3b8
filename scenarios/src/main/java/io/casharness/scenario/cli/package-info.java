/**
 * The main job and its commands ({@code cas-harness.jar}): {@link io.casharness.scenario.cli.Main} (run, check),
 * the suite of runs it plans ({@code Suite}), backends by provider name ({@code BackendOpener}), the verdict
 * table, result files and Allure results. The command line is the interface; the classes are public for the
 * project's tests and the JUnit gate, not a stable API. Confined to the thread that runs the job.
 */
package io.casharness.scenario.cli;
