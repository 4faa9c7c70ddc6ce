package io.sluice.examples.trading;

import io.sluice.runtime.failure.CircuitBreaker;
import io.sluice.runtime.failure.CircuitBreakerListener;
import io.sluice.runtime.failure.CircuitBreakerState;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records each transition of the exchange's circuit breaker: its offset from the start of the run, the states before
 * and after, and the exchange's phase at that moment, in preallocated arrays (no allocation per transition). It keeps
 * the first {@link #capacity()} transitions and counts the rest in {@link #notKept()}.
 * <p>
 * <b>Note:</b> {@link #onStateChange} runs on the breaker's owner thread (the exchange stage's). Each record is
 * written before the count that covers it is published with a release store; a reader on any other thread reads
 * {@link #recorded()} (acquire) first and then only records below it.
 */
final class BreakerLog implements CircuitBreakerListener
{
    private static final CircuitBreakerState[] STATES = CircuitBreakerState.values();
    private static final MarketPhases.Phase[] PHASES = MarketPhases.Phase.values();

    private final MarketPhases phases;
    private final long[] offsetNanos;
    private final byte[] from;
    private final byte[] to;
    private final byte[] phase;
    private final AtomicInteger recorded = new AtomicInteger();
    private final Counter notKept = new Counter();
    private long startNanos;

    BreakerLog(final MarketPhases phases, final int capacity)
    {
        this.phases = phases;
        this.offsetNanos = new long[capacity];
        this.from = new byte[capacity];
        this.to = new byte[capacity];
        this.phase = new byte[capacity];
    }

    /**
     * Set the start of the run (before the graph starts: the runner threads' start publishes it).
     */
    void startAt(final long startNanos)
    {
        this.startNanos = startNanos;
    }

    @Override
    public void onStateChange(
        final CircuitBreaker breaker, final CircuitBreakerState from, final CircuitBreakerState to)
    {
        final long offset = System.nanoTime() - startNanos;
        final int index = recorded.getPlain();
        if (index == offsetNanos.length)
        {
            notKept.increment();
            return;
        }
        offsetNanos[index] = offset;
        this.from[index] = (byte)from.ordinal();
        this.to[index] = (byte)to.ordinal();
        this.phase[index] = (byte)phases.at(offset).ordinal();
        // publishes the record above to a reader that acquires the count
        recorded.setRelease(index + 1);
    }

    int capacity()
    {
        return offsetNanos.length;
    }

    int recorded()
    {
        return recorded.getAcquire();
    }

    long notKept()
    {
        return notKept.get();
    }

    long offsetNanos(final int index)
    {
        return offsetNanos[index];
    }

    CircuitBreakerState from(final int index)
    {
        return STATES[from[index]];
    }

    CircuitBreakerState to(final int index)
    {
        return STATES[to[index]];
    }

    MarketPhases.Phase phase(final int index)
    {
        return PHASES[phase[index]];
    }
}
