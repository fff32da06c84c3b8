/**
 * The bug-zoo members whose mistake lives in a database's SQL (an application version check in SQL, SQLite's
 * deferred read-modify-write, per-row versions that restart on re-create), written against the reference schema of
 * {@code cas-jdbc}. They reach the zoo as {@code ZooMember} providers ({@code META-INF/services}), so the engine in
 * {@code cas-scenarios} needs no JDBC. Internal; immutable and thread-safe like every member.
 */
package io.casharness.scenario.zoo.sql;
