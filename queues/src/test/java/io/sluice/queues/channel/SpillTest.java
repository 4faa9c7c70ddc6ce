package io.sluice.queues.channel;

import io.sluice.queues.overflow.BinarySpillStore;
import io.sluice.queues.overflow.InMemoryBinarySpillStore;
import io.sluice.queues.overflow.InMemorySpillStore;
import io.sluice.queues.overflow.OverflowPolicy;
import io.sluice.queues.overflow.SpillStore;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * SPILL: overflow goes to the spill store and comes back in offer order; once anything is spilled, newer messages
 * follow it into the store until it has been drained; a full or refusing store rejects without losing anything.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SpillTest
{
    private static final int CAPACITY = 8;
    private static final int HIGH = 4;
    private static final int LOW = 2;

    private final Fixture fixture = new Fixture();

    private static List<Integer> valuesOf(final Ledger ledger)
    {
        final List<Integer> values = new ArrayList<>();
        for (int i = 0; i < ledger.onItsWay.size(); i++)
        {
            values.add(ledger.onItsWay.getInt(i));
        }
        return values;
    }

    @ParameterizedTest
    @ValueSource(longs = { 11, 12, 13, 14, 15, 16 })
    void shouldDeliverInOfferOrderAcrossMemoryAndSpillOverManyStallResumeCycles(final long seed)
    {
        for (final ChannelKind kind : ChannelKind.values())
        {
            final Harness harness = new Fixture().channel(kind, OverflowPolicy.SPILL, CAPACITY, HIGH, LOW);
            final SplittableRandom random = new SplittableRandom(seed);
            final Ledger ledger = new Ledger();
            final List<Integer> delivered = new ArrayList<>();
            int previous = OfferResult.ACCEPTED;
            int resumes = 0;
            int next = 0;

            for (int cycle = 0; cycle < 400; cycle++)
            {
                final int burst = random.nextInt(0, 11);
                for (int i = 0; i < burst; i++)
                {
                    final int value = next++;
                    final int code = harness.isBinary() && random.nextInt(3) == 0 ?
                        harness.claimAndCommit(value, false) : harness.offer(value);
                    assertTrue(code == OfferResult.ACCEPTED || code == OfferResult.SPILLED,
                        "unexpected " + OfferResult.toString(code));
                    if (previous == OfferResult.SPILLED && code == OfferResult.ACCEPTED)
                    {
                        resumes++;
                    }
                    previous = code;
                    ledger.record(value, code);
                }
                final int limit = random.nextInt(0, 17);
                if (random.nextBoolean())
                {
                    harness.drain(limit, delivered::add);
                }
                else
                {
                    for (int i = 0; i < limit; i++)
                    {
                        harness.pollOne(delivered::add);
                    }
                }
                assertEquals(valuesOf(ledger).subList(0, delivered.size()), delivered,
                    kind + " seed " + seed + " cycle " + cycle + ": delivery order must be offer order");
            }
            delivered.addAll(harness.drainAll());

            assertEquals(valuesOf(ledger), delivered, kind + " seed " + seed);
            final ChannelCounters counters = harness.counters();
            ledger.assertMatches(counters, delivered.size(), kind + " seed " + seed);
            assertTrue(resumes >= 10, "only " + resumes + " spill/resume cycles exercised");
            assertTrue(counters.deliveredFromSpill() > 0 && counters.deliveredFromMemory() > 0);
        }
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldKeepSpillingWhileOlderMessagesAreSpilledEvenWithRoomInMemory(final ChannelKind kind)
    {
        final Harness harness = fixture.channel(kind, OverflowPolicy.SPILL, CAPACITY, HIGH, LOW);
        for (int i = 0; i < HIGH; i++)
        {
            assertEquals(OfferResult.ACCEPTED, harness.offer(i));
        }
        assertEquals(OfferResult.SPILLED, harness.offer(4));

        assertEquals(List.of(0, 1, 2, 3), harness.drain(HIGH));
        assertEquals(0, harness.channel().depth());
        assertEquals(1, harness.counters().spilledPending());

        assertEquals(OfferResult.SPILLED, harness.offer(5), "memory has room but an older message is spilled");
        assertEquals(OfferResult.BACK_PRESSURED, harness.tryOffer(6));
        if (harness.isBinary())
        {
            assertEquals(OfferResult.SPILLED, harness.claimAndCommit(7, false));
            assertEquals(OfferResult.BACK_PRESSURED, harness.claimAndCommit(8, true));
        }
        assertEquals(0, harness.channel().depth());

        final List<Integer> spilled = harness.drainAll();
        assertEquals(harness.isBinary() ? List.of(4, 5, 7) : List.of(4, 5), spilled);
        assertEquals(0, harness.counters().spilledPending());

        assertEquals(OfferResult.ACCEPTED, harness.offer(9), "back to memory once the spill is drained");
        assertEquals(List.of(9), harness.drainAll());
        final ChannelCounters counters = harness.counters();
        assertEquals(harness.isBinary() ? 3 : 2, counters.deliveredFromSpill());
        assertEquals(HIGH + 1, counters.deliveredFromMemory());
        assertTrue(counters.isConserved());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldRejectWhenSpillStoreIsFullAndLoseNothingAccepted(final ChannelKind kind)
    {
        fixture.objectSpillCapacity = 2;
        fixture.binarySpillBytes = 1024;
        final Harness harness = fixture.channel(kind, OverflowPolicy.SPILL, CAPACITY, HIGH, LOW);
        final Ledger ledger = new Ledger();
        int next = 0;
        while (ledger.rejected == 0)
        {
            final int value = next++;
            ledger.record(value, harness.offer(value));
            if (next > 10_000)
            {
                fail("the spill store never filled up");
            }
        }
        assertTrue(ledger.spilled >= 2);
        assertEquals(OfferResult.REJECTED, harness.offer(next++), "still full");
        ledger.record(next - 1, OfferResult.REJECTED);
        assertEquals(OfferResult.BACK_PRESSURED, harness.tryOffer(next));
        ledger.record(next, OfferResult.BACK_PRESSURED);
        ledger.assertMatches(harness.counters(), 0, "full store");

        final List<Integer> delivered = harness.drainAll();

        assertEquals(valuesOf(ledger), delivered, "everything accepted or spilled is delivered, in order");
        ledger.assertMatches(harness.counters(), delivered.size(), "drained");
        assertEquals(OfferResult.ACCEPTED, harness.offer(1_000_000));
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldRejectWhenSpillStoreRefusesAndReturnToMemoryAfterwards(final ChannelKind kind)
    {
        final ChannelBuilder<Integer> builder = ChannelBuilder.<Integer>channel("refusing").kind(kind)
            .capacity(CAPACITY).highWaterMark(HIGH).lowWaterMark(LOW).policy(OverflowPolicy.SPILL);
        final Harness harness;
        if (kind.isBinary())
        {
            harness = Harness.of(builder.maxMessageLength(Harness.MAX_LENGTH)
                .binarySpillStore(new RefusingBinaryStore()).buildBinaryChannel());
        }
        else
        {
            harness = Harness.of(builder.spillStore(new RefusingStore()).buildObjectChannel());
        }
        for (int i = 0; i < HIGH; i++)
        {
            assertEquals(OfferResult.ACCEPTED, harness.offer(i));
        }

        assertEquals(OfferResult.REJECTED, harness.offer(HIGH));
        assertEquals(OfferResult.REJECTED, harness.offer(HIGH + 1));
        ChannelCounters counters = harness.counters();
        assertEquals(2, counters.rejected());
        assertEquals(0, counters.spilled(), "a refused append is not a spill");
        assertEquals(0, counters.spilledPending());

        assertEquals(List.of(0, 1, 2, 3), harness.drainAll());
        assertEquals(OfferResult.ACCEPTED, harness.offer(10), "nothing is pending in the store");
        harness.channel().close();
        assertEquals(List.of(10), harness.drainAll());
        assertTrue(harness.channel().isEndOfStream());
        counters = harness.counters();
        assertTrue(counters.isConserved(), counters.toString());
    }

    @ParameterizedTest
    @EnumSource(ChannelKind.class)
    void shouldNotReportWritableWhileOlderMessagesAreSpilled(final ChannelKind kind)
    {
        final Harness harness = fixture.channel(kind, OverflowPolicy.SPILL, CAPACITY, HIGH, LOW);
        for (int i = 0; i < HIGH; i++)
        {
            assertEquals(OfferResult.ACCEPTED, harness.offer(i));
        }
        assertEquals(OfferResult.SPILLED, harness.offer(HIGH));
        assertEquals(List.of(0, 1, 2, 3), harness.drain(HIGH));

        final boolean writable = harness.channel().isWritable();
        final int tried = harness.tryOffer(HIGH + 1);

        assertEquals(OfferResult.BACK_PRESSURED, tried);
        assertFalse(writable, "isWritable must say whether an offer would be accepted without the policy");
    }

    @ParameterizedTest
    @EnumSource(value = ChannelKind.class, names = { "BINARY_SPSC", "BINARY_MPSC" })
    void shouldRejectMessageTheBinarySpillStoreCannotTake(final ChannelKind kind)
    {
        // a 1024 byte store takes messages of at most 128 bytes; the channel takes up to 256
        final BinaryChannel channel = ChannelBuilder.channel("small-store").kind(kind).capacity(2)
            .policy(OverflowPolicy.SPILL).maxMessageLength(256)
            .binarySpillStore(new InMemoryBinarySpillStore(1024)).buildBinaryChannel();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        assertEquals(OfferResult.ACCEPTED, channel.offer(1, buffer, 0, 200));
        assertEquals(OfferResult.ACCEPTED, channel.offer(1, buffer, 0, 200));

        final int code = channel.offer(1, buffer, 0, 200);

        assertEquals(OfferResult.REJECTED, code, "the store cannot store it: the caller keeps the message");
        channel.close();
        final int[] delivered = new int[1];
        for (int i = 0; i < 10 && !channel.isEndOfStream(); i++)
        {
            delivered[0] += channel.drain((t, b, o, l) -> { }, 10);
        }
        assertEquals(2, delivered[0]);
        assertTrue(channel.isEndOfStream());
        assertEquals(0, channel.counters(new ChannelCounters()).spilledPending());
    }

    @ParameterizedTest
    @EnumSource(value = ChannelKind.class, names = { "OBJECT_SPSC", "OBJECT_MPSC" })
    void shouldUndoSpillReservationWhenStoreThrows(final ChannelKind kind)
    {
        final ThrowingOnceStore store = new ThrowingOnceStore();
        final Harness harness = Harness.of(ChannelBuilder.<Integer>channel("throwing").kind(kind)
            .capacity(CAPACITY).highWaterMark(HIGH).lowWaterMark(LOW).policy(OverflowPolicy.SPILL)
            .spillStore(store).buildObjectChannel());
        for (int i = 0; i < HIGH; i++)
        {
            assertEquals(OfferResult.ACCEPTED, harness.offer(i));
        }

        assertThrows(IllegalStateException.class, () -> harness.offer(HIGH), "the store's exception propagates");

        assertEquals(0, harness.counters().spilledPending(), "nothing was stored");
        assertEquals(List.of(0, 1, 2, 3), harness.drainAll());
        assertEquals(OfferResult.ACCEPTED, harness.offer(HIGH + 1), "memory has room and nothing is spilled");
        harness.channel().close();
        assertEquals(List.of(HIGH + 1), harness.drainAll());
        assertTrue(harness.channel().isEndOfStream());
        assertTrue(harness.counters().isConserved());
    }

    private static final class ThrowingOnceStore implements SpillStore<Integer>
    {
        private final InMemorySpillStore<Integer> delegate = new InMemorySpillStore<>(16);
        private boolean thrown;

        @Override
        public boolean append(final Integer message)
        {
            if (!thrown)
            {
                thrown = true;
                throw new IllegalStateException("disk full");
            }
            return delegate.append(message);
        }

        @Override
        public Integer poll()
        {
            return delegate.poll();
        }
    }

    private static final class RefusingStore implements SpillStore<Integer>
    {
        @Override
        public boolean append(final Integer message)
        {
            return false;
        }

        @Override
        public Integer poll()
        {
            return null;
        }
    }

    private static final class RefusingBinaryStore implements BinarySpillStore
    {
        @Override
        public boolean append(final int typeId, final DirectBuffer buffer, final int offset, final int length)
        {
            return false;
        }

        @Override
        public int read(final MessageHandler handler, final int limit)
        {
            return 0;
        }
    }
}
