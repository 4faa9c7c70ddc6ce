package io.sluice.runtime.graph;

import io.sluice.queues.channel.ObjectChannel;
import io.sluice.queues.channel.OfferResult;

import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * The outbox of an object stage: sends straight to the edges, holds (in a preallocated ring, in order) what a
 * {@code BLOCK} edge had no room for or a full spill store refused, and sends the held messages first on later duty
 * cycles.
 */
final class ObjectOutbox extends StageOutbox implements Outbox<Object>
{
    // the one BLOCK edge of a stage that does not route, for the fast path of emit; null otherwise
    private final ObjectChannel<Object> single;
    private final ObjectChannel<Object>[] channels;
    private final ToLongFunction<Object> router;
    private final Object[] heldMessages;

    @SuppressWarnings("unchecked")
    ObjectOutbox(final String stage, final Edge[] edges, final ToLongFunction<Object> router, final int capacity)
    {
        super(stage, edges, capacity);
        this.channels = (ObjectChannel<Object>[])new ObjectChannel<?>[edges.length];
        for (int i = 0; i < edges.length; i++)
        {
            channels[i] = edges[i].objectChannel;
        }
        this.router = router;
        this.single = edges.length == 1 && null == router && propagates[0] ? channels[0] : null;
        this.heldMessages = new Object[mask + 1];
    }

    @Override
    public int emit(final Object message)
    {
        final ObjectChannel<Object> single = this.single;
        if (null != single && head == tail)
        {
            final int result = single.tryOffer(message);
            if (result == OfferResult.ACCEPTED)
            {
                emitted++;
                return result;
            }
            if (result != OfferResult.BACK_PRESSURED)
            {
                return result;
            }
            return hold(0, message);
        }
        return emitSlow(message);
    }

    private int emitSlow(final Object message)
    {
        Objects.requireNonNull(message, "message");
        final int ports = channels.length;
        if (null != router)
        {
            return emitTo((int)Math.floorMod(router.applyAsLong(message), (long)ports), message);
        }
        int result = OfferResult.ACCEPTED;
        for (int port = 0; port < ports; port++)
        {
            final int r = emitTo(port, message);
            if (result == OfferResult.ACCEPTED && r != OfferResult.ACCEPTED)
            {
                result = r;
            }
        }
        return result;
    }

    @Override
    public int emit(final int port, final Object message)
    {
        Objects.requireNonNull(message, "message");
        checkPort(port);
        return emitTo(port, message);
    }

    private int emitTo(final int port, final Object message)
    {
        if (holdsRefusedSpill[port])
        {
            return emitToSpill(port, message);
        }
        if (!propagates[port])
        {
            final int result = channels[port].offer(message);
            if (OfferResult.isTaken(result))
            {
                emitted++;
            }
            return result;
        }
        if (heldPerPort[port] == 0)
        {
            final int result = channels[port].tryOffer(message);
            if (result != OfferResult.BACK_PRESSURED)
            {
                if (result == OfferResult.ACCEPTED)
                {
                    emitted++;
                }
                return result;
            }
        }
        return hold(port, message);
    }

    private int emitToSpill(final int port, final Object message)
    {
        if (heldPerPort[port] == 0)
        {
            final int result = channels[port].offer(message);
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
        return hold(port, message);
    }

    private int hold(final int port, final Object message)
    {
        final int index = holdSlot(port);
        if (index < 0)
        {
            return OfferResult.BACK_PRESSURED;
        }
        heldMessages[index] = message;
        return OfferResult.ACCEPTED;
    }

    @Override
    int sendHeld(final int index, final int port)
    {
        final int result;
        if (holdsRefusedSpill[port])
        {
            if (spillGated(port))
            {
                return OfferResult.BACK_PRESSURED;
            }
            final int offered = channels[port].offer(heldMessages[index]);
            if (offered == OfferResult.REJECTED)
            {
                spillRefused(port);
                return OfferResult.BACK_PRESSURED;
            }
            result = offered;
        }
        else
        {
            result = channels[port].tryOffer(heldMessages[index]);
        }
        if (result != OfferResult.BACK_PRESSURED)
        {
            heldMessages[index] = null;
        }
        return result;
    }
}
