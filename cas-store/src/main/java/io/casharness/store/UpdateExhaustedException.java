package io.casharness.store;

/** Thrown by {@link UpdateOutcome#orThrow()} when every attempt conflicted; names key, versions and attempts. */
public final class UpdateExhaustedException extends CasStoreException {
    private static final long serialVersionUID = 1L;
    private final transient Exhausted exhausted;

    public UpdateExhaustedException(Exhausted exhausted) {
        super(exhausted.toString());
        this.exhausted = exhausted;
    }

    public Exhausted exhausted() {
        return exhausted;
    }
}
