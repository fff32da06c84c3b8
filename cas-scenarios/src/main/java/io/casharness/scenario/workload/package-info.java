/**
 * The workloads (API): what each thread of a scenario does next ({@code append}, {@code register},
 * {@code create-race}, {@code delete-race}, {@code merge}, {@code phases}, {@code update-vs-delete},
 * {@code exhaustion}, {@code controller}, {@code names}), chosen from a seeded random source so a run replays. A
 * workload is immutable and thread-safe; its per-process driver belongs to one thread.
 */
package io.casharness.scenario.workload;
