-- Optimistic concurrency: every row carries the version of the write that produced it. Rows written before
-- this migration are backfilled to version 1; the sequence then starts above the current maximum, so the next
-- write produces a higher version and MatchVersion(1) on a legacy row works.
ALTER TABLE objects ADD COLUMN resource_version BIGINT;
UPDATE objects SET resource_version = 1;
ALTER TABLE objects ALTER COLUMN resource_version SET NOT NULL;
ALTER TABLE objects ADD CONSTRAINT objects_resource_version_positive CHECK (resource_version >= 1);

-- ONE counter for all keys: versions are unique across keys and keep rising across delete and re-create,
-- so a MatchVersion(v) seen before a delete can never match a re-created object (no ABA).
CREATE SEQUENCE object_rv AS BIGINT MINVALUE 1;
SELECT setval('object_rv', COALESCE(MAX(resource_version), 0) + 1, false) FROM objects;
