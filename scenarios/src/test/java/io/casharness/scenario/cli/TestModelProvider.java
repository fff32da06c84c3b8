package io.casharness.scenario.cli;

import io.casharness.store.Backend;
import io.casharness.store.BackendProvider;
import io.casharness.store.BackendProviders;
import java.util.Map;

/**
 * Registers {@link TestModelBackend} in the tests' {@code META-INF/services}, as a user's store jar registers its
 * provider: the main job finds it by name without compiling against it.
 */
public final class TestModelProvider implements BackendProvider {
    @Override
    public String name() {
        return TestModelBackend.NAME;
    }

    @Override
    public String description() {
        return "the memory model under another name, for tests (bug=lost-update plants a bug)";
    }

    @Override
    public Map<String, String> options() {
        return Map.of("bug", "none (default) or lost-update: a match-version write ignores the version");
    }

    @Override
    public Backend open(Map<String, String> options) {
        BackendProviders.checkKeys(this, options);
        return TestModelBackend.open(options);
    }
}
