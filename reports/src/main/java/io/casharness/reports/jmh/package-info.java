/**
 * JMH JSON turned into charts ({@code JmhHtml}), ratio gates ({@code RatioGate}, from {@code bench/gates.txt}),
 * the regression check against a baseline ({@code Regression}) and the measurement of that check
 * ({@code GatePower}). Internal: {@code JmhReportMain} and {@code bench/run.sh} are the interface. Values are
 * immutable; the tools run on one thread.
 */
package io.casharness.reports.jmh;
