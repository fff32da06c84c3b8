/**
 * jcstress output turned into what CI reads: the gate over its results (a caught negative control is a pass),
 * JUnit XML, Allure results and the labelled index page. Internal: the command line ({@code stress/run.sh}) is the
 * interface. Stateless or confined to one thread.
 */
package io.casharness.reports.jcstress;
