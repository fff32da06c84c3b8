/**
 * The bug zoo (API): stores with one known mistake each, the negative controls the gate must catch. The
 * application-level members are decorators over any store ({@link io.casharness.scenario.zoo.ApplicationMistake});
 * the SQL members are tied to their database ({@code ZooSql}). Each member documents the anomaly it must show. A
 * decorated store is as thread-safe as the store it wraps; the mistakes themselves are races, on purpose.
 */
package io.casharness.scenario.zoo;
