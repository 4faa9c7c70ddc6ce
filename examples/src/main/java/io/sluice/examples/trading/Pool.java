package io.sluice.examples.trading;

import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Preallocated message objects with a free ring: {@link #acquire()} takes one from the ring, {@link #release(Object)}
 * puts it back. The pool is sized for the most messages that can be in flight at once (edge capacities, outboxes and
 * batches), so in a steady run nothing is allocated after start; should the ring ever be empty, {@link #acquire()}
 * allocates a new object and counts it in {@link #allocatedBeyond()} rather than stall, and a release the full ring
 * cannot take is left to the garbage collector and counted in {@link #discarded()}.
 * <p>
 * <b>Note:</b> {@link #acquire()} is for one thread (the producer of the messages); {@link #release(Object)} may be
 * called from any number of threads (Agrona's many-to-one queue). The counters may be read from any thread.
 *
 * @param <T> type of the pooled messages.
 */
final class Pool<T>
{
    private final ManyToOneConcurrentArrayQueue<T> free;
    private final Supplier<T> factory;
    private final int size;
    // the acquiring thread's count; releases from several threads count discards atomically
    private final Counter allocatedBeyond = new Counter();
    private final AtomicLong discarded = new AtomicLong();

    Pool(final int size, final Supplier<T> factory)
    {
        this.free = new ManyToOneConcurrentArrayQueue<>(size);
        this.factory = factory;
        this.size = size;
        for (int i = 0; i < size; i++)
        {
            free.offer(factory.get());
        }
    }

    T acquire()
    {
        final T item = free.poll();
        if (null != item)
        {
            return item;
        }
        allocatedBeyond.increment();
        return factory.get();
    }

    void release(final T item)
    {
        if (!free.offer(item))
        {
            discarded.incrementAndGet();
        }
    }

    int size()
    {
        return size;
    }

    long allocatedBeyond()
    {
        return allocatedBeyond.get();
    }

    long discarded()
    {
        return discarded.get();
    }
}
