/**
 * The scenario gate as a JUnit 5 test: extend {@link io.casharness.scenario.gate.CasStoreGateTest}, return your
 * {@link io.casharness.store.Backend} from {@code openBackend()}, and every workload runs on your store, and every
 * application-level zoo member runs over it as a negative control, one dynamic test per run. Public API.
 *
 * <p>Thread-safety: {@link io.casharness.scenario.gate.GateOptions} is immutable and thread-safe; a
 * {@link io.casharness.scenario.gate.CasStoreGateTest} instance runs its gate on the JUnit thread that calls it, one
 * run at a time, and is not meant to be shared between threads. The backend it opens must be thread-safe, as every
 * {@code Backend} is (its replicas are used from several worker threads at once).
 */
package io.casharness.scenario.gate;
