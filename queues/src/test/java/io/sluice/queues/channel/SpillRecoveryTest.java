package io.sluice.queues.channel;

import io.sluice.queues.overflow.BinarySpillStore;
import io.sluice.queues.overflow.InMemoryBinarySpillStore;
import io.sluice.queues.overflow.InMemorySpillStore;
import io.sluice.queues.overflow.OverflowPolicy;
import io.sluice.queues.overflow.SpillStore;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A durable spill store reopened with messages in it: they are delivered first, new offers queue behind them in
 * the store, the counters show them as recovered and the identity holds. A refusing store falls back to the
 * configured policy, counted both as spillRefused and as the fallback's outcome. The store is told of each delivery.
 */
class SpillRecoveryTest
{
    @ParameterizedTest
    @EnumSource(value = ChannelKind.class, names = { "OBJECT_SPSC", "OBJECT_MPSC" })
    void shouldDeliverRecoveredMessagesBeforeNewOnes(final ChannelKind kind)
    {
        final RecoveringStore store = new RecoveringStore(100, 101, 102);
        final ObjectChannel<Integer> channel = ChannelBuilder.<Integer>channel("recovered").kind(kind).capacity(8)
            .policy(OverflowPolicy.SPILL).spillStore(store).buildObjectChannel();

        final ChannelCounters built = channel.counters(new ChannelCounters());
        assertFalse(built.writable(), "a channel with recovered overflow starts as one that overflowed: unwritable");
        assertEquals(1, built.unwritableCount(), "one episode, timed from the build");
        assertEquals(OfferResult.SPILLED, channel.offer(1), "recovered messages are older: new ones go behind them");
        final ChannelCounters before = channel.counters(new ChannelCounters());
        assertEquals(3, before.recovered());
        assertEquals(1, before.spilled());
        assertEquals(4, before.spilledPending());
        assertTrue(before.isConserved(), before.toString());

        final List<Integer> delivered = new ArrayList<>();
        channel.drain(delivered::add, 100);
        assertEquals(List.of(100, 101, 102, 1), delivered);
        assertEquals(4, store.delivered, "the store is told of every delivery");

        assertEquals(OfferResult.ACCEPTED, channel.offer(2), "spill drained: memory again");
        assertTrue(channel.counters(new ChannelCounters()).writable(), "and writable again, the episode closed");
        channel.drain(delivered::add, 100);
        assertEquals(List.of(100, 101, 102, 1, 2), delivered);
        final ChannelCounters after = channel.counters(new ChannelCounters());
        assertEquals(2, after.offered());
        assertEquals(5, after.delivered());
        assertTrue(after.isConserved(), after.toString());
    }

    @ParameterizedTest
    @EnumSource(value = ChannelKind.class, names = { "BINARY_SPSC", "BINARY_MPSC" })
    void shouldDeliverRecoveredBinaryMessagesBeforeNewOnes(final ChannelKind kind)
    {
        final InMemoryBinarySpillStore delegate = new InMemoryBinarySpillStore(1024);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8]);
        for (int i = 0; i < 2; i++)
        {
            buffer.putInt(0, 100 + i);
            delegate.append(7, buffer, 0, 4);
        }
        final int[] deliveries = new int[1];
        final BinarySpillStore store = new BinarySpillStore()
        {
            @Override
            public boolean append(final int typeId, final DirectBuffer b, final int offset, final int length)
            {
                return delegate.append(typeId, b, offset, length);
            }

            @Override
            public int read(final MessageHandler handler, final int limit)
            {
                return delegate.read(handler, limit);
            }

            @Override
            public long recovered()
            {
                return 2;
            }

            @Override
            public void delivered(final int count)
            {
                deliveries[0] += count;
            }
        };
        final BinaryChannel channel = ChannelBuilder.channel("recovered").kind(kind).capacity(8)
            .policy(OverflowPolicy.SPILL).binarySpillStore(store).buildBinaryChannel();
        buffer.putInt(0, 1);
        assertEquals(OfferResult.SPILLED, channel.offer(7, buffer, 0, 4));

        final List<Integer> delivered = new ArrayList<>();
        channel.drain((t, b, o, l) -> delivered.add(b.getInt(o)), 100);

        assertEquals(List.of(100, 101, 1), delivered);
        assertEquals(3, deliveries[0]);
        assertTrue(channel.counters(new ChannelCounters()).isConserved());
    }

    @Test
    void shouldFallBackToFailFastByDefaultWhenTheStoreRefuses()
    {
        final ObjectChannel<Integer> channel = ChannelBuilder.<Integer>channel("full").kind(ChannelKind.OBJECT_SPSC)
            .capacity(2).policy(OverflowPolicy.SPILL).spillStore(new InMemorySpillStore<>(2)).buildObjectChannel();
        assertEquals(OfferResult.ACCEPTED, channel.offer(1));
        assertEquals(OfferResult.ACCEPTED, channel.offer(2));
        assertEquals(OfferResult.SPILLED, channel.offer(3));
        assertEquals(OfferResult.SPILLED, channel.offer(4));

        assertEquals(OfferResult.REJECTED, channel.offer(5));

        final ChannelCounters counters = channel.counters(new ChannelCounters());
        assertEquals(1, counters.spillRefused());
        assertEquals(1, counters.rejected());
        assertEquals(5, counters.offered());
        assertTrue(counters.isConserved(), counters.toString());
    }

    @Test
    void shouldFallBackToDropNewestWhenConfigured()
    {
        final ObjectChannel<Integer> channel = ChannelBuilder.<Integer>channel("full").kind(ChannelKind.OBJECT_MPSC)
            .capacity(2).policy(OverflowPolicy.SPILL).spillStore(new InMemorySpillStore<>(2))
            .spillFallback(OverflowPolicy.DROP_NEWEST).buildObjectChannel();
        channel.offer(1);
        channel.offer(2);
        channel.offer(3);
        channel.offer(4);

        assertEquals(OfferResult.DROPPED_NEWEST, channel.offer(5));

        final ChannelCounters counters = channel.counters(new ChannelCounters());
        assertEquals(1, counters.spillRefused());
        assertEquals(1, counters.droppedNewest());
        assertEquals(0, counters.rejected());
        assertTrue(counters.isConserved(), counters.toString());
        final List<Integer> delivered = new ArrayList<>();
        channel.drain(delivered::add, 10);
        assertEquals(List.of(1, 2, 3, 4), delivered);
    }

    @Test
    void shouldRejectBadSpillFallbackSettings()
    {
        final IllegalArgumentException notSpill = assertThrows(IllegalArgumentException.class,
            () -> ChannelBuilder.<Integer>channel("c").kind(ChannelKind.OBJECT_SPSC).capacity(2)
                .policy(OverflowPolicy.FAIL_FAST).spillFallback(OverflowPolicy.DROP_NEWEST).buildObjectChannel());
        assertEquals("channel 'c': spillFallback=DROP_NEWEST is not allowed; allowed unset unless policy=SPILL " +
            "(policy=FAIL_FAST)", notSpill.getMessage());

        final IllegalArgumentException badFallback = assertThrows(IllegalArgumentException.class,
            () -> ChannelBuilder.<Integer>channel("c").kind(ChannelKind.OBJECT_SPSC).capacity(2)
                .policy(OverflowPolicy.SPILL).spillStore(new InMemorySpillStore<>(2))
                .spillFallback(OverflowPolicy.BLOCK).buildObjectChannel());
        assertEquals("channel 'c': spillFallback=BLOCK is not allowed; allowed FAIL_FAST or DROP_NEWEST",
            badFallback.getMessage());
    }

    /** An in-memory store that starts with messages "from before", as a durable store reopened after a crash. */
    private static final class RecoveringStore implements SpillStore<Integer>
    {
        private final InMemorySpillStore<Integer> delegate = new InMemorySpillStore<>(64);
        private final long recovered;
        int delivered;

        RecoveringStore(final int... old)
        {
            for (final int value : old)
            {
                delegate.append(value);
            }
            recovered = old.length;
        }

        @Override
        public boolean append(final Integer message)
        {
            return delegate.append(message);
        }

        @Override
        public Integer poll()
        {
            return delegate.poll();
        }

        @Override
        public long recovered()
        {
            return recovered;
        }

        @Override
        public void delivered(final int count)
        {
            delivered += count;
        }
    }
}
