package io.sluice.runtime.graph;

import io.sluice.queues.channel.BinaryChannel;
import io.sluice.queues.channel.BinaryClaim;
import io.sluice.queues.channel.OfferResult;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * The outbox of a binary stage: the same holding rules as {@link ObjectOutbox}, with held messages copied into
 * preallocated slots of the largest message length of the stage's edges. Claims are zero copy into the edge's ring
 * when one edge is the target, it has room and nothing is held for it; otherwise they go to a scratch buffer that
 * {@link #commit()} copies on.
 */
final class BinaryStageOutbox extends StageOutbox implements BinaryOutbox
{
    private final BinaryChannel[] channels;
    private final BinaryClaim[] claims;
    private final BinaryKeyFunction router;
    private final int slotLength;
    private final UnsafeBuffer heldBytes;
    private final int[] heldTypeIds;
    private final int[] heldLengths;
    private final UnsafeBuffer scratch;
    private int claimPort = -1;
    private int claimTypeId;
    private int claimLength;
    private boolean claimInRing;

    BinaryStageOutbox(final String stage, final Edge[] edges, final BinaryKeyFunction router, final int capacity)
    {
        super(stage, edges, capacity);
        this.channels = new BinaryChannel[edges.length];
        this.claims = new BinaryClaim[edges.length];
        int maxLength = 0;
        for (int i = 0; i < edges.length; i++)
        {
            channels[i] = edges[i].binaryChannel;
            claims[i] = channels[i].newClaim();
            maxLength = Math.max(maxLength, channels[i].maxMessageLength());
        }
        this.router = router;
        this.slotLength = Math.max(8, maxLength);
        final int size = mask + 1;
        this.heldBytes = new UnsafeBuffer(ByteBuffer.allocateDirect(Math.multiplyExact(size, slotLength)));
        this.heldTypeIds = new int[size];
        this.heldLengths = new int[size];
        this.scratch = new UnsafeBuffer(ByteBuffer.allocateDirect(slotLength));
    }

    @Override
    public int emit(final int typeId, final DirectBuffer buffer, final int offset, final int length)
    {
        final int ports = channels.length;
        if (null != router)
        {
            final long key = router.key(typeId, buffer, offset, length);
            return emitTo((int)Math.floorMod(key, (long)ports), typeId, buffer, offset, length);
        }
        int result = OfferResult.ACCEPTED;
        for (int port = 0; port < ports; port++)
        {
            final int r = emitTo(port, typeId, buffer, offset, length);
            if (result == OfferResult.ACCEPTED && r != OfferResult.ACCEPTED)
            {
                result = r;
            }
        }
        return result;
    }

    @Override
    public int emit(final int port, final int typeId, final DirectBuffer buffer, final int offset, final int length)
    {
        checkPort(port);
        return emitTo(port, typeId, buffer, offset, length);
    }

    private int emitTo(
        final int port, final int typeId, final DirectBuffer buffer, final int offset, final int length)
    {
        if (holdsRefusedSpill[port])
        {
            if (heldPerPort[port] == 0)
            {
                final int result = channels[port].offer(typeId, buffer, offset, length);
                if (result != OfferResult.REJECTED)
                {
                    if (OfferResult.isTaken(result))
                    {
                        emitted++;
                    }
                    return result;
                }
                spillRefused(port);
            }
            return hold(port, typeId, buffer, offset, length);
        }
        if (!propagates[port])
        {
            final int result = channels[port].offer(typeId, buffer, offset, length);
            if (OfferResult.isTaken(result))
            {
                emitted++;
            }
            return result;
        }
        if (heldPerPort[port] == 0)
        {
            final int result = channels[port].tryOffer(typeId, buffer, offset, length);
            if (result != OfferResult.BACK_PRESSURED)
            {
                if (result == OfferResult.ACCEPTED)
                {
                    emitted++;
                }
                return result;
            }
        }
        return hold(port, typeId, buffer, offset, length);
    }

    private int hold(final int port, final int typeId, final DirectBuffer buffer, final int offset, final int length)
    {
        if (isFull())
        {
            return OfferResult.BACK_PRESSURED;
        }
        if (length > slotLength || length < 0)
        {
            // the channel checks lengths before it back-pressures, so only a misuse gets here
            throw new IllegalArgumentException("stage '" + stage + "': message length=" + length +
                " is not allowed; allowed 0.." + slotLength);
        }
        final int index = holdSlot(port);
        heldBytes.putBytes(index * slotLength, buffer, offset, length);
        heldTypeIds[index] = typeId;
        heldLengths[index] = length;
        return OfferResult.ACCEPTED;
    }

    @Override
    public int claim(final int port, final int typeId, final int length)
    {
        if (claimPort >= 0)
        {
            throw new IllegalStateException("stage '" + stage + "': a claim is already open; commit or abort it");
        }
        checkPort(port);
        final boolean single = null != router || channels.length == 1;
        if (single && propagates[port] && heldPerPort[port] == 0)
        {
            final int result = channels[port].tryClaim(typeId, length, claims[port]);
            if (result == OfferResult.ACCEPTED)
            {
                claimPort = port;
                claimInRing = true;
                return result;
            }
            if (result != OfferResult.BACK_PRESSURED)
            {
                return result;
            }
        }
        if (length < 0 || length > slotLength)
        {
            throw new IllegalArgumentException("stage '" + stage + "': claim length=" + length +
                " is not allowed; allowed 0.." + slotLength);
        }
        if (isFull())
        {
            return OfferResult.BACK_PRESSURED;
        }
        claimPort = port;
        claimInRing = false;
        claimTypeId = typeId;
        claimLength = length;
        return OfferResult.ACCEPTED;
    }

    @Override
    public MutableDirectBuffer claimBuffer()
    {
        return claimInRing ? claims[claimPort].buffer() : scratch;
    }

    @Override
    public int claimOffset()
    {
        return claimInRing ? claims[claimPort].offset() : 0;
    }

    @Override
    public int commit()
    {
        final int port = claimPort;
        if (port < 0)
        {
            throw new IllegalStateException("stage '" + stage + "': no claim is open");
        }
        claimPort = -1;
        if (claimInRing)
        {
            final int result = claims[port].commit();
            if (OfferResult.isTaken(result))
            {
                emitted++;
            }
            return result;
        }
        final boolean single = null != router || channels.length == 1;
        return single ?
            emitTo(port, claimTypeId, scratch, 0, claimLength) : emit(claimTypeId, scratch, 0, claimLength);
    }

    @Override
    public void abort()
    {
        final int port = claimPort;
        if (port < 0)
        {
            throw new IllegalStateException("stage '" + stage + "': no claim is open");
        }
        claimPort = -1;
        if (claimInRing)
        {
            claims[port].abort();
        }
    }

    @Override
    int sendHeld(final int index, final int port)
    {
        if (holdsRefusedSpill[port])
        {
            if (spillGated(port))
            {
                return OfferResult.BACK_PRESSURED;
            }
            final int result = channels[port].offer(heldTypeIds[index], heldBytes, index * slotLength,
                heldLengths[index]);
            if (result == OfferResult.REJECTED)
            {
                spillRefused(port);
                return OfferResult.BACK_PRESSURED;
            }
            return result;
        }
        return channels[port].tryOffer(heldTypeIds[index], heldBytes, index * slotLength, heldLengths[index]);
    }
}
