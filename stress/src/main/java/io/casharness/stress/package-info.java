/**
 * jcstress fixtures shared by the stress tests (internal). Each test's state is confined as jcstress arranges.
 */
package io.casharness.stress;
