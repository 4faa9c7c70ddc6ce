package io.sluice.queues.overflow;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InMemorySpillStoreTest
{
    @Test
    void shouldReturnMessagesInAppendOrder()
    {
        final InMemorySpillStore<String> store = new InMemorySpillStore<>(8);

        assertTrue(store.append("a"));
        assertTrue(store.append("b"));
        assertTrue(store.append("c"));

        assertEquals(3, store.size());
        assertEquals("a", store.poll());
        assertEquals("b", store.poll());
        assertTrue(store.append("d"));
        assertEquals("c", store.poll());
        assertEquals("d", store.poll());
        assertNull(store.poll());
        assertEquals(0, store.size());
    }

    @ParameterizedTest
    @ValueSource(ints = { 2, 3, 8, 100 })
    void shouldHoldAtLeastItsCapacityRoundedUpToPowerOfTwo(final int requested)
    {
        final InMemorySpillStore<Integer> store = new InMemorySpillStore<>(requested);
        final int capacity = store.capacity();

        assertTrue(capacity >= requested);
        assertEquals(Integer.highestOneBit(capacity), capacity, "a power of two");
        assertTrue(capacity < 2 * requested);
    }

    @Test
    void shouldRefuseWhenFullAndKeepWhatItHolds()
    {
        final InMemorySpillStore<Integer> store = new InMemorySpillStore<>(4);
        for (int i = 0; i < store.capacity(); i++)
        {
            assertTrue(store.append(i));
        }

        assertFalse(store.append(100));
        assertFalse(store.append(101));
        assertEquals(store.capacity(), store.size());

        assertEquals(0, store.poll());
        assertTrue(store.append(4), "room again after a poll");
        assertFalse(store.append(102));
        final List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < store.capacity(); i++)
        {
            final Integer m = store.poll();
            if (null != m)
            {
                rest.add(m);
            }
        }
        assertEquals(List.of(1, 2, 3, 4), rest);
    }

    @ParameterizedTest
    @ValueSource(ints = { 1, 0, -1, Integer.MIN_VALUE })
    void shouldRejectCapacityBelowTwo(final int capacity)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new InMemorySpillStore<>(capacity));

        assertTrue(ex.getMessage().contains("capacity=" + capacity), ex.getMessage());
        assertTrue(ex.getMessage().contains("2.."), ex.getMessage());
    }

    @Test
    void shouldKeepEachProducersOrderWithConcurrentAppends()
    {
        final int producers = 3;
        final int perProducer = 20_000;
        final InMemorySpillStore<Integer> store = new InMemorySpillStore<>(64);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread[] threads = new Thread[producers];
        for (int p = 0; p < producers; p++)
        {
            final int id = p;
            threads[p] = new Thread(() ->
            {
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                for (int i = 0; i < perProducer; i++)
                {
                    while (!store.append(i * producers + id))
                    {
                        if (System.nanoTime() - deadline > 0)
                        {
                            failure.compareAndSet(null, new AssertionError("producer " + id + " timed out"));
                            return;
                        }
                        Thread.yield();
                    }
                }
            });
            threads[p].setDaemon(true);
            threads[p].start();
        }

        final int[] last = { -1, -1, -1 };
        int received = 0;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (received < producers * perProducer && null == failure.get())
        {
            assertTrue(System.nanoTime() - deadline < 0, "consumer timed out after " + received);
            final Integer message = store.poll();
            if (null == message)
            {
                Thread.yield();
                continue;
            }
            final int producer = message % producers;
            final int sequence = message / producers;
            assertEquals(last[producer] + 1, sequence, "producer " + producer + " out of order");
            last[producer] = sequence;
            received++;
        }

        assertNull(failure.get());
        assertEquals(producers * perProducer, received);
        assertNull(store.poll());
    }
}
