-- The store's CAS transaction, as JdbcCasStore runs it on PostgreSQL for one CasStore.update attempt:
-- read the object, then ONE conditional UPDATE ... RETURNING that draws the new version from the shared sequence.
-- (The 8-byte payload counter is incremented as the benchmark's mutation does.) Autocommit, like the store.
\set k random(0, 1023)
SELECT kind, id, name, labels, resource_version AS rv, ('x' || encode(payload, 'hex'))::bit(64)::bigint AS n,
       created_at, updated_at
  FROM objects WHERE kind = 'benchcounter' AND id = 'k' || :k \gset
UPDATE objects SET name = NULL, labels = '{}', payload = int8send(:n + 1),
       resource_version = nextval('object_rv'), updated_at = now()
 WHERE kind = 'benchcounter' AND id = 'k' || :k AND resource_version = :rv
 RETURNING resource_version, created_at, updated_at;
