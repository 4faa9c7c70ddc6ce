package io.sluice.queues.channel;

import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * Binary channel over an Agrona ring buffer: {@code OneToOneRingBuffer} for one producer, {@code ManyToOneRingBuffer}
 * for many. The reservation in the sent word comes first, so the ring is never asked for more than its sized
 * capacity.
 */
final class RingBinaryChannel extends BinaryChannel
{
    private final RingBuffer ring;
    private final CountingHandler memoryCounter = new CountingHandler();

    RingBinaryChannel(final ChannelBuilder<?> builder)
    {
        super(builder);
        final int length = builder.ringCapacity() + RingBufferDescriptor.TRAILER_LENGTH;
        final UnsafeBuffer buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(length, 64));
        ring = multiProducer ? new ManyToOneRingBuffer(buffer) : new OneToOneRingBuffer(buffer);
    }

    @Override
    boolean writeReserved(final int typeId, final DirectBuffer buffer, final int offset, final int length)
    {
        return ring.write(typeId, buffer, offset, length);
    }

    @Override
    void claimReserved(final BinaryClaim claim, final int typeId, final int length)
    {
        final int index = ring.tryClaim(typeId, length);
        if (index < 0)
        {
            releaseReservation();
            throw new IllegalStateException("channel '" + name + "': ring buffer refused a reserved claim");
        }
        claim.open(BinaryClaim.RING, ring.buffer(), index, typeId, length);
    }

    @Override
    void commitReserved(final BinaryClaim claim)
    {
        ring.commit(claim.index);
    }

    @Override
    void abortReserved(final BinaryClaim claim)
    {
        ring.abort(claim.index);
        releaseReservation();
    }

    @Override
    boolean evictOldest()
    {
        return false;
    }

    @Override
    int drainMemory(final MessageHandler handler, final int limit)
    {
        // the counting wrapper keeps the count right if the handler throws (the ring has released the record)
        final CountingHandler counter = memoryCounter;
        counter.delegate = handler;
        final int before = counter.count;
        try
        {
            ring.read(counter, limit);
        }
        finally
        {
            final int count = counter.count - before;
            if (count > 0)
            {
                onDeliveredFromMemory(count);
            }
        }
        return counter.count - before;
    }

    @Override
    long inFlightMeasured()
    {
        // the ring measures bytes, not messages: derived from the sequence counters
        final long delivered = lvDeliveredFromMemory();
        final long refunds = lvRefunds();
        return (lvSentWord() & COUNT_MASK) - refunds - delivered;
    }
}
