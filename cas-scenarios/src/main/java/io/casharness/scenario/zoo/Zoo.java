package io.casharness.scenario.zoo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The bug zoo: every member by name, in the order the suite runs them. The application-level members (this
 * package) come first; members whose mistake lives in a database's SQL are found by {@link ServiceLoader} as
 * {@code ZooMember} providers on the class path ({@code cas-harness.jar} carries the SQL members for SQLite and
 * PostgreSQL), so the engine needs no JDBC and a project can add members of its own the same way.
 */
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
                new UpsertOnNotFound(),
                new RememberedNotFound(),
                new ExhaustedByCount(),
                new ConflictAsWritten(),
                new StatusBlindRetry(),
                new RevisionUpsert(),
                new LabelsJoinedLater(),
                new LabelsLostOnCreate(),
                new OffsetPaging(),
                new NameCheckInApp(),
                new StaleNameCache())) {
            ALL.put(m.name(), m);
        }
        for (ZooMember m : ServiceLoader.load(ZooMember.class, Zoo.class.getClassLoader())) {
            if (ALL.putIfAbsent(m.name(), m) != null) {
                throw new IllegalStateException("two zoo members are named \"" + m.name() + "\"");
            }
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
