package io.sluice.queues.overflow;

import org.jctools.queues.MpscArrayQueue;

/**
 * A bounded, allocation-free {@link SpillStore} in memory, over a JCTools {@code MpscArrayQueue}: for tests, and
 * for a channel that wants a second, larger in-memory tier rather than disk. It does not survive the process.
 * <p>
 * <b>Note:</b> append is safe from any number of producer threads; poll from one consumer thread.
 *
 * @param <E> type of the messages.
 */
public final class InMemorySpillStore<E> implements SpillStore<E>
{
    private final MpscArrayQueue<E> queue;

    /**
     * Create a store holding up to (at least) {@code capacity} messages; JCTools rounds up to a power of two.
     *
     * @param capacity at least 2.
     */
    public InMemorySpillStore(final int capacity)
    {
        if (capacity < 2)
        {
            throw new IllegalArgumentException("spill store capacity=" + capacity + " is not allowed; allowed 2.." +
                (1 << 30));
        }
        queue = new MpscArrayQueue<>(capacity);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public boolean append(final E message)
    {
        return queue.offer(message);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public E poll()
    {
        // poll, not relaxedPoll: an append that has returned must be visible (the ordering contract)
        return queue.poll();
    }

    /**
     * Messages held now.
     *
     * @return the number of messages in the store.
     */
    public int size()
    {
        return queue.size();
    }

    /**
     * Messages the store can hold.
     *
     * @return the capacity.
     */
    public int capacity()
    {
        return queue.capacity();
    }
}
