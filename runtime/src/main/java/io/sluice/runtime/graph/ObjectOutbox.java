package io.sluice.runtime.graph;

import io.sluice.queues.channel.ObjectChannel;
import io.sluice.queues.channel.OfferResult;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * The outbox of an object stage: sends straight to the edges, holds (in a preallocated ring, in order) what a
 * {@code BLOCK} edge had no room for, and sends the held messages first on later duty cycles.
 */
final class ObjectOutbox implements Outbox<Object>
{
    private static final VarHandle TAIL;
    private static final VarHandle HEAD;
    private static final VarHandle EMITTED;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            TAIL = lookup.findVarHandle(ObjectOutbox.class, "tail", long.class);
            HEAD = lookup.findVarHandle(ObjectOutbox.class, "head", long.class);
            EMITTED = lookup.findVarHandle(ObjectOutbox.class, "emittedPublished", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final String stage;
    // the one BLOCK edge of a stage that does not route, for the fast path of emit; null otherwise
    private final ObjectChannel<Object> single;
    private final ObjectChannel<Object>[] channels;
    private final boolean[] propagates;
    private final ToLongFunction<Object> router;
    private final Object[] heldMessages;
    private final int[] heldPorts;
    private final int[] heldPerPort;
    private final int mask;
    private long head;
    private long tail;
    private long emitted;
    private long emittedPublished;

    @SuppressWarnings("unchecked")
    ObjectOutbox(final String stage, final Edge[] edges, final ToLongFunction<Object> router, final int capacity)
    {
        this.stage = stage;
        this.channels = new ObjectChannel[edges.length];
        this.propagates = new boolean[edges.length];
        for (int i = 0; i < edges.length; i++)
        {
            channels[i] = edges[i].objectChannel;
            propagates[i] = edges[i].propagates;
        }
        this.router = router;
        this.single = edges.length == 1 && null == router && propagates[0] ? channels[0] : null;
        final int size = Integer.highestOneBit(Math.max(1, capacity - 1)) << 1;
        this.heldMessages = new Object[size];
        this.heldPorts = new int[size];
        this.heldPerPort = new int[edges.length];
        this.mask = size - 1;
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
        if (port < 0 || port >= channels.length)
        {
            throw new IndexOutOfBoundsException(
                "stage '" + stage + "': port=" + port + " is not allowed; allowed 0.." + (channels.length - 1));
        }
        return emitTo(port, message);
    }

    private int emitTo(final int port, final Object message)
    {
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

    private int hold(final int port, final Object message)
    {
        if (tail - head > mask)
        {
            return OfferResult.BACK_PRESSURED;
        }
        final int index = (int)tail & mask;
        heldMessages[index] = message;
        heldPorts[index] = port;
        heldPerPort[port]++;
        TAIL.setOpaque(this, tail + 1);
        return OfferResult.ACCEPTED;
    }

    /**
     * Send held messages, oldest first, until one does not fit.
     *
     * @return the number sent.
     */
    int flush()
    {
        int sent = 0;
        while (head < tail)
        {
            final int index = (int)head & mask;
            final int port = heldPorts[index];
            final int result = channels[port].tryOffer(heldMessages[index]);
            if (result == OfferResult.BACK_PRESSURED)
            {
                break;
            }
            if (result == OfferResult.ACCEPTED)
            {
                emitted++;
            }
            heldMessages[index] = null;
            heldPerPort[port]--;
            HEAD.setOpaque(this, head + 1);
            sent++;
        }
        return sent;
    }

    boolean isEmpty()
    {
        return head == tail;
    }

    long heldSnapshot()
    {
        final long head = (long)HEAD.getOpaque(this);
        return Math.max(0L, (long)TAIL.getOpaque(this) - head);
    }

    long emittedSnapshot()
    {
        return (long)EMITTED.getOpaque(this);
    }

    /**
     * Publish the plain emit count (owner thread, once per duty cycle).
     */
    void publish()
    {
        EMITTED.setOpaque(this, emitted);
    }

    @Override
    public int ports()
    {
        return channels.length;
    }

    @Override
    public int room()
    {
        if (head != tail)
        {
            return 0;
        }
        long room = Integer.MAX_VALUE;
        final ObjectChannel<Object>[] channels = this.channels;
        for (int port = 0; port < channels.length; port++)
        {
            if (propagates[port])
            {
                room = Math.min(room, channels[port].room());
            }
        }
        return (int)room;
    }
}
