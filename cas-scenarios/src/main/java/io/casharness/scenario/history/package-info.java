/**
 * Histories (API): the typed {@link io.casharness.scenario.history.Op} record and its builders, a
 * {@link io.casharness.scenario.history.History}, the thread-safe {@code HistoryRecorder} the workers write to,
 * the one definition of a conflict ({@code Conflicts}), and the file format ({@code HistoryIo}: header, ops,
 * trailer; {@code docs/history.schema.json}). Ops, headers and histories are immutable.
 */
package io.casharness.scenario.history;
