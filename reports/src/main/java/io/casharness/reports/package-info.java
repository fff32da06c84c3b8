/**
 * Shared helpers of the report tools (internal): file walks and bundled resources. Stateless.
 */
package io.casharness.reports;
