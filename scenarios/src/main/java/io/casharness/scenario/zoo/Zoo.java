package io.casharness.scenario.zoo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The bug zoo: every member by name, in the order the suite runs them. */
public final class Zoo {
    private static final Map<String, ZooMember> ALL = new LinkedHashMap<>();

    static {
        for (ZooMember m : List.of(
                new BlindWrite(),
                new StalePayloadRetry(),
                new AppVersionCheck(),
                new UnconditionalDelete(),
                new RereadVersion(),
                new CachedReads(),
                new CheckThenCreate(),
                new PhaseCheckInApp(),
                new SqlAppVersionCheck(),
                new SqliteDeferredRmw(),
                new VersionRestart(),
                new EarlyDrawnCreate())) {
            ALL.put(m.name(), m);
        }
    }

    private Zoo() {}

    public static List<ZooMember> members() {
        return List.copyOf(ALL.values());
    }

    /** The members whose mistake lives above the store: each runs over any backend, a user's included. */
    public static List<ApplicationMistake> applicationMistakes() {
        return ALL.values().stream()
                .filter(ApplicationMistake.class::isInstance)
                .map(ApplicationMistake.class::cast)
                .toList();
    }

    public static List<String> names() {
        return List.copyOf(ALL.keySet());
    }

    /**
     * @throws IllegalArgumentException naming the members if {@code name} is not one
     */
    public static ZooMember byName(String name) {
        ZooMember m = ALL.get(name);
        if (m == null) {
            throw new IllegalArgumentException("unknown zoo member \"" + name + "\"; known: " + names());
        }
        return m;
    }
}
