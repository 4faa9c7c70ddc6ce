package io.sluice.queues.channel;

import io.sluice.queues.overflow.BinaryOverflowSink;
import io.sluice.queues.overflow.OverflowSink;
import org.agrona.DirectBuffer;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * A thread-safe overflow sink for SHED scenarios that records the id of every message it takes, and refuses every
 * n-th one so that the REJECTED path is raced too.
 */
final class ShedLog implements OverflowSink<Integer>, BinaryOverflowSink
{
    private static final int CAPACITY = 2 * Rig.MAX_MESSAGES;

    private final int refuseEvery;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicIntegerArray ids = new AtomicIntegerArray(CAPACITY);

    ShedLog(final int refuseEvery)
    {
        this.refuseEvery = refuseEvery;
    }

    @Override
    public boolean onOverflow(final Channel channel, final Integer message)
    {
        return take(message);
    }

    @Override
    public boolean onOverflow(
        final Channel channel, final int typeId, final DirectBuffer buffer, final int offset, final int length)
    {
        return take(BinaryRig.decode(typeId, buffer, offset, length));
    }

    private boolean take(final int id)
    {
        final int call = calls.incrementAndGet();
        if (refuseEvery > 0 && call % refuseEvery == 0)
        {
            return false;
        }
        final int index = size.getAndIncrement();
        if (index < CAPACITY)
        {
            ids.set(index, id);
        }
        return true;
    }

    int size()
    {
        return size.get();
    }

    boolean contains(final int id)
    {
        final int n = Math.min(size.get(), CAPACITY);
        for (int i = 0; i < n; i++)
        {
            if (ids.get(i) == id)
            {
                return true;
            }
        }
        return false;
    }
}
