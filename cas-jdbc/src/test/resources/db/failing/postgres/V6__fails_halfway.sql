-- Test only: a migration that makes something, then fails, so that JdbcBackendOpenFailureTest can show that a
-- failed open leaves no half-made schema behind.
CREATE TABLE half_made (x INT);
INSERT INTO no_such_table VALUES (1);
