package io.sluice.runtime.graph;

import io.sluice.queues.channel.Channel;
import io.sluice.queues.channel.ChannelCounters;
import io.sluice.queues.channel.OfferResult;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What the object and binary outboxes share: the ring of held emits (ports and counts here, the held messages in the
 * subclass), sending them in order, the room of the propagating edges, and the counts other threads may read.
 * <p>
 * Owner thread only, except {@link #heldSnapshot()} and {@link #emittedSnapshot()}: {@code head} and {@code tail}
 * are written with opaque stores, and the emit count is published once per duty cycle by {@link #publish()}.
 */
abstract class StageOutbox
{
    private static final VarHandle TAIL;
    private static final VarHandle HEAD;
    private static final VarHandle EMITTED;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            TAIL = lookup.findVarHandle(StageOutbox.class, "tail", long.class);
            HEAD = lookup.findVarHandle(StageOutbox.class, "head", long.class);
            EMITTED = lookup.findVarHandle(StageOutbox.class, "emittedPublished", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    final String stage;
    final boolean[] propagates;
    final boolean[] holdsRefusedSpill;
    final int[] heldPerPort;
    final int mask;
    long head;
    long tail;
    long emitted;
    private final Channel[] edgeChannels;
    private final int[] heldPorts;
    // per SPILL port that holds refusals: spilled-pending when its store last refused, -1 when not refused
    private final long[] refusedAtPending;
    private final ChannelCounters spillCounters = new ChannelCounters();
    private long emittedPublished;

    StageOutbox(final String stage, final Edge[] edges, final int capacity)
    {
        this.stage = stage;
        this.edgeChannels = new Channel[edges.length];
        this.propagates = new boolean[edges.length];
        this.holdsRefusedSpill = new boolean[edges.length];
        this.refusedAtPending = new long[edges.length];
        for (int i = 0; i < edges.length; i++)
        {
            edgeChannels[i] = edges[i].channel;
            propagates[i] = edges[i].propagates;
            holdsRefusedSpill[i] = edges[i].holdsRefusedSpill;
            refusedAtPending[i] = -1;
        }
        final int size = Integer.highestOneBit(Math.max(1, capacity - 1)) << 1;
        this.heldPorts = new int[size];
        this.heldPerPort = new int[edges.length];
        this.mask = size - 1;
    }

    /**
     * Take the next held slot for an emit to a port; the subclass stores the message at the returned index.
     *
     * @return the slot's index, or -1 if the outbox is full.
     */
    final int holdSlot(final int port)
    {
        if (isFull())
        {
            return -1;
        }
        final int index = (int)tail & mask;
        heldPorts[index] = port;
        heldPerPort[port]++;
        TAIL.setOpaque(this, tail + 1);
        return index;
    }

    /**
     * Offer the held message in a slot to its port's channel: without the overflow policy on a {@code BLOCK} port,
     * with it on a {@code SPILL} port, where a refusal ({@code REJECTED}) is returned as {@code BACK_PRESSURED}.
     *
     * @return the offer's code; anything but {@code BACK_PRESSURED} frees the slot.
     */
    abstract int sendHeld(int index, int port);

    /**
     * The spill store of a port refused an offer: the message is held, and offered again only once the store has
     * drained to half of what it held then (a low-water mark, so a full store costs one refused offer per drain, not
     * one per duty cycle). Each refused offer counts in the channel's {@code offered}, {@code rejected} and
     * {@code spillRefused}; the offer that later succeeds counts again in {@code offered}.
     */
    final void spillRefused(final int port)
    {
        refusedAtPending[port] = edgeChannels[port].counters(spillCounters).spilledPending();
    }

    /**
     * Whether a port's spill store refused recently and has not drained to its low-water mark yet.
     */
    final boolean spillGated(final int port)
    {
        final long refusedAt = refusedAtPending[port];
        if (refusedAt < 0)
        {
            return false;
        }
        if (edgeChannels[port].counters(spillCounters).spilledPending() > refusedAt / 2)
        {
            return true;
        }
        refusedAtPending[port] = -1;
        return false;
    }

    /**
     * Send held messages, oldest first, until one does not fit.
     *
     * @return the number sent.
     */
    final int flush()
    {
        int sent = 0;
        while (head < tail)
        {
            final int index = (int)head & mask;
            final int port = heldPorts[index];
            final int result = sendHeld(index, port);
            if (result == OfferResult.BACK_PRESSURED)
            {
                break;
            }
            if (OfferResult.isTaken(result))
            {
                emitted++;
            }
            heldPerPort[port]--;
            HEAD.setOpaque(this, head + 1);
            sent++;
        }
        return sent;
    }

    final boolean isEmpty()
    {
        return head == tail;
    }

    final boolean isFull()
    {
        return tail - head > mask;
    }

    final void checkPort(final int port)
    {
        if (port < 0 || port >= edgeChannels.length)
        {
            throw new IndexOutOfBoundsException(
                "stage '" + stage + "': port=" + port + " is not allowed; allowed 0.." + (edgeChannels.length - 1));
        }
    }

    /**
     * Held emits, for a snapshot from another thread (never negative).
     */
    final long heldSnapshot()
    {
        final long head = (long)HEAD.getOpaque(this);
        return Math.max(0L, (long)TAIL.getOpaque(this) - head);
    }

    /**
     * Emits as of the last {@link #publish()}, for a snapshot from another thread.
     */
    final long emittedSnapshot()
    {
        return (long)EMITTED.getOpaque(this);
    }

    /**
     * Publish the plain emit count (owner thread, once per duty cycle).
     */
    final void publish()
    {
        EMITTED.setOpaque(this, emitted);
    }

    /**
     * Number of outbound edges.
     *
     * @return the number of ports.
     */
    public final int ports()
    {
        return edgeChannels.length;
    }

    /**
     * Messages that can be emitted now without being held: the smallest room of the {@code BLOCK} edges, zero while
     * anything is held (which includes a message a full spill store refused).
     *
     * @return room for emits now, never negative.
     */
    public final int room()
    {
        if (head != tail)
        {
            return 0;
        }
        long room = Integer.MAX_VALUE;
        final Channel[] channels = edgeChannels;
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
