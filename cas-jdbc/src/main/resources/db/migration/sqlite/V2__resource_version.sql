-- Optimistic concurrency: every row carries the version of the write that produced it. SQLite cannot add a
-- NOT NULL column without leaving a DEFAULT behind, so the table is rebuilt; rows written before this migration
-- get version 1. A missing version on insert must fail, not silently default.
CREATE TABLE objects_v2 (
    kind             TEXT NOT NULL,
    id               TEXT NOT NULL,
    name             TEXT,
    labels           TEXT NOT NULL DEFAULT '{}',
    payload          BLOB NOT NULL,
    resource_version INTEGER NOT NULL CHECK (resource_version >= 1),
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    PRIMARY KEY (kind, id),
    UNIQUE (kind, name)
);
INSERT INTO objects_v2 (kind, id, name, labels, payload, resource_version, created_at, updated_at)
    SELECT kind, id, name, labels, payload, 1, created_at, updated_at FROM objects;
DROP TABLE objects;
ALTER TABLE objects_v2 RENAME TO objects;

-- ONE counter for all keys, holding the last version issued: versions are unique across keys and keep rising
-- across delete and re-create (no ABA). It starts at the current maximum, so the next write is above it.
CREATE TABLE rv_counter (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    value INTEGER NOT NULL
);
INSERT INTO rv_counter (id, value) SELECT 1, COALESCE(MAX(resource_version), 0) FROM objects;
