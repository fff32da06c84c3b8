/**
 * Allure results written without Allure's runtime ({@code AllureResult}), and the build's one Allure report
 * ({@code AllureBuild}, behind {@code reports/allure-report.sh}). API for the project's modules, not for users; a
 * writer is confined to one thread.
 */
package io.casharness.reports.allure;
