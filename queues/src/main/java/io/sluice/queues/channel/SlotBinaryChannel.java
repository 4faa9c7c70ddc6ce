package io.sluice.queues.channel;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.MpmcArrayQueue;
import org.jctools.queues.SpmcArrayQueue;

/**
 * Binary channel for {@code DROP_OLDEST}: a pool of fixed-size slots, passed producer to consumer through a JCTools
 * multi-consumer queue (SPMC or MPMC) and back through a free list. A producer evicts the oldest message by polling
 * the queue as a second consumer, so the consumer and the evicting producer never both take one message.
 * <p>
 * The pool holds {@code capacity + 1} slots: queued ones, ones claimed under a reservation and the one the consumer
 * holds during its handler call. A producer that finds no free slot (replacements racing) evicts the oldest queued
 * one, as the policy would, so it never waits on the consumer.
 */
final class SlotBinaryChannel extends BinaryChannel
{
    private final MessagePassingQueue<Slot> queue;
    private final MpmcArrayQueue<Slot> free;

    SlotBinaryChannel(final ChannelBuilder<?> builder)
    {
        super(builder);
        final int slots = capacity + 1;
        final byte[] backing = new byte[slots * maxMessageLength];
        // every slot may be queued at once (replacements racing), so the queue holds the whole pool
        final int queueCapacity = Math.max(2, slots);
        queue = multiProducer ? new MpmcArrayQueue<>(queueCapacity) : new SpmcArrayQueue<>(queueCapacity);
        free = new MpmcArrayQueue<>(Math.max(2, slots));
        for (int i = 0; i < slots; i++)
        {
            free.offer(new Slot(new UnsafeBuffer(backing, i * maxMessageLength, maxMessageLength)));
        }
    }

    @Override
    boolean writeReserved(final int typeId, final DirectBuffer buffer, final int offset, final int length)
    {
        final Slot slot = takeFreeSlot();
        slot.buffer.putBytes(0, buffer, offset, length);
        slot.typeId = typeId;
        slot.length = length;
        publish(slot);
        return true;
    }

    @Override
    void claimReserved(final BinaryClaim claim, final int typeId, final int length)
    {
        final Slot slot = takeFreeSlot();
        claim.slot = slot;
        claim.open(BinaryClaim.SLOT, slot.buffer, 0, typeId, length);
    }

    @Override
    void commitReserved(final BinaryClaim claim)
    {
        final Slot slot = (Slot)claim.slot;
        slot.typeId = claim.typeId;
        slot.length = claim.length;
        publish(slot);
    }

    @Override
    void abortReserved(final BinaryClaim claim)
    {
        free.offer((Slot)claim.slot);
        releaseReservation();
        claimAborted();
    }

    @Override
    boolean evictOldest()
    {
        final Slot oldest = queue.poll();
        if (null == oldest)
        {
            return false;
        }
        // back on the free list before the refund, so slots outside it never exceed depth
        free.offer(oldest);
        droppedOldestCounted();
        return true;
    }

    @Override
    int drainMemory(final MessageHandler handler, final int limit)
    {
        final MessagePassingQueue<Slot> queue = this.queue;
        final long delivered = deliveredFromMemoryPlain();
        int sampleAt = firstWaitSample(delivered);
        int count = 0;
        try
        {
            while (count < limit)
            {
                final Slot slot = queue.relaxedPoll();
                if (null == slot)
                {
                    break;
                }
                if (count == sampleAt)
                {
                    sampleWait(delivered + count, 0);
                    sampleAt += (int)waitSampleMask + 1;
                }
                count++;
                try
                {
                    handler.onMessage(slot.typeId, slot.buffer, 0, slot.length);
                }
                finally
                {
                    free.offer(slot);
                }
            }
        }
        finally
        {
            if (count > 0)
            {
                onDeliveredFromMemory(count);
            }
        }
        return count;
    }

    @Override
    long inFlightMeasured()
    {
        return queue.size();
    }

    private Slot takeFreeSlot()
    {
        while (true)
        {
            final Slot slot = free.relaxedPoll();
            if (null != slot)
            {
                return slot;
            }
            // every slot is queued or held: racing replacements took the free ones; make room by evicting as the
            // DROP_OLDEST policy does (counted), or wait for a free-list offer still in progress on another thread
            if (!evictOldest())
            {
                Thread.onSpinWait();
            }
        }
    }

    private void publish(final Slot slot)
    {
        if (!queue.offer(slot))
        {
            free.offer(slot);
            releaseReservation();
            throw new IllegalStateException("channel '" + name + "': slot queue refused a reserved message");
        }
    }

    static final class Slot
    {
        final UnsafeBuffer buffer;
        int typeId;
        int length;

        Slot(final UnsafeBuffer buffer)
        {
            this.buffer = buffer;
        }
    }
}
