package io.casharness.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SleeperTest {

    @Test
    void waitsAtLeastTheDurationEvenBelowAMillisecond() throws InterruptedException {
        long start = System.nanoTime();
        Sleeper.SYSTEM.sleep(Duration.ofNanos(200_000));
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(200_000);
    }

    @Test
    void zeroAndNegativeDurationsReturnAtOnce() throws InterruptedException {
        Sleeper.SYSTEM.sleep(Duration.ZERO);
        Sleeper.SYSTEM.sleep(Duration.ofNanos(-5));
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void anInterruptEndsTheWaitWithInterruptedException() {
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> Sleeper.SYSTEM.sleep(Duration.ofSeconds(30))).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted())
                .as("flag cleared, as Thread.sleep does")
                .isFalse();
    }
}
