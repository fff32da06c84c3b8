/**
 * Negative controls of the stress suite (internal): racy stores and counters whose forbidden outcomes jcstress must
 * observe; the gate counts them caught when it does.
 */
package io.casharness.stress.negative;
