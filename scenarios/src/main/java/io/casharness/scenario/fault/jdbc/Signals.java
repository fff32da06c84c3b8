package io.casharness.scenario.fault.jdbc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Sends signals to this host's processes through one shell kept open for the purpose, whose {@code kill} is a
 * built-in: a signal costs a write to a pipe and a line back, not a process start (several milliseconds on a loaded
 * host, in which a server process that was between two statements has moved on). Falls back to
 * {@link PgTarget#signal} when no shell starts. Not thread-safe: one injection uses it, then closes it.
 */
final class Signals implements AutoCloseable {
    private final Process shell;
    private final Writer in;
    private final BufferedReader out;

    private Signals(Process shell) {
        this.shell = shell;
        this.in = shell == null ? null : new OutputStreamWriter(shell.getOutputStream(), StandardCharsets.US_ASCII);
        this.out = shell == null
                ? null
                : new BufferedReader(new InputStreamReader(shell.getInputStream(), StandardCharsets.US_ASCII));
    }

    /** A shell ready to signal, or a fallback that starts {@code kill} per signal if none starts. */
    static Signals open() {
        try {
            return new Signals(new ProcessBuilder("sh")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start());
        } catch (IOException e) {
            return new Signals(null);
        }
    }

    /** Sends {@code signal} ({@code STOP}, {@code CONT}) to {@code pid}; returns whether it was delivered. */
    boolean send(String signal, long pid) {
        if (shell != null && shell.isAlive()) {
            try {
                in.write("kill -" + signal + " " + pid + " 2>/dev/null; echo $?\n");
                in.flush();
                String rc = out.readLine();
                if (rc != null) {
                    return rc.equals("0");
                }
            } catch (IOException e) {
                // the shell is gone: the slow way below still delivers it
            }
        }
        return PgTarget.signal(signal, pid);
    }

    @Override
    public void close() {
        if (shell == null) {
            return;
        }
        try {
            in.close();
        } catch (IOException e) {
            // closing the pipe is all the shell needs to exit; destroy() below makes sure
        }
        shell.destroy();
    }
}
