/**
 * jcstress tests of the retrier and the backoffs shared between threads (internal).
 */
package io.casharness.stress.retry;
