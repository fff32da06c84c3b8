-- The schema an older gateway shipped: objects without a resource_version (blind last-writer-wins writes).
-- Kept as migration 1 so that the upgrade path (V2) is exercised by tests. Timestamps are epoch microseconds.
CREATE TABLE objects (
    kind       TEXT NOT NULL,
    id         TEXT NOT NULL,
    name       TEXT,
    labels     TEXT NOT NULL DEFAULT '{}',
    payload    BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (kind, id),
    UNIQUE (kind, name)
);
