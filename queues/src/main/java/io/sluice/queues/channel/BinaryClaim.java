package io.sluice.queues.channel;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * A producer's reusable handle on space claimed in a {@link BinaryChannel} for zero-copy writing: claim, write
 * {@link #length()} bytes into {@link #buffer()} from {@link #offset()}, then {@link #commit()} or {@link #abort()}.
 * As with Aeron's {@code BufferClaim}, one instance is kept per producer thread and reused, so claiming allocates
 * nothing.
 * <p>
 * Where the claim points depends on the route the channel chose: the ring buffer itself (the usual case), a
 * fixed-size slot (under {@code DROP_OLDEST}), or, under {@code SHED} and {@code SPILL} while the channel is
 * unwritable, a private scratch buffer whose bytes {@code commit} hands to the overflow sink or spill store.
 * <p>
 * <b>Note:</b> not thread-safe: one claim per producer thread, and at most one open claim on it at a time.
 */
public final class BinaryClaim extends BinaryClaimPad1
{
    BinaryClaim(final BinaryChannel channel, final RingBuffer ring, final UnsafeBuffer scratch)
    {
        super(channel, ring, scratch);
    }

    /**
     * The buffer to write the message into. Only meaningful while the claim is open (unchecked, as it is called for
     * every field written).
     *
     * @return the buffer of the open claim.
     */
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * Offset in {@link #buffer()} at which the message's first byte goes. Only meaningful while the claim is open.
     *
     * @return the offset of the open claim.
     */
    public int offset()
    {
        return index;
    }

    /**
     * Number of bytes claimed; exactly this many are delivered.
     *
     * @return the claimed length.
     */
    public int length()
    {
        return length;
    }

    /**
     * Type id the message is claimed with.
     *
     * @return the type id.
     */
    public int typeId()
    {
        return typeId;
    }

    /**
     * Whether a claim is open (claimed, not yet committed or aborted).
     *
     * @return true while open.
     */
    public boolean isOpen()
    {
        return route != IDLE;
    }

    /**
     * Publish the written message.
     *
     * @return the final {@link OfferResult}: the code the claim returned, or {@link OfferResult#REJECTED} if the
     *         overflow sink or spill store refused a detoured message.
     * @throws IllegalStateException if no claim is open.
     */
    public int commit()
    {
        if (route == RING)
        {
            // the common case, without a call through the channel: publish the record, the reservation is counted
            ring.commit(index);
            route = IDLE;
            // ring claims are always plain acceptances (evictions happen in slot pools only)
            return OfferResult.ACCEPTED;
        }
        checkOpen();
        return channel.commitClaim(this);
    }

    /**
     * Give the claimed space back without publishing anything.
     *
     * @throws IllegalStateException if no claim is open.
     */
    public void abort()
    {
        checkOpen();
        channel.abortClaim(this);
    }

    void openInRing(final int index, final int typeId, final int length)
    {
        this.route = RING;
        this.buffer = ringBuffer;
        this.index = index;
        this.typeId = typeId;
        this.length = length;
    }

    void open(final int route, final MutableDirectBuffer buffer, final int index, final int typeId, final int length)
    {
        this.route = route;
        this.buffer = buffer;
        this.index = index;
        this.typeId = typeId;
        this.length = length;
    }

    void close()
    {
        // buffer and slot are left for the next open to overwrite: no stores the hot path does not need
        route = IDLE;
    }

    private void checkOpen()
    {
        if (route == IDLE)
        {
            throw new IllegalStateException("channel '" + channel.name() + "': no open claim");
        }
    }
}

/**
 * Padding before the claim's fields: the producer writes them for every message, so they must not share a cache line
 * with whatever the consumer touches (a claim is often allocated next to the consumer's objects).
 */
abstract class BinaryClaimPad0
{
    long p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15, p16;
}

/**
 * The claim's state, written by its producer thread only.
 */
abstract class BinaryClaimFields extends BinaryClaimPad0
{
    static final int IDLE = 0;
    static final int RING = 1;
    static final int SLOT = 2;
    static final int DETOUR = 3;

    final BinaryChannel channel;
    /** The ring of a ring-buffer channel, so the common commit goes straight to it; null for a slot pool. */
    final RingBuffer ring;
    final MutableDirectBuffer ringBuffer;
    final UnsafeBuffer scratch;
    int route = IDLE;
    int claimResult;
    int typeId;
    int length;
    int index;
    MutableDirectBuffer buffer;
    Object slot;

    BinaryClaimFields(final BinaryChannel channel, final RingBuffer ring, final UnsafeBuffer scratch)
    {
        this.channel = channel;
        this.ring = ring;
        this.ringBuffer = null != ring ? ring.buffer() : null;
        this.scratch = scratch;
    }
}

abstract class BinaryClaimPad1 extends BinaryClaimFields
{
    long p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15, p16;

    BinaryClaimPad1(final BinaryChannel channel, final RingBuffer ring, final UnsafeBuffer scratch)
    {
        super(channel, ring, scratch);
    }
}
