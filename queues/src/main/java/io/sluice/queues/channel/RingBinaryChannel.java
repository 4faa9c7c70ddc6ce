package io.sluice.queues.channel;

import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RecordDescriptor;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * Binary channel over an Agrona ring buffer: {@code OneToOneRingBuffer} for one producer, {@code ManyToOneRingBuffer}
 * for many. The reservation in the sent word comes first, so the ring is never asked for more than its sized
 * capacity.
 */
final class RingBinaryChannel extends BinaryChannel
{
    /**
     * Type id of an aborted claim's record. User type ids start at 1 and Agrona's padding is -1, so 0 is free.
     */
    static final int ABORTED_TYPE_ID = 0;

    private final RingBuffer ring;
    private final CountingHandler memoryCounter = new CountingHandler();

    RingBinaryChannel(final ChannelBuilder<?> builder)
    {
        super(builder);
        final int length = builder.ringCapacity() + RingBufferDescriptor.TRAILER_LENGTH;
        final UnsafeBuffer buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(length, 64));
        ring = multiProducer ? new ManyToOneRingBuffer(buffer) : new OneToOneRingBuffer(buffer);
        memoryCounter.channel = this;
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
            throw refusedClaim();
        }
        claim.openInRing(index, typeId, length);
    }

    private IllegalStateException refusedClaim()
    {
        // cannot happen while the ring is sized for capacity + 1 records of maxMessageLength: a Sluice bug
        releaseReservation();
        return new IllegalStateException("channel '" + name + "': ring buffer refused a reserved claim");
    }

    @Override
    void commitReserved(final BinaryClaim claim)
    {
        ring.commit(claim.index);
    }

    @Override
    void abortReserved(final BinaryClaim claim)
    {
        // Agrona's abort turns the record into padding whose bytes stay taken until the consumer passes them, so
        // refunding the reservation now would let aborts fill the ring. The record is committed as an "aborted"
        // type instead, and the consumer refunds it when it passes over it (onSkippedFromMemory).
        final int recordIndex = claim.index - RecordDescriptor.HEADER_LENGTH;
        ring.buffer().putInt(RecordDescriptor.typeOffset(recordIndex), ABORTED_TYPE_ID);
        ring.commit(claim.index);
        releaseReservationLater();
        claimAborted();
    }

    @Override
    boolean evictOldest()
    {
        return false;
    }

    @Override
    RingBuffer claimRing()
    {
        return ring;
    }

    @Override
    int drainMemory(final MessageHandler handler, final int limit)
    {
        // the counting wrapper keeps the count right if the handler throws (the ring has released the record)
        final CountingHandler counter = memoryCounter;
        counter.delegate = handler;
        counter.count = 0;
        counter.skipped = 0;
        counter.delivered = deliveredFromMemoryPlain();
        counter.sampleAt = firstWaitSample(counter.delivered);
        try
        {
            ring.read(counter, limit);
            if (counter.count == 0 && counter.skipped == 0)
            {
                // Agrona reads one contiguous block: when only the padding before the wrap was left, the first read
                // passed it and delivered nothing; read again from the start of the buffer (only when idle-looking)
                ring.read(counter, limit);
            }
        }
        finally
        {
            if (counter.skipped != 0)
            {
                onSkippedFromMemory(counter.skipped);
            }
            if (counter.count != 0)
            {
                onDeliveredFromMemory(counter.count);
            }
        }
        return counter.count;
    }

    @Override
    long inFlightMeasured()
    {
        // the ring measures bytes, not messages: derived from the sequence counters; an aborted claim's record is
        // not a message, whether or not the consumer has passed it yet
        final long delivered = lvDeliveredFromMemory();
        final long gone = (long)DROPPED_OLDEST.getVolatile(this) + (long)RELEASED.getVolatile(this) +
            (long)RELEASED_LATER.getVolatile(this);
        return (lvSentWord() & COUNT_MASK) - gone - delivered;
    }
}
