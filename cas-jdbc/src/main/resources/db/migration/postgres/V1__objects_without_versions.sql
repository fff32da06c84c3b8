-- The schema an older gateway shipped: objects without a resource_version, so every write was a blind
-- last-writer-wins overwrite. Kept as migration 1 so that the upgrade path (V2) is exercised by tests.
-- COLLATE "C" makes id order byte order on every server locale, the same order the other stores use.
CREATE TABLE objects (
    kind       TEXT COLLATE "C" NOT NULL,
    id         TEXT COLLATE "C" NOT NULL,
    name       TEXT COLLATE "C",
    labels     TEXT NOT NULL DEFAULT '{}',
    payload    BYTEA NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT objects_pkey PRIMARY KEY (kind, id),
    CONSTRAINT objects_name_unique UNIQUE (kind, name)
);
