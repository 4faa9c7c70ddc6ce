package io.sluice.queues.channel;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Drives object and binary channels through one interface so that a test can run over every kind. Values are ints:
 * boxed for object channels; for binary channels each value has its own type id, length and byte pattern, checked
 * on every delivery, so a torn, mixed-up or truncated message fails the test.
 */
abstract class Harness implements MessageProducer
{
    static final int MAX_LENGTH = 16;
    static final int DRAIN_ALL_ROUNDS = 10_000;

    private MessageProducer defaultProducer;

    static Harness of(final ObjectChannel<Integer> channel)
    {
        return new ObjectHarness(channel);
    }

    static Harness of(final BinaryChannel channel)
    {
        return new BinaryHarness(channel);
    }

    abstract Channel channel();

    abstract boolean isBinary();

    /**
     * A producer with its own buffer and claim, for another producer thread.
     */
    abstract MessageProducer newProducer();

    /**
     * Consumer: drain up to limit messages, handing each decoded value to the sink.
     */
    abstract int drain(int limit, IntConsumer sink);

    /**
     * Consumer: take one message (poll for object channels, a drain of one for binary channels).
     */
    abstract int pollOne(IntConsumer sink);

    final ObjectChannel<Integer> objectChannel()
    {
        return ((ObjectHarness)this).channel;
    }

    final BinaryChannel binaryChannel()
    {
        return ((BinaryHarness)this).channel;
    }

    final MessageProducer producer()
    {
        if (null == defaultProducer)
        {
            defaultProducer = newProducer();
        }
        return defaultProducer;
    }

    @Override
    public final int offer(final int value)
    {
        return producer().offer(value);
    }

    @Override
    public final int tryOffer(final int value)
    {
        return producer().tryOffer(value);
    }

    @Override
    public final int claimAndCommit(final int value, final boolean tryClaim)
    {
        return producer().claimAndCommit(value, tryClaim);
    }

    @Override
    public final int claimAndAbort(final int value)
    {
        return producer().claimAndAbort(value);
    }

    final List<Integer> drain(final int limit)
    {
        final List<Integer> values = new ArrayList<>();
        final int count = drain(limit, values::add);
        assertEquals(values.size(), count, "drain's return value must equal the messages handed to the handler");
        return values;
    }

    /**
     * Consumer: drain until nothing is left in memory or in the spill store (a drain may stop early, for example at
     * the end of a ring buffer, so an empty drain alone does not mean the channel is empty).
     */
    final List<Integer> drainAll()
    {
        final List<Integer> values = new ArrayList<>();
        final ChannelCounters counters = new ChannelCounters();
        for (int i = 0; i < DRAIN_ALL_ROUNDS; i++)
        {
            final int count = drain(64, values::add);
            channel().counters(counters);
            if (0 == count && 0 == counters.depth() && 0 == counters.spilledPending())
            {
                return values;
            }
        }
        fail("channel did not drain in " + DRAIN_ALL_ROUNDS + " rounds: " + counters());
        return values;
    }

    /**
     * Producer: offer consecutive values while the channel says it is writable, each of which must be accepted.
     *
     * @return the next value to offer.
     */
    final int fillWhileWritable(final int from)
    {
        int next = from;
        for (int i = 0; i <= channel().capacity() && channel().isWritable(); i++)
        {
            assertEquals(OfferResult.ACCEPTED, offer(next++), "offer while writable");
        }
        assertFalse(channel().isWritable(), "still writable after offering capacity messages");
        return next;
    }

    /**
     * Consumer: drain one message at a time until the in-memory depth is at most the given depth.
     */
    final List<Integer> drainToDepth(final int depth)
    {
        final List<Integer> values = new ArrayList<>();
        for (int i = 0; i < DRAIN_ALL_ROUNDS && channel().depth() > depth; i++)
        {
            drain(1, values::add);
        }
        assertTrue(channel().depth() <= depth, "could not drain to depth " + depth);
        return values;
    }

    final ChannelCounters counters()
    {
        return channel().counters(new ChannelCounters());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // binary encoding of a value
    // ---------------------------------------------------------------------------------------------------------------

    static int typeIdOf(final int value)
    {
        return 1 + Math.floorMod(value, 7);
    }

    static int lengthOf(final int value)
    {
        return 4 + Math.floorMod(value, MAX_LENGTH - 3);
    }

    static byte patternByte(final int value, final int index)
    {
        return (byte)(value * 31 + index);
    }

    static void encode(final MutableDirectBuffer buffer, final int offset, final int value)
    {
        buffer.putInt(offset, value);
        final int length = lengthOf(value);
        for (int i = 4; i < length; i++)
        {
            buffer.putByte(offset + i, patternByte(value, i));
        }
    }

    static int decode(final int typeId, final DirectBuffer buffer, final int offset, final int length)
    {
        assertTrue(length >= 4, "message too short: " + length);
        final int value = buffer.getInt(offset);
        assertEquals(typeIdOf(value), typeId, "typeId of value " + value);
        assertEquals(lengthOf(value), length, "length of value " + value);
        for (int i = 4; i < length; i++)
        {
            if (buffer.getByte(offset + i) != patternByte(value, i))
            {
                fail("byte " + i + " of value " + value + " is corrupt");
            }
        }
        return value;
    }

    // ---------------------------------------------------------------------------------------------------------------

    static final class ObjectHarness extends Harness
    {
        final ObjectChannel<Integer> channel;

        ObjectHarness(final ObjectChannel<Integer> channel)
        {
            this.channel = channel;
        }

        @Override
        Channel channel()
        {
            return channel;
        }

        @Override
        boolean isBinary()
        {
            return false;
        }

        @Override
        MessageProducer newProducer()
        {
            return new ObjectProducer(channel);
        }

        @Override
        int drain(final int limit, final IntConsumer sink)
        {
            return channel.drain(sink::accept, limit);
        }

        @Override
        int pollOne(final IntConsumer sink)
        {
            final Integer message = channel.poll();
            if (null == message)
            {
                return 0;
            }
            sink.accept(message);
            return 1;
        }
    }

    static final class ObjectProducer implements MessageProducer
    {
        private final ObjectChannel<Integer> channel;

        ObjectProducer(final ObjectChannel<Integer> channel)
        {
            this.channel = channel;
        }

        @Override
        public int offer(final int value)
        {
            return channel.offer(value);
        }

        @Override
        public int tryOffer(final int value)
        {
            return channel.tryOffer(value);
        }

        @Override
        public int claimAndCommit(final int value, final boolean tryClaim)
        {
            throw new UnsupportedOperationException("object channels have no claims");
        }

        @Override
        public int claimAndAbort(final int value)
        {
            throw new UnsupportedOperationException("object channels have no claims");
        }
    }

    static final class BinaryHarness extends Harness
    {
        final BinaryChannel channel;

        BinaryHarness(final BinaryChannel channel)
        {
            this.channel = channel;
        }

        @Override
        Channel channel()
        {
            return channel;
        }

        @Override
        boolean isBinary()
        {
            return true;
        }

        @Override
        MessageProducer newProducer()
        {
            return new BinaryProducer(channel);
        }

        @Override
        int drain(final int limit, final IntConsumer sink)
        {
            return channel.drain(
                (typeId, buffer, offset, length) -> sink.accept(decode(typeId, buffer, offset, length)), limit);
        }

        @Override
        int pollOne(final IntConsumer sink)
        {
            return drain(1, sink);
        }
    }

    static final class BinaryProducer implements MessageProducer
    {
        private final BinaryChannel channel;
        private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MAX_LENGTH + 8]);
        private final BinaryClaim claim;

        BinaryProducer(final BinaryChannel channel)
        {
            this.channel = channel;
            this.claim = channel.newClaim();
        }

        @Override
        public int offer(final int value)
        {
            // offset 8 so that an implementation ignoring the offset is caught
            encode(buffer, 8, value);
            return channel.offer(typeIdOf(value), buffer, 8, lengthOf(value));
        }

        @Override
        public int tryOffer(final int value)
        {
            encode(buffer, 8, value);
            return channel.tryOffer(typeIdOf(value), buffer, 8, lengthOf(value));
        }

        @Override
        public int claimAndCommit(final int value, final boolean tryClaim)
        {
            final int code = tryClaim ?
                channel.tryClaim(typeIdOf(value), lengthOf(value), claim) :
                channel.claim(typeIdOf(value), lengthOf(value), claim);
            if (code < 0)
            {
                assertFalse(claim.isOpen(), "a negative claim result must open no claim");
                return code;
            }
            assertTrue(claim.isOpen(), "a positive claim result must open the claim");
            assertEquals(lengthOf(value), claim.length());
            assertEquals(typeIdOf(value), claim.typeId());
            encode(claim.buffer(), claim.offset(), value);
            final int result = claim.commit();
            assertFalse(claim.isOpen(), "commit must close the claim");
            return result;
        }

        @Override
        public int claimAndAbort(final int value)
        {
            final int code = channel.claim(typeIdOf(value), lengthOf(value), claim);
            if (code > 0)
            {
                encode(claim.buffer(), claim.offset(), value);
                claim.abort();
                assertFalse(claim.isOpen(), "abort must close the claim");
            }
            return code;
        }
    }
}
