package io.sluice.queues.channel;

/**
 * A snapshot of one channel's counters, filled without allocation by {@link Channel#counters(ChannelCounters)} and
 * reusable.
 * <p>
 * Every call of {@code offer} (or {@code claim} then {@code commit}) on an open channel moves exactly one outcome
 * counter: accepted, droppedNewest, shed, spilled, rejected or timedOut; their sum is {@link #offered()}.
 * {@code BACK_PRESSURED} and {@code CLOSED} returns leave the message with the caller and are not offers in this
 * sense. The conservation identity, exact at any quiescent point, is
 * <pre>
 * offered + recovered = delivered + droppedNewest + droppedOldest + shed + spilledPending + rejected + timedOut
 *                       + inFlight
 * </pre>
 * where recovered (0 unless a durable spill store was reopened) counts messages the store held before the channel
 * existed, delivered first, and inFlight is measured from the queue itself for object channels, not derived from the
 * other counters.
 * <p>
 * <b>Note:</b> not thread-safe; one snapshot per reading thread.
 */
public final class ChannelCounters
{
    long accepted;
    long deliveredFromMemory;
    long deliveredFromSpill;
    long droppedNewest;
    long droppedOldest;
    long shed;
    long spilled;
    long recovered;
    long spillRefused;
    long rejected;
    long timedOut;
    long backPressured;
    long aborted;
    long unwritableCount;
    long unwritableNanos;
    long depth;
    long inFlight;
    long credits;
    long creditLimit;
    boolean writable;
    boolean closed;

    /**
     * Create an empty snapshot.
     */
    public ChannelCounters()
    {
    }

    /**
     * Outcomes of all offers on the open channel: accepted + droppedNewest + shed + spilled + rejected + timedOut.
     *
     * @return messages offered.
     */
    public long offered()
    {
        return accepted + droppedNewest + shed + spilled + rejected + timedOut;
    }

    /**
     * Messages queued in memory (including those later dropped as oldest).
     *
     * @return messages accepted into memory.
     */
    public long accepted()
    {
        return accepted;
    }

    /**
     * Messages handed to the consumer, from memory and from the spill store.
     *
     * @return messages delivered.
     */
    public long delivered()
    {
        return deliveredFromMemory + deliveredFromSpill;
    }

    /**
     * Messages handed to the consumer from the in-memory queue.
     *
     * @return messages delivered from memory.
     */
    public long deliveredFromMemory()
    {
        return deliveredFromMemory;
    }

    /**
     * Messages handed to the consumer from the spill store.
     *
     * @return messages delivered from the spill store.
     */
    public long deliveredFromSpill()
    {
        return deliveredFromSpill;
    }

    /**
     * New messages refused and dropped ({@code DROPPED_NEWEST}).
     *
     * @return messages dropped newest.
     */
    public long droppedNewest()
    {
        return droppedNewest;
    }

    /**
     * Queued messages dropped to make room under {@code DROP_OLDEST}; none of them is ever delivered.
     *
     * @return messages dropped oldest.
     */
    public long droppedOldest()
    {
        return droppedOldest;
    }

    /**
     * Messages handed to the overflow sink ({@code SHED}).
     *
     * @return messages shed.
     */
    public long shed()
    {
        return shed;
    }

    /**
     * Messages appended to the spill store ({@code SPILLED}).
     *
     * @return messages spilled.
     */
    public long spilled()
    {
        return spilled;
    }

    /**
     * Spilled (or recovered) messages not yet delivered back.
     *
     * @return spilled plus recovered minus delivered from spill.
     */
    public long spilledPending()
    {
        return spilled + recovered - deliveredFromSpill;
    }

    /**
     * Messages the spill store held from before the channel existed (a durable store reopened after a restart);
     * they are delivered from spill like spilled ones but were not offered to this channel.
     *
     * @return messages recovered at build time.
     */
    public long recovered()
    {
        return recovered;
    }

    /**
     * Appends the spill store refused (full or past its size limit). Each such offer also moved its fallback's
     * outcome counter (rejected or droppedNewest), so this is a cause, not another outcome.
     *
     * @return spill appends refused.
     */
    public long spillRefused()
    {
        return spillRefused;
    }

    /**
     * Offers refused with {@code REJECTED} (fail fast, or a refusing sink or spill store).
     *
     * @return messages rejected.
     */
    public long rejected()
    {
        return rejected;
    }

    /**
     * Blocking offers whose deadline passed ({@code TIMED_OUT}).
     *
     * @return messages timed out.
     */
    public long timedOut()
    {
        return timedOut;
    }

    /**
     * Refusals of {@code tryOffer}/{@code tryClaim} ({@code BACK_PRESSURED}); not part of {@link #offered()}.
     *
     * @return back-pressured attempts.
     */
    public long backPressured()
    {
        return backPressured;
    }

    /**
     * Binary claims aborted: never messages, so not part of {@link #offered()}. An aborted ring claim still holds
     * its room (depth and credit) until the consumer passes its record, so depth may exceed in-flight by up to the
     * number of aborted claims the consumer has not reached yet.
     *
     * @return claims aborted.
     */
    public long aborted()
    {
        return aborted;
    }

    /**
     * Times the channel turned unwritable.
     *
     * @return transitions to unwritable.
     */
    public long unwritableCount()
    {
        return unwritableCount;
    }

    /**
     * Total time spent unwritable, including the current episode if the channel is unwritable now.
     *
     * @return nanoseconds unwritable.
     */
    public long unwritableNanos()
    {
        return unwritableNanos;
    }

    /**
     * Messages in memory not yet delivered, from the sequence counters.
     *
     * @return depth.
     */
    public long depth()
    {
        return depth;
    }

    /**
     * Messages in memory not yet delivered, measured from the queue itself for object channels (independent of the
     * sequence counters) and from the sequence counters for binary channels.
     *
     * @return in-flight messages.
     */
    public long inFlight()
    {
        return inFlight;
    }

    /**
     * Credits granted and not yet spent.
     *
     * @return credits.
     */
    public long credits()
    {
        return credits;
    }

    /**
     * The consumer's credit limit: the number of in-memory sends it has allowed in total, before refunds.
     *
     * @return the credit limit.
     */
    public long creditLimit()
    {
        return creditLimit;
    }

    /**
     * Whether the channel was writable at the snapshot (as last evaluated by a producer).
     *
     * @return writability.
     */
    public boolean writable()
    {
        return writable;
    }

    /**
     * Whether the channel was closed at the snapshot.
     *
     * @return closed.
     */
    public boolean closed()
    {
        return closed;
    }

    /**
     * Whether the conservation identity holds in this snapshot. Exact at quiescent points.
     *
     * @return true if offered + recovered = delivered + dropped + shed + spilledPending + rejected + timedOut +
     *         inFlight.
     */
    public boolean isConserved()
    {
        return offered() + recovered ==
            delivered() + droppedNewest + droppedOldest + shed + spilledPending() + rejected + timedOut + inFlight;
    }

    /**
     * Copy another snapshot into this one.
     *
     * @param other to copy.
     * @return this.
     */
    public ChannelCounters set(final ChannelCounters other)
    {
        accepted = other.accepted;
        deliveredFromMemory = other.deliveredFromMemory;
        deliveredFromSpill = other.deliveredFromSpill;
        droppedNewest = other.droppedNewest;
        droppedOldest = other.droppedOldest;
        shed = other.shed;
        spilled = other.spilled;
        recovered = other.recovered;
        spillRefused = other.spillRefused;
        rejected = other.rejected;
        timedOut = other.timedOut;
        backPressured = other.backPressured;
        aborted = other.aborted;
        unwritableCount = other.unwritableCount;
        unwritableNanos = other.unwritableNanos;
        depth = other.depth;
        inFlight = other.inFlight;
        credits = other.credits;
        creditLimit = other.creditLimit;
        writable = other.writable;
        closed = other.closed;
        return this;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return "offered=" + offered() +
            " accepted=" + accepted +
            " delivered=" + delivered() +
            " (memory=" + deliveredFromMemory + " spill=" + deliveredFromSpill + ")" +
            " droppedNewest=" + droppedNewest +
            " droppedOldest=" + droppedOldest +
            " shed=" + shed +
            " spilled=" + spilled +
            " spilledPending=" + spilledPending() +
            " recovered=" + recovered +
            " spillRefused=" + spillRefused +
            " rejected=" + rejected +
            " timedOut=" + timedOut +
            " inFlight=" + inFlight +
            " depth=" + depth +
            " credits=" + credits +
            " backPressured=" + backPressured +
            " aborted=" + aborted +
            " unwritableCount=" + unwritableCount +
            " unwritableNanos=" + unwritableNanos +
            " writable=" + writable +
            " closed=" + closed;
    }
}
