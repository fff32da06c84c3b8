-- Test only: a migration that makes something, then fails, so that JdbcBackendOpenFailureTest can show that a
-- failed open leaves no half-made file behind.
CREATE TABLE half_made (x INTEGER);
INSERT INTO no_such_table VALUES (1);
