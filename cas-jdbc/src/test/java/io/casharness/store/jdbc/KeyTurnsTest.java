package io.casharness.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.casharness.store.ObjectKey;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KeyTurnsTest {
    private static final ObjectKey A = ObjectKey.of("k", "a");
    private static final ObjectKey B = ObjectKey.of("k", "b");

    @Test
    void oneHolderPerKeyAtATimeAndEntriesGoWhenUnused() throws Exception {
        KeyTurns turns = new KeyTurns(TimeUnit.SECONDS.toNanos(10));
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<?>[] all = new Future<?>[4];
            for (int t = 0; t < 4; t++) {
                all[t] = pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        KeyTurns.Held held = turns.take(A);
                        try {
                            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            Thread.onSpinWait();
                            inside.decrementAndGet();
                        } finally {
                            turns.release(held);
                        }
                    }
                    return null;
                });
            }
            for (Future<?> f : all) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(most).hasValue(1);
        assertThat(turns.active()).isZero();
    }

    @Test
    void otherKeysDoNotWaitAndAWaiterGoesAheadAfterTheMaxWait() throws Exception {
        KeyTurns turns = new KeyTurns(TimeUnit.MILLISECONDS.toNanos(50));
        KeyTurns.Held a = turns.take(A);
        KeyTurns.Held b = turns.take(B); // another key: at once
        CountDownLatch done = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            try {
                KeyTurns.Held late = turns.take(A); // held by this test's thread: gives up waiting after 50 ms
                turns.release(late);
                done.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        turns.release(a);
        turns.release(b);
        assertThat(turns.active()).isZero();
    }

    @Test
    void negativeMaxWaitIsRejected() {
        assertThatThrownBy(() -> new KeyTurns(-1)).hasMessageContaining("-1");
    }
}
