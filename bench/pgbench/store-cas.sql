-- The store's CAS transaction, as JdbcCasStore runs one CasStore.update on PostgreSQL from a fresh read: read the
-- object, then ONE call of put_if_version (cas-store migration V3: the conditional UPDATE that draws the new version
-- from the shared sequence, and on a miss returns the current row). The 8-byte payload counter is incremented as
-- the benchmark's mutation does. Autocommit, like the store. (With its basis cache the store skips the read.)
\set k random(0, 1023)
SELECT resource_version AS rv, ('x' || encode(payload, 'hex'))::bit(64)::bigint AS n
  FROM objects WHERE kind = 'benchcounter' AND id = 'k' || :k \gset
SELECT written, name, labels, payload, resource_version, created_at, updated_at
  FROM put_if_version('benchcounter', 'k' || :k, :rv, NULL, '{}', int8send(:n + 1), now());
