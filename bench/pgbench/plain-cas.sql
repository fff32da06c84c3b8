-- The plain JDBC CAS loop's transaction (ContentionBench strategy=cas): read (v, rv), update if rv unchanged.
\set k random(0, 1023)
SELECT v, rv FROM bench_counter WHERE id = :k \gset
UPDATE bench_counter SET v = :v + 1, rv = :rv + 1 WHERE id = :k AND rv = :rv;
