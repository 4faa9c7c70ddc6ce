package io.sluice.queues.channel;

import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The idle strategy of a blocked producer in tests: every idle advances the test clock by a fixed step (zero for a
 * clock that never moves) and is counted, so a test knows when a producer is blocked and a deadline passes without
 * any real waiting. Thread-safe, so one instance may serve every producer thread.
 */
final class AdvancingIdleStrategy implements IdleStrategy
{
    private final TestClock clock;
    private final long stepNanos;
    private final AtomicLong idles = new AtomicLong();

    AdvancingIdleStrategy(final TestClock clock, final long stepNanos)
    {
        this.clock = clock;
        this.stepNanos = stepNanos;
    }

    @Override
    public void idle(final int workCount)
    {
        if (workCount <= 0)
        {
            idle();
        }
    }

    @Override
    public void idle()
    {
        idles.incrementAndGet();
        if (stepNanos > 0)
        {
            clock.advance(stepNanos);
        }
        // let a consumer on a busy machine run; it never stands in for a deadline
        Thread.yield();
    }

    @Override
    public void reset()
    {
    }

    long idles()
    {
        return idles.get();
    }
}
