package io.casharness.reports.jmh;

import java.util.Map;
import java.util.TreeMap;

/**
 * The one spelling of a benchmark cell's name, used for its sidecar file, its progress line, its row in the summary,
 * its point in the charts and its Allure test: {@code sqlite-store-adaptive-k1-t8-a10} (backend, strategy, backoff,
 * hot set, threads, attempts). A benchmark without those parameters (the checker's) is named
 * {@code Class.method} followed by {@code -key=value} for each parameter and {@code -t<threads>}. Stateless.
 */
public final class CellName {
    private CellName() {}

    /** The name of a contention cell from its parts. */
    public static String of(String backend, String strategy, String backoff, String keys, int threads, int attempts) {
        return backend + "-" + strategy + "-" + backoff + "-k" + keys + "-t" + threads + "-a" + attempts;
    }

    /**
     * The name of any JMH cell from its parameters and thread count.
     *
     * @param shortName {@code Class.method}, used when the cell is not a contention cell
     */
    public static String of(String shortName, Map<String, String> params, int threads) {
        if (params.keySet().containsAll(java.util.List.of("backend", "strategy", "backoff", "keys", "maxAttempts"))) {
            return of(
                    params.get("backend"),
                    params.get("strategy"),
                    params.get("backoff"),
                    params.get("keys"),
                    threads,
                    Integer.parseInt(params.get("maxAttempts")));
        }
        StringBuilder b = new StringBuilder(shortName);
        new TreeMap<>(params)
                .forEach((k, v) -> b.append('-').append(k).append('=').append(v));
        return b.append("-t").append(threads).toString();
    }

    /**
     * What a chart legend calls a contention cell's strategy: {@code store/adaptive}, {@code atomic}, and
     * {@code (3 attempts)} when the attempts are not the default 10. Backoff is named only for the strategies that
     * retry.
     */
    public static String strategyLabel(String strategy, String backoff, int attempts) {
        boolean retries = strategy.startsWith("store") || strategy.equals("cas") || strategy.equals("txn");
        return strategy + (retries ? "/" + backoff : "") + (attempts != 10 ? " (" + attempts + " attempts)" : "");
    }
}
