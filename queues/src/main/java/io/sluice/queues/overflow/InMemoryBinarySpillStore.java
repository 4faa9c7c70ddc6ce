package io.sluice.queues.overflow;

import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * A bounded, allocation-free {@link BinarySpillStore} in memory, over an Agrona {@code ManyToOneRingBuffer}: for
 * tests, and as an in-memory second tier. It does not survive the process.
 * <p>
 * <b>Note:</b> append is safe from any number of producer threads; read from one consumer thread.
 */
public final class InMemoryBinarySpillStore implements BinarySpillStore
{
    private final ManyToOneRingBuffer ring;

    /**
     * Create a store over a ring of (at least) {@code capacityBytes}, rounded up to a power of two.
     *
     * @param capacityBytes 1024..(1 &lt;&lt; 30).
     */
    public InMemoryBinarySpillStore(final int capacityBytes)
    {
        if (capacityBytes < 1024 || capacityBytes > 1 << 30)
        {
            throw new IllegalArgumentException("spill store capacityBytes=" + capacityBytes +
                " is not allowed; allowed 1024.." + (1 << 30));
        }
        final int capacity = BitUtil.findNextPositivePowerOfTwo(capacityBytes);
        ring = new ManyToOneRingBuffer(new UnsafeBuffer(
            BufferUtil.allocateDirectAligned(capacity + RingBufferDescriptor.TRAILER_LENGTH, 64)));
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public boolean append(final int typeId, final DirectBuffer buffer, final int offset, final int length)
    {
        // a message longer than the ring takes is refused, not thrown: the contract is "false if it cannot store"
        return length <= ring.maxMsgLength() && ring.write(typeId, buffer, offset, length);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int read(final MessageHandler handler, final int limit)
    {
        return ring.read(handler, limit);
    }

    /**
     * Longest message the store takes.
     *
     * @return the maximum message length in bytes.
     */
    public int maxMessageLength()
    {
        return ring.maxMsgLength();
    }
}
