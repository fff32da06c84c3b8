/**
 * Replicas of a service as separate processes: {@link io.casharness.scenario.process.ReplicaProcesses} starts N
 * {@code serve} processes of {@code cas-harness.jar} over one database (a SQLite file, a PostgreSQL schema), is the
 * backend whose replicas talk to them over the store protocol, and stops every one of them on close, on a failed
 * start and in a shutdown hook; each child also stops when its standard input closes, so a parent killed outright
 * takes its children with it. {@link io.casharness.scenario.process.CrashFault} ({@code --faults crash}) kills one
 * with SIGKILL mid-run and starts it again on the same port.
 *
 * <p>Internal to the main job: public for its command line and tests, not a stable API. {@code ReplicaProcesses} is
 * thread-safe; the fault is stateless.
 */
package io.casharness.scenario.process;
