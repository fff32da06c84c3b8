package io.casharness.scenario.history;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Records operations from many threads without making them wait on each other: each process (replica, thread) gets
 * its own {@link ProcessLog}, an unshared list only its thread appends to; {@link #history()} merges the logs once
 * the workers are done (or at any time: a log's published prefix is read safely).
 *
 * <p>Thread-safe: {@link #process} may be called from any thread; each {@link ProcessLog} must be used by one
 * thread at a time.
 */
public final class HistoryRecorder {
    private final ConcurrentLinkedQueue<ProcessLog> logs = new ConcurrentLinkedQueue<>();

    /** A new log for one process. */
    public ProcessLog process(int process, int replica, int thread) {
        ProcessLog log = new ProcessLog(process, replica, thread);
        logs.add(log);
        return log;
    }

    /** Every op recorded so far, in history order. */
    public History history() {
        List<Op> all = new ArrayList<>();
        for (ProcessLog log : logs) {
            all.addAll(log.snapshot());
        }
        return History.of(all);
    }

    /** The ops of one process, in the order its thread recorded them. */
    public static final class ProcessLog {
        private final int process;
        private final int replica;
        private final int thread;
        private final List<Op> ops = new ArrayList<>();
        private long nextSeq;

        ProcessLog(int process, int replica, int thread) {
            this.process = process;
            this.replica = replica;
            this.thread = thread;
        }

        public int process() {
            return process;
        }

        public int replica() {
            return replica;
        }

        public int thread() {
            return thread;
        }

        /** The sequence number the next op of this process takes. */
        public long nextSeq() {
            return nextSeq;
        }

        /**
         * Appends an op; its process, replica, thread and seq must be this log's.
         *
         * @throws IllegalArgumentException if they are not
         */
        public void record(Op op) {
            if (op.process() != process || op.replica() != replica || op.thread() != thread || op.seq() != nextSeq) {
                throw new IllegalArgumentException(
                        "op " + op.describe() + " does not belong at p" + process + " #" + nextSeq);
            }
            synchronized (this) {
                ops.add(op);
                nextSeq++;
            }
        }

        synchronized List<Op> snapshot() {
            return new ArrayList<>(ops);
        }
    }
}
