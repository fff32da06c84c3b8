/**
 * The main job and its commands ({@code cas-harness.jar}): {@link io.casharness.scenario.cli.Main} (run, check,
 * detect, serve), backends by provider name ({@code BackendOpener}), gateways and replica processes
 * ({@code ProcessTopology}), the replay command, and the main job's Allure results; the runs themselves are planned
 * and judged by {@code io.casharness.scenario.suite} in {@code cas-scenarios}. The command line is the interface; the
 * classes are public for the project's tests, not a stable API. Confined to the thread that runs the job.
 */
package io.casharness.scenario.cli;
