package io.sluice.queues.channel;

import org.agrona.concurrent.NanoClock;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when a test (or a test idle strategy) moves it; safe to read and advance from any thread.
 */
final class TestClock implements NanoClock
{
    static final long START_NANOS = 1_000_000_000L;

    private final AtomicLong now;

    TestClock()
    {
        this(START_NANOS);
    }

    TestClock(final long start)
    {
        now = new AtomicLong(start);
    }

    @Override
    public long nanoTime()
    {
        return now.get();
    }

    long advance(final long nanos)
    {
        return now.addAndGet(nanos);
    }
}
