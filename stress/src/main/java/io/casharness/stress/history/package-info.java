/**
 * jcstress tests of the history recorder under concurrent processes (internal).
 */
package io.casharness.stress.history;
