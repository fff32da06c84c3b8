SET client_min_messages = warning;
-- Schema cas_pgbench: the store's table and put_if_version function, made by cas-store's own Flyway migrations
-- (V1, V2, V3, included as they are), and the baselines' counter table, each table with 1,024 rows at counter 0.
-- Re-created on every run.
DROP SCHEMA IF EXISTS cas_pgbench CASCADE;
CREATE SCHEMA cas_pgbench;
SET search_path = cas_pgbench;
\ir ../../cas-store/src/main/resources/db/migration/postgres/V1__objects_without_versions.sql
\ir ../../cas-store/src/main/resources/db/migration/postgres/V2__resource_version.sql
\ir ../../cas-store/src/main/resources/db/migration/postgres/V3__put_if_version_function.sql
INSERT INTO objects (kind, id, name, labels, payload, created_at, updated_at, resource_version)
SELECT 'benchcounter', 'k' || g, NULL, '{}', int8send(0), now(), now(), nextval('object_rv')
  FROM generate_series(0, 1023) g;
CREATE TABLE bench_counter (id INT PRIMARY KEY, v BIGINT NOT NULL, rv BIGINT NOT NULL);
INSERT INTO bench_counter SELECT g, 0, 1 FROM generate_series(0, 1023) g;
VACUUM ANALYZE objects;
VACUUM ANALYZE bench_counter;
