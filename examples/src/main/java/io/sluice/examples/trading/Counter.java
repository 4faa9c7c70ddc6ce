package io.sluice.examples.trading;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A count with one writer, readable from any thread: the writer adds with a release store of a plain read (no
 * read-modify-write on the hot path), readers load with acquire, so each reader sees the count only go up.
 * <p>
 * <b>Note:</b> {@link #increment()} from one thread only.
 */
final class Counter
{
    private final AtomicLong value = new AtomicLong();

    void increment()
    {
        value.setRelease(value.getPlain() + 1);
    }

    long get()
    {
        return value.getAcquire();
    }
}
