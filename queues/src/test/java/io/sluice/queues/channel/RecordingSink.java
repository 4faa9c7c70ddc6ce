package io.sluice.queues.channel;

import io.sluice.queues.overflow.BinaryOverflowSink;
import io.sluice.queues.overflow.OverflowSink;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * An overflow sink for object and binary channels that records what it takes and can be told to refuse. Thread-safe.
 */
final class RecordingSink implements OverflowSink<Integer>, BinaryOverflowSink
{
    private final Queue<Integer> taken = new ConcurrentLinkedQueue<>();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile IntPredicate refuse = (value) -> false;
    private volatile Channel expectedChannel;

    void refuseAll()
    {
        refuse = (value) -> true;
    }

    void refuseWhen(final IntPredicate predicate)
    {
        refuse = predicate;
    }

    void expectChannel(final Channel channel)
    {
        expectedChannel = channel;
    }

    List<Integer> taken()
    {
        return new ArrayList<>(taken);
    }

    int calls()
    {
        return calls.get();
    }

    @Override
    public boolean onOverflow(final Channel channel, final Integer message)
    {
        return take(channel, message);
    }

    @Override
    public boolean onOverflow(
        final Channel channel, final int typeId, final DirectBuffer buffer, final int offset, final int length)
    {
        return take(channel, Harness.decode(typeId, buffer, offset, length));
    }

    private boolean take(final Channel channel, final int value)
    {
        calls.incrementAndGet();
        final Channel expected = expectedChannel;
        if (null != expected)
        {
            assertSame(expected, channel, "the sink must be told which channel shed the message");
        }
        if (refuse.test(value))
        {
            return false;
        }
        taken.add(value);
        return true;
    }
}
