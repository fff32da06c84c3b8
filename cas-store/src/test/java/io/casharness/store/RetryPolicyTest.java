package io.casharness.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryPolicyTest {

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, RetryPolicy.MAX_ATTEMPTS_BOUND + 1, Integer.MAX_VALUE})
    void maxAttemptsOutOfBoundsIsRejectedNamingTheBound(int attempts) {
        assertThatThrownBy(() -> new RetryPolicy(attempts, Backoff.none(), true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxAttempts must be between 1 and 10000, was " + attempts);
        assertThatThrownBy(() -> RetryPolicy.defaults().withMaxAttempts(attempts))
                .hasMessageContaining("was " + attempts);
    }

    @Test
    void theBoundsAreAccepted() {
        assertThat(new RetryPolicy(1, Backoff.none(), false).maxAttempts()).isEqualTo(1);
        assertThat(new RetryPolicy(RetryPolicy.MAX_ATTEMPTS_BOUND, Backoff.none(), false).maxAttempts())
                .isEqualTo(10_000);
    }

    @Test
    void aBackoffIsRequired() {
        assertThatThrownBy(() -> new RetryPolicy(3, null, true))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("backoff");
    }

    @Test
    void defaultsAreThirtyAttemptsWithFullJitterFromOneToAHundredMillisAndTransientRetries() {
        RetryPolicy d = RetryPolicy.defaults();

        assertThat(d.maxAttempts()).isEqualTo(30).isEqualTo(RetryPolicy.DEFAULT_MAX_ATTEMPTS);
        assertThat(d.backoff()).isEqualTo(ExponentialBackoff.fullJitter(Duration.ofMillis(1), Duration.ofMillis(100)));
        assertThat(d.retryTransientErrors()).isTrue();
    }

    @Test
    void theDefaultsWorstCaseSleepIsTheSumOfTheirBackoffCaps() {
        // bounded means bounded: the documented worst case is what the default backoff's caps add up to
        RetryPolicy d = RetryPolicy.defaults();
        ExponentialBackoff b = (ExponentialBackoff) d.backoff();
        long sum = 0;
        for (int retry = 1; retry < d.maxAttempts(); retry++) {
            sum += b.capNanos(retry);
        }

        assertThat(Duration.ofNanos(sum).toMillis()).isEqualTo(RetryPolicy.DEFAULT_WORST_CASE_SLEEP_MILLIS);
        assertThat(RetryPolicy.DEFAULT_WORST_CASE_SLEEP_MILLIS).isLessThan(2_500);
    }

    @Test
    void withersChangeOneFieldAndKeepTheRest() {
        RetryPolicy p = RetryPolicy.defaults()
                .withMaxAttempts(9)
                .withBackoff(Backoff.none())
                .withRetryTransientErrors(false);

        assertThat(p).isEqualTo(new RetryPolicy(9, Backoff.none(), false));
        assertThat(RetryPolicy.defaults().maxAttempts()).isEqualTo(30);
    }
}
