package io.sluice.runtime.failure;

import org.agrona.concurrent.CachedNanoClock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IL_Result;
import org.openjdk.jcstress.infra.results.III_Result;

import java.util.concurrent.TimeUnit;

/**
 * What a thread other than the owner may assume when it reads a {@link CircuitBreaker}: the guarantees its class
 * documentation lists. The owner drives the breaker with a {@link CachedNanoClock} it alone updates; an observer
 * reads the state and the counters concurrently, in the documented order.
 */
public final class CircuitBreakerTests
{
    static final int THRESHOLD = 3;
    static final int PROBES = 1;
    static final long OPEN_NANOS = 1_000;

    private CircuitBreakerTests()
    {
    }

    static CircuitBreaker breaker(final CachedNanoClock clock)
    {
        return CircuitBreaker.builder("stress")
            .failureThreshold(THRESHOLD)
            .window(1, TimeUnit.SECONDS)
            .openDuration(OPEN_NANOS, TimeUnit.NANOSECONDS)
            .halfOpenProbes(PROBES)
            .clock(clock)
            .build();
    }

    /**
     * Read the state, then the counters in the documented order, and check every documented inequality.
     *
     * @return "OK" or the first broken rule with the values read.
     */
    static String observe(final CircuitBreaker breaker, final CircuitBreakerState state)
    {
        final long c = breaker.closedCount();
        final long s = breaker.successCount();
        final long h = breaker.halfOpenedCount();
        final long o = breaker.openedCount();
        final long f = breaker.failureCount();
        final String values = " (state=" + state + " c=" + c + " s=" + s + " h=" + h + " o=" + o + " f=" + f + ")";

        if (state == CircuitBreakerState.OPEN && o < 1)
        {
            return "OPEN without an opening" + values;
        }
        if (state == CircuitBreakerState.HALF_OPEN && h < 1)
        {
            return "HALF_OPEN without a half-opening" + values;
        }
        if (c > h || h > o)
        {
            return "not c <= h <= o" + values;
        }
        if (s < c * PROBES)
        {
            return "closed without the probes' successes" + values;
        }
        if (o >= 1 && f < THRESHOLD + o - 1)
        {
            return "opened without the failures" + values;
        }
        return "OK";
    }

    /**
     * The owner reports {@code THRESHOLD} failures within the window and the breaker opens while an observer reads
     * {@code state()}, then {@code openedCount()}, then {@code failureCount()}. Result: state ordinal, openedCount,
     * failureCount as the observer read them.
     */
    @JCStressTest
    @Outcome(id = "0, 0, [0-3]", expect = Expect.ACCEPTABLE,
        desc = "Observer read CLOSED and no opening yet; any number of the failures so far.")
    @Outcome(id = "0, 1, 3", expect = Expect.ACCEPTABLE_INTERESTING,
        desc = "Observer read CLOSED, then the breaker opened before it read the counters; the opening comes with " +
        "all three failures.")
    @Outcome(id = "1, 1, 3", expect = Expect.ACCEPTABLE,
        desc = "Observer read OPEN, with its opening and the three failures that caused it.")
    @Outcome(expect = Expect.FORBIDDEN,
        desc = "OPEN with openedCount 0, or an opening without the failures that caused it: the transition counter " +
        "or the failure count was published after the state.")
    @State
    public static class Open
    {
        final CachedNanoClock clock = new CachedNanoClock();
        final CircuitBreaker breaker = breaker(clock);

        @Actor
        public void owner()
        {
            for (int i = 0; i < THRESHOLD; i++)
            {
                clock.advance(1);
                breaker.onFailure();
            }
        }

        @Actor
        public void observer(final III_Result r)
        {
            final CircuitBreakerState state = breaker.state();
            final long opened = breaker.openedCount();
            final long failures = breaker.failureCount();
            r.r1 = state.ordinal();
            r.r2 = (int)opened;
            r.r3 = (int)failures;
        }
    }

    /**
     * The owner drives a whole cycle and opens the breaker again: CLOSED, OPEN ({@code THRESHOLD} failures),
     * HALF_OPEN (after the open duration), CLOSED (a successful probe), OPEN ({@code THRESHOLD} failures), and one
     * rejected request. The observer reads the state and then the counters in the documented order and checks every
     * documented inequality; the arbiter checks the final state and counters exactly. Result: the state ordinal the
     * observer read, and the verdict.
     */
    @JCStressTest
    @Outcome(id = "0, OK", expect = Expect.ACCEPTABLE,
        desc = "Observer read CLOSED (at the start or after the probe succeeded); every documented rule held.")
    @Outcome(id = "1, OK", expect = Expect.ACCEPTABLE,
        desc = "Observer read OPEN (first or second opening); every documented rule held.")
    @Outcome(id = "2, OK", expect = Expect.ACCEPTABLE,
        desc = "Observer read HALF_OPEN; every documented rule held.")
    @Outcome(expect = Expect.FORBIDDEN,
        desc = "A documented rule broke for the observer, or the final state and counters are wrong; the verdict " +
        "names the rule and the values.")
    @State
    public static class Cycle
    {
        final CachedNanoClock clock = new CachedNanoClock();
        final CircuitBreaker breaker = breaker(clock);
        String verdict;

        @Actor
        public void owner()
        {
            for (int i = 0; i < THRESHOLD; i++)
            {
                clock.advance(1);
                breaker.onFailure();
            }
            clock.advance(OPEN_NANOS);
            if (breaker.allowRequest())
            {
                breaker.onSuccess();
            }
            for (int i = 0; i < THRESHOLD; i++)
            {
                clock.advance(1);
                breaker.onFailure();
            }
            breaker.allowRequest();
        }

        @Actor
        public void observer(final IL_Result r)
        {
            final CircuitBreakerState state = breaker.state();
            r.r1 = state.ordinal();
            verdict = observe(breaker, state);
        }

        @Arbiter
        public void arbiter(final IL_Result r)
        {
            final String end = "OPEN o=2 h=1 c=1 rejected=1 f=6 s=1";
            final String actual = breaker.state() + " o=" + breaker.openedCount() + " h=" + breaker.halfOpenedCount() +
                " c=" + breaker.closedCount() + " rejected=" + breaker.rejectedCount() + " f=" +
                breaker.failureCount() + " s=" + breaker.successCount();
            r.r2 = !"OK".equals(verdict) ? verdict : end.equals(actual) ? "OK" : "final " + actual;
        }
    }
}
