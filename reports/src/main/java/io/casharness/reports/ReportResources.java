package io.casharness.reports;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The library versions this build was made with ({@code versions.properties}, filled in from the root POM when the
 * module is built), for the reports that state them. Stateless.
 */
public final class ReportResources {
    private static final String VERSIONS = "io/casharness/reports/versions.properties";

    private ReportResources() {}

    /** Every version, by name ({@code jmh}, {@code sqlite-jdbc}, ...). */
    public static Map<String, String> versions() {
        Properties p = new Properties();
        try (InputStream in = ReportResources.class.getClassLoader().getResourceAsStream(VERSIONS)) {
            if (in == null) {
                throw new IllegalStateException("missing " + VERSIONS + ": the reports module was not built by Maven");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + VERSIONS, e);
        }
        Map<String, String> m = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }

    /** The classpath path of ECharts' minified script in its WebJar. */
    public static String echartsPath() {
        return "META-INF/resources/webjars/echarts/" + versions().get("echarts") + "/dist/echarts.min.js";
    }
}
