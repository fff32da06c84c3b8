/**
 * jcstress tests of the SQLite store's match-version write (internal).
 */
package io.casharness.stress.jdbc;
