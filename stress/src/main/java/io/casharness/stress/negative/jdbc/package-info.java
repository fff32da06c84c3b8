/**
 * A negative control on SQLite (internal): a version check in the application that jcstress must catch.
 */
package io.casharness.stress.negative.jdbc;
