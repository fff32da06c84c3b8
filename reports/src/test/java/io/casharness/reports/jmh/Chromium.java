package io.casharness.reports.jmh;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium (Debian's {@code chromium}) for tests that open a page the way a person would: the DOM after
 * its scripts ran, or a screenshot. Each call starts a fresh browser with its own profile folder, no network
 * chatter, and a virtual-time budget so timers and animation frames run without wall-clock waits.
 */
final class Chromium {
    private static final long TIMEOUT_SECONDS = 120;

    private final Path binary;

    private Chromium(Path binary) {
        this.binary = binary;
    }

    /** The browser on PATH ({@code chromium}, then {@code chromium-browser}), or empty. */
    static Optional<Chromium> find() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String name : List.of("chromium", "chromium-browser")) {
            for (String dir : path.split(File.pathSeparator)) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(new Chromium(p));
                }
            }
        }
        return Optional.empty();
    }

    /** The page's DOM as serialised after its scripts ran. */
    String dumpDom(Path page, Path work) throws IOException, InterruptedException {
        return run(page, work, List.of("--dump-dom"));
    }

    /** A PNG of the page at {@code width} x {@code height}. */
    void screenshot(Path page, Path png, int width, int height, Path work) throws IOException, InterruptedException {
        run(page, work, List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height));
    }

    private String run(Path page, Path work, List<String> extra) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(work, "chromium-profile");
        Path stdout = work.resolve("chromium-" + System.nanoTime() + ".out");
        Path stderr = work.resolve("chromium-" + System.nanoTime() + ".err");
        List<String> cmd = new ArrayList<>(List.of(
                binary.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
                "--disable-quic",
                "--user-data-dir=" + profile.toAbsolutePath(),
                "--virtual-time-budget=20000"));
        cmd.addAll(extra);
        cmd.add(page.toAbsolutePath().toUri().toString());
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("chromium did not finish within " + TIMEOUT_SECONDS + " s on " + page + ": "
                    + Files.readString(stderr, StandardCharsets.UTF_8));
        }
        if (p.exitValue() != 0) {
            throw new IOException("chromium exited " + p.exitValue() + " on " + page + ": "
                    + Files.readString(stderr, StandardCharsets.UTF_8));
        }
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }
}
