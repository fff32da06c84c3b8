SET client_min_messages = warning;
-- Schema cas_pgbench: the store's table exactly as the Flyway migrations (cas-store V1 + V2) leave it, its
-- put_if_version function (V3, included from cas-store itself), and the baselines' counter table, each table with
-- 1,024 rows at counter 0. Re-created on every run.
DROP SCHEMA IF EXISTS cas_pgbench CASCADE;
CREATE SCHEMA cas_pgbench;
SET search_path = cas_pgbench;
CREATE TABLE objects (
    kind       TEXT COLLATE "C" NOT NULL,
    id         TEXT COLLATE "C" NOT NULL,
    name       TEXT COLLATE "C",
    labels     TEXT NOT NULL DEFAULT '{}',
    payload    BYTEA NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    resource_version BIGINT NOT NULL,
    CONSTRAINT objects_pkey PRIMARY KEY (kind, id),
    CONSTRAINT objects_name_unique UNIQUE (kind, name),
    CONSTRAINT objects_resource_version_positive CHECK (resource_version >= 1)
);
CREATE SEQUENCE object_rv AS BIGINT MINVALUE 1;
\ir ../../cas-store/src/main/resources/db/migration/postgres/V3__put_if_version_function.sql
INSERT INTO objects (kind, id, name, labels, payload, created_at, updated_at, resource_version)
SELECT 'benchcounter', 'k' || g, NULL, '{}', int8send(0), now(), now(), nextval('object_rv')
  FROM generate_series(0, 1023) g;
CREATE TABLE bench_counter (id INT PRIMARY KEY, v BIGINT NOT NULL, rv BIGINT NOT NULL);
INSERT INTO bench_counter SELECT g, 0, 1 FROM generate_series(0, 1023) g;
VACUUM ANALYZE objects;
VACUUM ANALYZE bench_counter;
