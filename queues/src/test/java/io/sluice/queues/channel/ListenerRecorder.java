package io.sluice.queues.channel;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * A writability listener that records each call: the state it was told and the thread it was told on.
 */
final class ListenerRecorder implements WritabilityListener
{
    private final List<Boolean> states = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private Channel expected;

    void expect(final Channel channel)
    {
        expected = channel;
    }

    @Override
    public synchronized void onWritabilityChanged(final Channel channel, final boolean writable)
    {
        if (null != expected)
        {
            assertSame(expected, channel);
        }
        states.add(writable);
        threads.add(Thread.currentThread());
    }

    synchronized List<Boolean> states()
    {
        return new ArrayList<>(states);
    }

    synchronized List<Thread> threads()
    {
        return new ArrayList<>(threads);
    }
}
