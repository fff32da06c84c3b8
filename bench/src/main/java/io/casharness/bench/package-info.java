/**
 * The JMH suite (internal: run it through {@code bench/run.sh} or {@code benchmarks.jar}, not as a library):
 * {@code ContentionBench} (retry under contention beside the atomic update, row locks and serializable
 * transactions), {@code PairBench} (the regression gate's paired cells), {@code CheckerBench} (the checker's speed),
 * and {@code BenchMain}, which runs a profile as one run with interleaved forks and checks every cell. Benchmark
 * state follows JMH's scopes; the other types are confined to one thread unless their Javadoc says otherwise.
 */
package io.casharness.bench;
