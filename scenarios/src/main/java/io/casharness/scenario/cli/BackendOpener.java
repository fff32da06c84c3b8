package io.casharness.scenario.cli;

import io.casharness.store.Backend;
import io.casharness.store.Backends;
import java.util.List;

/** Opens the main job's backends by name ({@link Backends#open}). */
final class BackendOpener {
    static final List<String> NAMES = Backends.NAMES;

    private BackendOpener() {}

    static Backend open(String name) {
        return Backends.open(name);
    }
}
