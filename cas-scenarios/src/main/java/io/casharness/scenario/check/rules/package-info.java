/**
 * The checker's machinery, public only so that {@code io.casharness.scenario.check} can use it: not an API, may
 * change with any release. Three layers, as in Elle: the shared indexes built once ({@code HistoryIndex} and
 * its per-key {@code KeyChain}s, then the time {@code Sweep}),
 * small rule classes that each own their anomaly types ({@code *Rule}), and the one collector they report to
 * ({@link io.casharness.scenario.check.rules.Findings}). Every type is single-threaded and used for one run;
 * {@link io.casharness.scenario.check.rules.Outcomes} is stateless.
 */
package io.casharness.scenario.check.rules;
