/**
 * jcstress tests of the in-memory model: match-version, must-create, delete against update, torn reads and the
 * update retry (internal).
 */
package io.casharness.stress.store;
