package io.casharness.scenario.history;

/**
 * A history file that is not a whole, valid history: cut short, run together with another, edited, or breaking a
 * rule every recorded history keeps (a completion before its invocation, a negative version, ...). It proves
 * nothing about the store, so it is refused with the line and the reason, never judged.
 */
public final class HistoryInvalidException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final long line;

    public HistoryInvalidException(long line, String reason) {
        super("line " + line + ": " + reason);
        this.line = line;
    }

    /** The 1-based line the reason is about. */
    public long line() {
        return line;
    }
}
