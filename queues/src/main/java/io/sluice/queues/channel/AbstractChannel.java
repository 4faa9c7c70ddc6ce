package io.sluice.queues.channel;

import io.sluice.queues.overflow.OverflowPolicy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Supplier;

/**
 * Sequencing, credits, water marks, spill ordering, close and counters shared by every channel kind; the
 * subclasses add the physical queue and the message type.
 *
 * <h2>The sent word</h2>
 * One {@code long} holds three flags and the count of in-memory reservations (messages accepted into memory, plus
 * binary claims not yet committed or aborted):
 * <pre>
 *   bit 62 CLOSED      no reservation or spill may start
 *   bit 61 UNWRITABLE  the water-mark/credit hysteresis says stop; only DROP_OLDEST reserves past it, after evicting
 *   bit 60 SPILLING    something is in the spill store: newer messages go behind it, not into memory
 *   bit 59 REPLACING   a DROP_OLDEST producer is replacing the oldest message; close waits for it to finish
 *   bits 0..58         reservation count
 * </pre>
 * A reservation is a change of this word (a plain release store for one producer, a CAS for many), so close,
 * writability and the spill switch are linearised with sending. Any flag makes the word larger than any send limit,
 * so the fast path is one comparison: {@code word < sendLimit}.
 *
 * <h2>Derived quantities</h2>
 * <pre>
 *   refunds  = droppedOldest + released + skipped       (reservations that left memory without delivery)
 *   depth    = count - deliveredFromMemory - refunds
 *   credits  = creditLimit + refunds - count
 *   pending  = spillReserved - spillFailed - deliveredFromSpill
 * </pre>
 * Every term is monotonic, so a bound computed from stale reads of the consumer's counters stays a valid bound:
 * that is what lets producers cache {@code sendLimit} and read the consumer's line only when they reach it.
 *
 * <h2>Spill order</h2>
 * Delivery order equals offer order per producer across memory and the spill store, by two rules:
 * <ol>
 *     <li>Producer: a spill reservation sets SPILLING before its append, and SPILLING is cleared only when nothing
 *     spilled is pending. With many producers both steps run under a short spill lock, so a clear can never rest on
 *     counts read before a reservation. While a producer's spilled message is pending, its later messages therefore
 *     cannot enter memory.</li>
 *     <li>Consumer: memory first; a spilled message is handed on only when memory is drained by counts read
 *     <i>after</i> taking it from the store (its producer's earlier in-memory messages are counted by then), else it
 *     waits in a one-slot stash.</li>
 * </ol>
 */
abstract class AbstractChannel extends ChannelPad4
{
    static final long CLOSED_FLAG = 1L << 62;
    static final long UNWRITABLE_FLAG = 1L << 61;
    static final long SPILLING_FLAG = 1L << 60;
    static final long REPLACING_FLAG = 1L << 59;
    static final long COUNT_MASK = REPLACING_FLAG - 1;

    /** Internal outcomes of a reservation attempt. */
    static final int RESERVED = 0;
    static final int NO_ROOM = 1;
    static final int SPILL_ACTIVE = 2;
    static final int IS_CLOSED = 3;

    static final VarHandle SENT_WORD;
    static final VarHandle SEND_LIMIT;
    static final VarHandle DROPPED_NEWEST;
    static final VarHandle DROPPED_OLDEST;
    static final VarHandle SHED;
    static final VarHandle SPILL_RESERVED;
    static final VarHandle SPILL_FAILED;
    static final VarHandle SPILL_REFUSED;
    static final VarHandle REJECTED;
    static final VarHandle TIMED_OUT;
    static final VarHandle BACK_PRESSURED;
    static final VarHandle RELEASED;
    static final VarHandle RELEASED_LATER;
    static final VarHandle ABORTED;
    static final VarHandle UNWRITABLE_COUNT;
    static final VarHandle UNWRITABLE_NANOS;
    static final VarHandle UNWRITABLE_SINCE;
    static final VarHandle TRANSITION_LOCK;
    static final VarHandle SPILL_LOCK;
    static final VarHandle DELIVERED_FROM_MEMORY;
    static final VarHandle DELIVERED_FROM_SPILL;
    static final VarHandle SKIPPED_FROM_MEMORY;
    static final VarHandle CREDIT_LIMIT;
    static final VarHandle PROBE = MethodHandles.arrayElementVarHandle(long[].class);

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            SENT_WORD = lookup.findVarHandle(ChannelProducerFields.class, "sentWord", long.class);
            SEND_LIMIT = lookup.findVarHandle(ChannelProducerFields.class, "sendLimit", long.class);
            DROPPED_NEWEST = lookup.findVarHandle(ChannelProducerFields.class, "droppedNewest", long.class);
            DROPPED_OLDEST = lookup.findVarHandle(ChannelProducerFields.class, "droppedOldest", long.class);
            SHED = lookup.findVarHandle(ChannelProducerFields.class, "shed", long.class);
            SPILL_RESERVED = lookup.findVarHandle(ChannelProducerFields.class, "spillReserved", long.class);
            SPILL_FAILED = lookup.findVarHandle(ChannelProducerFields.class, "spillFailed", long.class);
            SPILL_REFUSED = lookup.findVarHandle(ChannelProducerFields.class, "spillRefused", long.class);
            REJECTED = lookup.findVarHandle(ChannelProducerFields.class, "rejected", long.class);
            TIMED_OUT = lookup.findVarHandle(ChannelProducerFields.class, "timedOut", long.class);
            BACK_PRESSURED = lookup.findVarHandle(ChannelProducerFields.class, "backPressured", long.class);
            RELEASED = lookup.findVarHandle(ChannelProducerFields.class, "released", long.class);
            RELEASED_LATER = lookup.findVarHandle(ChannelProducerFields.class, "releasedLater", long.class);
            ABORTED = lookup.findVarHandle(ChannelProducerFields.class, "aborted", long.class);
            UNWRITABLE_COUNT = lookup.findVarHandle(ChannelProducerFields.class, "unwritableCount", long.class);
            UNWRITABLE_NANOS = lookup.findVarHandle(ChannelProducerFields.class, "unwritableNanos", long.class);
            UNWRITABLE_SINCE = lookup.findVarHandle(ChannelProducerFields.class, "unwritableSince", long.class);
            TRANSITION_LOCK = lookup.findVarHandle(ChannelProducerFields.class, "transitionLock", int.class);
            SPILL_LOCK = lookup.findVarHandle(ChannelProducerFields.class, "spillLock", int.class);
            DELIVERED_FROM_MEMORY =
                lookup.findVarHandle(ChannelConsumerFields.class, "deliveredFromMemory", long.class);
            DELIVERED_FROM_SPILL = lookup.findVarHandle(ChannelConsumerFields.class, "deliveredFromSpill", long.class);
            SKIPPED_FROM_MEMORY = lookup.findVarHandle(ChannelConsumerFields.class, "skippedFromMemory", long.class);
            CREDIT_LIMIT = lookup.findVarHandle(ChannelCreditFields.class, "creditLimit", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /** One idle strategy per blocked producer thread: Agrona's strategies keep per-thread state. */
    private final ThreadLocal<IdleStrategy> blockIdleStrategies;
    private final IdleStrategy blockIdleStrategy;

    AbstractChannel(final ChannelBuilder<?> builder)
    {
        super(builder);
        writabilityListener = builder.writabilityListener;
        if (policy == OverflowPolicy.BLOCK)
        {
            if (multiProducer)
            {
                blockIdleStrategies = ThreadLocal.withInitial(blockIdleStrategySupplier);
                blockIdleStrategy = null;
            }
            else
            {
                blockIdleStrategies = null;
                blockIdleStrategy = blockIdleStrategySupplier.get();
            }
        }
        else
        {
            blockIdleStrategies = null;
            blockIdleStrategy = null;
        }
        final long initialLimit = autoCredit ? creditWindow : builder.initialCredits;
        CREDIT_LIMIT.setRelease(this, initialLimit);
        lastGrantAt = 0;
        // the first reservation re-reads the consumer and computes the real limit
        SEND_LIMIT.setRelease(this, 0L);
        if (recovered > 0)
        {
            // the store's recovered messages are older than anything offered from now on: they go first, and new
            // offers queue behind them in the store until they are delivered
            SPILL_RESERVED.setRelease(this, recovered);
            // and it starts as a channel that has overflowed: unwritable, the episode timed from now, so time
            // back-pressured and the bottleneck read the same whether the overflow spilled in this life or an
            // earlier one (the hysteresis makes it writable once the spill has drained and depth is low)
            SENT_WORD.setRelease(this, SPILLING_FLAG | UNWRITABLE_FLAG);
            final long now = nanoClock.nanoTime();
            UNWRITABLE_SINCE.setRelease(this, now == 0 ? 1L : now);
            UNWRITABLE_COUNT.setRelease(this, 1L);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // accessors named by ordering
    // ---------------------------------------------------------------------------------------------------------------

    final long lvSentWord()
    {
        return (long)SENT_WORD.getVolatile(this);
    }

    final long lpSentWord()
    {
        return (long)SENT_WORD.get(this);
    }

    /**
     * Change the sent word. One producer: it is the only writer, so a release store (publishing the message or
     * claim written before it) always succeeds. Many producers: a CAS.
     */
    final boolean casSentWord(final long expected, final long update)
    {
        if (multiProducer)
        {
            return SENT_WORD.compareAndSet(this, expected, update);
        }
        SENT_WORD.setRelease(this, update);
        return true;
    }

    final long lpSendLimit()
    {
        // opaque: racy between MPSC producers, but any value ever written is a valid bound
        return (long)SEND_LIMIT.getOpaque(this);
    }

    final void soSendLimit(final long limit)
    {
        SEND_LIMIT.setOpaque(this, limit);
    }

    final long lvDeliveredFromMemory()
    {
        return (long)DELIVERED_FROM_MEMORY.getVolatile(this);
    }

    final long lvDeliveredFromSpill()
    {
        return (long)DELIVERED_FROM_SPILL.getVolatile(this);
    }

    final long lvCreditLimit()
    {
        return (long)CREDIT_LIMIT.getVolatile(this);
    }

    final long lvRefunds()
    {
        return (long)DROPPED_OLDEST.getVolatile(this) + (long)RELEASED.getVolatile(this) +
            (long)SKIPPED_FROM_MEMORY.getVolatile(this);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // wait-time sampling
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Producer: stamp the time of a sampled reservation (count &amp; mask == 0) into its probe slot, seqlock style:
     * mark the tag as being written, write the time, publish the tag. The message itself is published after this
     * returns, so a consumer that has taken it sees the stamp.
     * <p>
     * A seqlock needs one writer at a time. With one producer that holds by itself. With many, a producer descheduled
     * between its reservation and its stamp can meet the producer of a reservation one probe-ring lap later in the
     * same slot, so a producer first claims the slot with a CAS from an older tag to {@link #PROBE_WRITING} and gives
     * the sample up if the slot is being written or already holds a younger tag. Tags only grow, so the CAS cannot
     * suffer ABA.
     */
    final void stampWait(final long count)
    {
        final long[] probes = waitProbes;
        if (null != probes)
        {
            final int tag = (int)((count >>> waitSampleShift) & waitSlotMask) << 1;
            if (multiProducer)
            {
                final long previous = (long)PROBE.getVolatile(probes, tag);
                if (PROBE_WRITING == previous || previous >= count ||
                    !PROBE.compareAndSet(probes, tag, previous, PROBE_WRITING))
                {
                    return;
                }
            }
            else
            {
                PROBE.setOpaque(probes, tag, PROBE_WRITING);
            }
            VarHandle.storeStoreFence();
            PROBE.setOpaque(probes, tag + 1, nanoClock.nanoTime());
            PROBE.setRelease(probes, tag, count);
        }
    }

    /**
     * Consumer: the message it takes now is the {@code delivered}-th from memory (0-based) and a sampled one in its
     * own numbering. Its reservation count is {@code delivered + refunds} (exact when nothing left memory undelivered
     * meanwhile); record the age of the sampled reservation at or just before that count.
     *
     * @param delivered  messages delivered from memory before this one (this drain's included).
     * @param skippedNow reservations this drain passed over and has not yet counted as skipped.
     */
    final void sampleWait(final long delivered, final int skippedNow)
    {
        final long count = delivered + skippedNow + lvRefunds();
        final long[] probes = waitProbes;
        final int tag = (int)((count >>> waitSampleShift) & waitSlotMask) << 1;
        final long stamped = (long)PROBE.getAcquire(probes, tag);
        final long time = (long)PROBE.getOpaque(probes, tag + 1);
        VarHandle.loadLoadFence();
        if (stamped >= 0 && stamped == (long)PROBE.getOpaque(probes, tag) && stamped <= count &&
            count - stamped <= waitSampleMask)
        {
            waitTimeRecorder.recordWaitTime(nanoClock.nanoTime() - time);
        }
    }

    /**
     * Consumer: how many messages a drain may take before the first one to sample, or {@link Integer#MAX_VALUE} if
     * sampling is off.
     */
    final int firstWaitSample(final long delivered)
    {
        if (null == waitTimeRecorder)
        {
            return Integer.MAX_VALUE;
        }
        return (int)(-delivered & waitSampleMask);
    }

    /**
     * Consumer: messages delivered from memory so far (its own counter).
     */
    final long deliveredFromMemoryPlain()
    {
        return (long)DELIVERED_FROM_MEMORY.get(this);
    }

    /**
     * Producer side counter increment: a release store for one producer, an atomic add for many.
     */
    final void increment(final VarHandle counter)
    {
        if (multiProducer)
        {
            counter.getAndAdd(this, 1L);
        }
        else
        {
            counter.setRelease(this, (long)counter.get(this) + 1L);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // producer: reservations
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Reserve one in-memory slot if the channel is writable, in credit and not spilling.
     *
     * @return RESERVED, NO_ROOM, SPILL_ACTIVE or IS_CLOSED.
     */
    final int tryReserve()
    {
        // One attempt without a loop: C2 may inline this slow path into the caller's offer loop (whether it does
        // depends on the profile at compile time), and a loop inside would stop that loop being an innermost one,
        // which costs it its loop optimisations. Flags, transitions and a lost CAS go to the retrying loop, which
        // a channel that only refreshes its send limit never reaches (docs/benchmarks.md, SPILL that never spills).
        final long word = lvSentWord();
        if (word >= lpSendLimit())
        {
            if ((word & ~COUNT_MASK) != 0 || refresh(word) != word)
            {
                return tryReserveRetrying();
            }
            if (word >= lpSendLimit())
            {
                return NO_ROOM;
            }
        }
        if (casSentWord(word, word + 1))
        {
            if ((word & waitSampleMask) == 0)
            {
                stampWait(word);
            }
            return RESERVED;
        }
        return tryReserveRetrying();
    }

    private int tryReserveRetrying()
    {
        while (true)
        {
            final long word = lvSentWord();
            if (word < lpSendLimit())
            {
                if (casSentWord(word, word + 1))
                {
                    if ((word & waitSampleMask) == 0)
                    {
                        stampWait(word);
                    }
                    return RESERVED;
                }
                continue;
            }

            if ((word & CLOSED_FLAG) != 0)
            {
                return IS_CLOSED;
            }

            if ((word & SPILLING_FLAG) != 0)
            {
                if (!tryEndSpill())
                {
                    return SPILL_ACTIVE;
                }
                continue;
            }

            if ((word & REPLACING_FLAG) != 0)
            {
                // another producer is replacing the oldest message (DROP_OLDEST): full by definition
                return NO_ROOM;
            }

            final long after = refresh(word);
            if (after != word)
            {
                continue;
            }
            if ((word & UNWRITABLE_FLAG) == 0 && word < lpSendLimit())
            {
                continue;
            }
            return NO_ROOM;
        }
    }

    /**
     * Give back a reservation that carries no message and holds no room (an aborted slot claim, a DROP_OLDEST
     * replacement without credit); refunds its depth and credit at once.
     */
    final void releaseReservation()
    {
        increment(RELEASED);
    }

    /**
     * Give back a reservation whose record holds ring bytes until the consumer passes it (an aborted ring claim):
     * not a message, so out of accepted at once; depth and credit are refunded when the consumer passes it
     * ({@link #onSkippedFromMemory(long)}).
     */
    final void releaseReservationLater()
    {
        increment(RELEASED_LATER);
    }

    /**
     * Count an aborted claim, for the counters (the reservation is given back separately).
     */
    final void claimAborted()
    {
        increment(ABORTED);
    }

    /**
     * Re-read the consumer's progress and the credit limit, apply the hysteresis to the UNWRITABLE flag and
     * refresh the cached send limit.
     *
     * @param word the sent word as last read, CLOSED clear; the other flags are kept as they are.
     * @return the sent word after any transition (unchanged if none happened).
     */
    final long refresh(final long word)
    {
        final long count = word & COUNT_MASK;
        final long refunds = lvRefunds();
        final long consumed = lvDeliveredFromMemory() + refunds;
        final long creditEnd = lvCreditLimit() + refunds;
        final long depth = count - consumed;
        final boolean inCredit = count < creditEnd;

        if ((word & UNWRITABLE_FLAG) == 0)
        {
            if (depth >= highWaterMark || !inCredit)
            {
                return transition(word, false);
            }
            soSendLimit(Math.min(consumed + highWaterMark, creditEnd));
            return word;
        }

        if (depth <= lowWaterMark && inCredit)
        {
            final long after = transition(word, true);
            if ((after & UNWRITABLE_FLAG) == 0)
            {
                soSendLimit(Math.min(consumed + highWaterMark, creditEnd));
            }
            return after;
        }
        return word;
    }

    /**
     * Flip the UNWRITABLE flag, account the time and tell the listener. For many producers the transition runs
     * under a try-lock so that transitions, their timing and listener calls are serialised; a producer that finds
     * the lock taken does not wait: it decides from fresh reads without transitioning.
     */
    private long transition(final long word, final boolean toWritable)
    {
        if (multiProducer && !TRANSITION_LOCK.compareAndSet(this, 0, 1))
        {
            return word;
        }
        try
        {
            final long update = toWritable ? word & ~UNWRITABLE_FLAG : word | UNWRITABLE_FLAG;
            if (!casSentWord(word, update))
            {
                return lvSentWord();
            }

            final long now = nanoClock.nanoTime();
            if (toWritable)
            {
                final long since = (long)UNWRITABLE_SINCE.get(this);
                UNWRITABLE_NANOS.setRelease(this, (long)UNWRITABLE_NANOS.get(this) + (now - since));
                UNWRITABLE_SINCE.setRelease(this, 0L);
            }
            else
            {
                // zero is "writable", so a clock that reads zero must not look like one
                UNWRITABLE_SINCE.setRelease(this, now == 0 ? 1L : now);
                UNWRITABLE_COUNT.setRelease(this, (long)UNWRITABLE_COUNT.get(this) + 1L);
            }

            final WritabilityListener listener = writabilityListener;
            if (null != listener)
            {
                listener.onWritabilityChanged(this, toWritable);
            }
            return update;
        }
        finally
        {
            if (multiProducer)
            {
                // a close that found this lock taken (from the listener, or racing) left the episode to us
                if ((lvSentWord() & CLOSED_FLAG) != 0)
                {
                    endUnwritableEpisodeLocked();
                }
                TRANSITION_LOCK.setRelease(this, 0);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // producer: overflow helpers shared by object and binary channels
    // ---------------------------------------------------------------------------------------------------------------

    final int dropNewest()
    {
        increment(DROPPED_NEWEST);
        return OfferResult.DROPPED_NEWEST;
    }

    final int reject()
    {
        increment(REJECTED);
        return OfferResult.REJECTED;
    }

    final int backPressured()
    {
        increment(BACK_PRESSURED);
        return OfferResult.BACK_PRESSURED;
    }

    final int timedOut()
    {
        increment(TIMED_OUT);
        return OfferResult.TIMED_OUT;
    }

    final IdleStrategy blockIdleStrategy()
    {
        final IdleStrategy idleStrategy = multiProducer ? blockIdleStrategies.get() : blockIdleStrategy;
        idleStrategy.reset();
        return idleStrategy;
    }

    /**
     * Wait, with the idle strategy, for a reservation until the deadline.
     *
     * @return RESERVED, IS_CLOSED, or NO_ROOM when the deadline passed.
     */
    final int reserveBlocking()
    {
        final long deadline = nanoClock.nanoTime() + blockTimeoutNs;
        final IdleStrategy idleStrategy = blockIdleStrategy();
        while (true)
        {
            idleStrategy.idle();
            final int reservation = tryReserve();
            if (reservation == RESERVED || reservation == IS_CLOSED)
            {
                return reservation;
            }
            if (nanoClock.nanoTime() - deadline >= 0)
            {
                return NO_ROOM;
            }
        }
    }

    /**
     * Producer: reserve an in-memory slot, applying the overflow policy if the channel is unwritable, out of credit
     * or spilling. The one place policies are decided for every kind and for both offer and claim.
     *
     * @return {@link OfferResult#ACCEPTED} or {@link OfferResult#ACCEPTED_DROPPED_OLDEST} with a reservation held
     *         (the caller writes the message); {@link OfferResult#SHED} or {@link OfferResult#SPILLED} without one
     *         (the caller hands the message to the sink or store); any other code is final.
     */
    final int reserveApplyingPolicy()
    {
        final int reservation = tryReserve();
        if (reservation == RESERVED)
        {
            return OfferResult.ACCEPTED;
        }
        if (reservation == IS_CLOSED)
        {
            return OfferResult.CLOSED;
        }

        switch (policy)
        {
            case FAIL_FAST:
                return reject();

            case DROP_NEWEST:
                return dropNewest();

            case DROP_OLDEST:
                return reserveDroppingOldest();

            case SHED:
                return OfferResult.SHED;

            case SPILL:
                return OfferResult.SPILLED;

            case BLOCK:
            {
                final int blocked = reserveBlocking();
                if (blocked == RESERVED)
                {
                    return OfferResult.ACCEPTED;
                }
                return blocked == IS_CLOSED ? OfferResult.CLOSED : timedOut();
            }

            default:
                throw new IllegalStateException("unknown policy " + policy);
        }
    }

    /**
     * Producer: reserve an in-memory slot without applying the policy (tryOffer, tryClaim).
     *
     * @return {@link OfferResult#ACCEPTED} with a reservation held, {@link OfferResult#BACK_PRESSURED} (counted) or
     *         {@link OfferResult#CLOSED}.
     */
    final int reserveOrBackPressure()
    {
        final int reservation = tryReserve();
        if (reservation == RESERVED)
        {
            return OfferResult.ACCEPTED;
        }
        return reservation == IS_CLOSED ? OfferResult.CLOSED : backPressured();
    }

    /**
     * DROP_OLDEST while unwritable or out of credit: replace the oldest queued message with the new one.
     * <p>
     * The REPLACING flag, set by CAS unless the channel is closed, brackets the eviction and the reservation that
     * follows it: normal reservations stop meanwhile and {@link #close()} waits for the flag to clear, so an
     * eviction always belongs to an offer that is ordered before any close (an offer that finds the channel closed
     * has evicted nothing), and the eviction refunds the room and credit before the reservation takes them: depth
     * never passes the high mark and credit is never overspent, even for a moment. Evictions are made as a second
     * consumer of the multi-consumer queue behind the channel and counted once, by the evicting producer.
     *
     * @return ACCEPTED_DROPPED_OLDEST or ACCEPTED with a reservation held; DROPPED_NEWEST when out of credit with
     *         nothing queued to drop (the new message is the one that cannot go); or CLOSED.
     */
    private int reserveDroppingOldest()
    {
        while (true)
        {
            final long word = lvSentWord();
            if ((word & CLOSED_FLAG) != 0)
            {
                return OfferResult.CLOSED;
            }
            if ((word & REPLACING_FLAG) != 0)
            {
                // another producer's replacement: a handful of instructions, never user code
                Thread.onSpinWait();
                continue;
            }
            if (casSentWord(word, word | REPLACING_FLAG))
            {
                break;
            }
        }

        final boolean evicted = evictOldest();
        while (true)
        {
            final long word = lvSentWord();
            final long count = word & COUNT_MASK;
            final boolean inCredit = count < lvCreditLimit() + lvRefunds();
            final long update = inCredit ? (word + 1) & ~REPLACING_FLAG : word & ~REPLACING_FLAG;
            if (casSentWord(word, update))
            {
                if (inCredit && (count & waitSampleMask) == 0)
                {
                    stampWait(count);
                }
                if (!inCredit)
                {
                    // out of credit with nothing queued to replace: the new message is the one that cannot go
                    return dropNewest();
                }
                return evicted ? OfferResult.ACCEPTED_DROPPED_OLDEST : OfferResult.ACCEPTED;
            }
        }
    }

    /**
     * Producer, DROP_OLDEST only: take the oldest queued message out of the queue and count it as dropped.
     *
     * @return false if nothing was queued.
     */
    abstract boolean evictOldest();

    /**
     * Start a spill: count the reservation and make sure the SPILLING flag is set, so newer messages follow into the
     * store, unless the channel closed. For many producers both happen under the spill lock, so that no producer can
     * clear the flag on counts read before this reservation (see {@link #tryEndSpill()}).
     *
     * @return true if the caller must now append; false if the channel is closed (the reservation is undone).
     */
    final boolean beginSpill()
    {
        lockSpill();
        try
        {
            increment(SPILL_RESERVED);
            while (true)
            {
                final long word = lvSentWord();
                if ((word & CLOSED_FLAG) != 0)
                {
                    increment(SPILL_FAILED);
                    return false;
                }
                if ((word & SPILLING_FLAG) != 0 || casSentWord(word, word | SPILLING_FLAG))
                {
                    return true;
                }
            }
        }
        finally
        {
            unlockSpill();
        }
    }

    /**
     * Clear the SPILLING flag if nothing spilled is still waiting for the consumer, so offers go to memory again.
     * Under the spill lock for many producers: a reservation made with {@link #beginSpill()} is either counted here
     * (and the flag stays) or made after the clear (and sets the flag again before its append).
     *
     * @return true if the flag was cleared (or already clear); false while spilled messages are pending.
     */
    final boolean tryEndSpill()
    {
        lockSpill();
        try
        {
            final long word = lvSentWord();
            if ((word & SPILLING_FLAG) == 0)
            {
                return true;
            }
            if (spillPendingAfterReading() > 0)
            {
                return false;
            }
            casSentWord(word, word & ~SPILLING_FLAG);
            return true;
        }
        finally
        {
            unlockSpill();
        }
    }

    private void lockSpill()
    {
        if (multiProducer)
        {
            // held for a handful of instructions, never across user code
            while (!SPILL_LOCK.compareAndSet(this, 0, 1))
            {
                Thread.onSpinWait();
            }
        }
    }

    private void unlockSpill()
    {
        if (multiProducer)
        {
            SPILL_LOCK.setRelease(this, 0);
        }
    }

    /**
     * The store threw from an append begun with {@link #beginSpill()}: undo the reservation (so the channel does
     * not wait forever for a message that is not in the store) and let the exception reach the caller, who still
     * holds the message. Nothing is counted as offered.
     */
    final void spillThrew()
    {
        increment(SPILL_FAILED);
    }

    /**
     * The store refused an append begun with {@link #beginSpill()} (full, or past its size limit): count it and
     * apply the fallback policy, so the outcome is still counted as rejected or dropped.
     */
    final int spillRefused()
    {
        increment(SPILL_FAILED);
        increment(SPILL_REFUSED);
        return spillFallback == OverflowPolicy.DROP_NEWEST ? dropNewest() : reject();
    }

    /**
     * Spilled messages not yet delivered, read so the result never undercounts a spill reserved before the sent
     * word was read with SPILLING set: delivered first, then failed, then reserved.
     */
    final long spillPendingAfterReading()
    {
        final long delivered = lvDeliveredFromSpill();
        final long failed = (long)SPILL_FAILED.getVolatile(this);
        final long reserved = (long)SPILL_RESERVED.getVolatile(this);
        return reserved - failed - delivered;
    }

    final int shedCounted()
    {
        increment(SHED);
        return OfferResult.SHED;
    }

    final void droppedOldestCounted()
    {
        increment(DROPPED_OLDEST);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // consumer
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Consumer: publish messages taken from memory and, in AUTO mode, top the credit grant back up once a batch has
     * been delivered since the last grant.
     */
    final void onDeliveredFromMemory(final long count)
    {
        // release: the producer's volatile read of this counter must see the slots as free
        final long delivered = (long)DELIVERED_FROM_MEMORY.get(this) + count;
        DELIVERED_FROM_MEMORY.setRelease(this, delivered);
        if (autoCredit && delivered - lastGrantAt >= creditBatch)
        {
            lastGrantAt = delivered;
            CREDIT_LIMIT.setRelease(this, delivered + creditWindow);
        }
    }

    /**
     * Consumer: publish reservations passed over without a message (aborted ring claims); refunds depth and credit
     * only now that the consumer has released their bytes.
     */
    final void onSkippedFromMemory(final long count)
    {
        SKIPPED_FROM_MEMORY.setRelease(this, (long)SKIPPED_FROM_MEMORY.get(this) + count);
    }

    final void onDeliveredFromSpill(final long count)
    {
        DELIVERED_FROM_SPILL.setRelease(this, (long)DELIVERED_FROM_SPILL.get(this) + count);
    }

    /**
     * Consumer: whether every in-memory reservation made so far has been delivered (or refunded). Refunds are read
     * before the count, so the answer errs towards "not drained". A spilled message is handed to the consumer only
     * when this holds on a count read after the message was taken from the store: every in-memory message its
     * producer offered before it is then delivered, while the SPILLING flag keeps that producer's later messages out
     * of memory until it is.
     */
    final boolean memoryDrained()
    {
        final long refunds = lvRefunds();
        final long count = lvSentWord() & COUNT_MASK;
        return count - refunds == (long)DELIVERED_FROM_MEMORY.get(this);
    }

    /**
     * Consumer: whether the spill store may hold something to read.
     */
    final boolean spillMayHaveMessages()
    {
        return (long)SPILL_RESERVED.getVolatile(this) - (long)SPILL_FAILED.getVolatile(this) >
            (long)DELIVERED_FROM_SPILL.get(this);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public final boolean isEndOfStream()
    {
        if (endOfStream)
        {
            return true;
        }
        final long word = lvSentWord();
        if ((word & CLOSED_FLAG) == 0)
        {
            return false;
        }
        final long count = word & COUNT_MASK;
        if (count - lvRefunds() != (long)DELIVERED_FROM_MEMORY.get(this) || spillPendingAfterReading() != 0)
        {
            return false;
        }
        endOfStream = true;
        return true;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Channel
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * {@inheritDoc}
     */
    @Override
    public final String name()
    {
        return name;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public final ChannelKind kind()
    {
        return kind;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public final OverflowPolicy policy()
    {
        return policy;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public final OverflowPolicy spillFallback()
    {
        return spillFallback;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public final int capacity()
    {
        return capacity;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public final int highWaterMark()
    {
        return highWaterMark;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public final int lowWaterMark()
    {
        return lowWaterMark;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public final CreditMode creditMode()
    {
        return creditMode;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public final boolean isWritable()
    {
        while (true)
        {
            final long word = lvSentWord();
            if ((word & CLOSED_FLAG) != 0)
            {
                return false;
            }
            if ((word & SPILLING_FLAG) != 0)
            {
                // older messages are spilled: an offer would follow them into the store
                if (!tryEndSpill())
                {
                    return false;
                }
                continue;
            }
            final long after = refresh(word);
            if (after == word)
            {
                return (word & UNWRITABLE_FLAG) == 0 && (word & COUNT_MASK) < lpSendLimit();
            }
            if ((after & UNWRITABLE_FLAG) != (word & UNWRITABLE_FLAG))
            {
                return (after & UNWRITABLE_FLAG) == 0;
            }
        }
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public final long room()
    {
        if (!isWritable())
        {
            return 0L;
        }
        final long word = lvSentWord();
        if ((word & ~COUNT_MASK) != 0)
        {
            return 0L;
        }
        return Math.max(0L, lpSendLimit() - word);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public final void writabilityListener(final WritabilityListener listener)
    {
        writabilityListener = listener;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public final long credits()
    {
        final long count = lvSentWord() & COUNT_MASK;
        return Math.max(0L, lvCreditLimit() + lvRefunds() - count);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public final void request(final long n)
    {
        if (n < 1)
        {
            throw new IllegalArgumentException(
                "channel '" + name + "': request(n) with n=" + n + " is not allowed; allowed 1.." + Long.MAX_VALUE);
        }
        if (autoCredit)
        {
            throw new IllegalStateException(
                "channel '" + name + "': request(n) needs creditMode=MANUAL, the channel's creditMode is AUTO");
        }
        while (true)
        {
            final long limit = lvCreditLimit();
            final long update = limit > MAX_CREDIT_LIMIT - n ? MAX_CREDIT_LIMIT : limit + n;
            if (limit == update || CREDIT_LIMIT.compareAndSet(this, limit, update))
            {
                return;
            }
        }
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public final long depth()
    {
        final long delivered = lvDeliveredFromMemory();
        final long refunds = lvRefunds();
        final long count = lvSentWord() & COUNT_MASK;
        return Math.max(0L, count - delivered - refunds);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public final void close()
    {
        while (true)
        {
            final long word = lvSentWord();
            if ((word & CLOSED_FLAG) != 0)
            {
                return;
            }
            if ((word & REPLACING_FLAG) != 0)
            {
                // a DROP_OLDEST replacement in progress is ordered before the close: let it finish
                Thread.onSpinWait();
                continue;
            }
            if (casSentWord(word, word | CLOSED_FLAG))
            {
                endUnwritableEpisode();
                return;
            }
        }
    }

    private void endUnwritableEpisodeLocked()
    {
        final long since = (long)UNWRITABLE_SINCE.get(this);
        if (since != 0)
        {
            final long now = nanoClock.nanoTime();
            UNWRITABLE_NANOS.setRelease(this, (long)UNWRITABLE_NANOS.get(this) + (now - since));
            UNWRITABLE_SINCE.setRelease(this, 0L);
        }
    }

    /**
     * A closed channel is no longer backpressuring anyone: stop the clock of an unwritable episode still open, so
     * the time unwritable does not grow after close. Skipped if another producer holds the transition lock (that
     * producer's transition does the accounting).
     */
    private void endUnwritableEpisode()
    {
        if (multiProducer && !TRANSITION_LOCK.compareAndSet(this, 0, 1))
        {
            return;
        }
        try
        {
            endUnwritableEpisodeLocked();
        }
        finally
        {
            if (multiProducer)
            {
                TRANSITION_LOCK.setRelease(this, 0);
            }
        }
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public final boolean isClosed()
    {
        return (lvSentWord() & CLOSED_FLAG) != 0;
    }

    /**
     * Messages physically held in memory, measured independently of the sequence counters where the queue can
     * tell (object channels); binary channels derive it.
     */
    abstract long inFlightMeasured();

    /**
     * {@inheritDoc}
     */
    @Override
    public final ChannelCounters counters(final ChannelCounters into)
    {
        // consumer-side counters first: a snapshot taken in motion then errs towards "in flight", never below zero
        final long deliveredFromSpill = lvDeliveredFromSpill();
        final long delivered = lvDeliveredFromMemory();
        final long dropOldest = (long)DROPPED_OLDEST.getVolatile(this);
        final long skippedCount = (long)SKIPPED_FROM_MEMORY.getVolatile(this);
        final long releasedCount = (long)RELEASED.getVolatile(this);
        final long releasedLaterCount = (long)RELEASED_LATER.getVolatile(this);
        final long refunds = dropOldest + releasedCount + skippedCount;
        final long word = lvSentWord();
        final long count = word & COUNT_MASK;

        into.deliveredFromSpill = deliveredFromSpill;
        into.deliveredFromMemory = delivered;
        into.droppedOldest = dropOldest;
        // aborted claims are not messages: out of accepted at once, out of depth when the consumer passes them
        into.accepted = count - releasedCount - releasedLaterCount;
        into.droppedNewest = (long)DROPPED_NEWEST.getVolatile(this);
        into.shed = (long)SHED.getVolatile(this);
        into.spilled = (long)SPILL_RESERVED.getVolatile(this) - (long)SPILL_FAILED.getVolatile(this) - recovered;
        into.recovered = recovered;
        into.spillRefused = (long)SPILL_REFUSED.getVolatile(this);
        into.rejected = (long)REJECTED.getVolatile(this);
        into.timedOut = (long)TIMED_OUT.getVolatile(this);
        into.backPressured = (long)BACK_PRESSURED.getVolatile(this);
        into.aborted = (long)ABORTED.getVolatile(this);
        into.unwritableCount = (long)UNWRITABLE_COUNT.getVolatile(this);
        final long since = (long)UNWRITABLE_SINCE.getVolatile(this);
        final long total = (long)UNWRITABLE_NANOS.getVolatile(this);
        into.unwritableNanos = since == 0 ? total : total + Math.max(0L, nanoClock.nanoTime() - since);
        into.depth = count - delivered - refunds;
        into.inFlight = inFlightMeasured();
        final long limit = lvCreditLimit();
        into.creditLimit = limit;
        into.credits = Math.max(0L, limit + refunds - count);
        into.writable = (word & (UNWRITABLE_FLAG | CLOSED_FLAG)) == 0;
        into.closed = (word & CLOSED_FLAG) != 0;
        return into;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return getClass().getSimpleName() + "{name=" + name + ", kind=" + kind + ", policy=" + policy +
            ", capacity=" + capacity + ", highWaterMark=" + highWaterMark + ", lowWaterMark=" + lowWaterMark +
            ", creditMode=" + creditMode + '}';
    }
}

/**
 * Every mutable field below is accessed through the VarHandles of {@link AbstractChannel}, with the ordering its
 * accessor's name gives (lp: plain, lv: volatile, so: release, cas): the fields themselves are plain.
 * <p>
 * Read-only configuration of a channel, laid out first so it shares no cache line with written state. The padding
 * chain that follows (pad, producer fields, pad, consumer fields, pad, credit fields, pad) keeps the state each
 * side writes on lines of its own, as JCTools lays out its queues.
 */
abstract class ChannelConfigFields implements Channel
{
    /** Wait-time probe tag: the slot was never stamped. */
    static final long PROBE_EMPTY = -1L;
    /** Wait-time probe tag: a producer is writing the slot. */
    static final long PROBE_WRITING = -2L;

    final String name;
    final ChannelKind kind;
    final OverflowPolicy policy;
    final int capacity;
    final int highWaterMark;
    final int lowWaterMark;
    final CreditMode creditMode;
    final boolean autoCredit;
    final long creditWindow;
    final long creditBatch;
    final boolean multiProducer;
    final long blockTimeoutNs;
    final NanoClock nanoClock;
    final Supplier<? extends IdleStrategy> blockIdleStrategySupplier;
    /** SPILL: messages the store held before this channel existed, delivered before any offered to it. */
    final long recovered;
    /** SPILL: what an offer becomes when the store refuses it (FAIL_FAST or DROP_NEWEST). */
    final OverflowPolicy spillFallback;
    /** Wait-time sampling: receives the samples, null when off. */
    final WaitTimeRecorder waitTimeRecorder;
    /** Wait-time sampling: interval - 1; a reservation count c is sampled when (c &amp; mask) == 0. */
    final long waitSampleMask;
    /** Wait-time sampling: log2 of the interval. */
    final int waitSampleShift;
    /** Wait-time sampling: slots - 1 of the probe ring. */
    final int waitSlotMask;
    /** Wait-time sampling: pairs (reservation count, nano time) written by producers, read by the consumer. */
    final long[] waitProbes;

    ChannelConfigFields(final ChannelBuilder<?> builder)
    {
        name = builder.name;
        kind = builder.kind;
        policy = builder.policy;
        capacity = builder.capacity;
        highWaterMark = builder.highWaterMark;
        lowWaterMark = builder.lowWaterMark;
        creditMode = builder.creditMode;
        autoCredit = builder.creditMode == CreditMode.AUTO;
        creditWindow = builder.creditWindow;
        creditBatch = builder.creditBatch;
        multiProducer = builder.kind.isMultiProducer();
        blockTimeoutNs = builder.blockTimeoutNs;
        nanoClock = builder.nanoClock;
        blockIdleStrategySupplier = builder.blockIdleStrategySupplier;
        recovered = builder.recovered;
        spillFallback = builder.spillFallback;
        waitTimeRecorder = builder.waitTimeRecorder;
        if (null != waitTimeRecorder)
        {
            final int interval = builder.waitTimeSampling;
            waitSampleMask = interval - 1L;
            waitSampleShift = Integer.numberOfTrailingZeros(interval);
            // room for every sampled reservation that can be in memory at once, with margin: a slot is reused only
            // once its message is long delivered
            final int slots = Integer.highestOneBit(Math.max(2, (builder.capacity / interval + 2) * 2 - 1)) << 1;
            waitSlotMask = slots - 1;
            waitProbes = new long[slots * 2];
            java.util.Arrays.fill(waitProbes, PROBE_EMPTY);
        }
        else
        {
            waitSampleMask = -1L;
            waitSampleShift = 0;
            waitSlotMask = 0;
            waitProbes = null;
        }
    }
}

abstract class ChannelPad1 extends ChannelConfigFields
{
    long p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15, p16;

    ChannelPad1(final ChannelBuilder<?> builder)
    {
        super(builder);
    }
}

/**
 * Written by the producer (any producer for MPSC kinds, with atomic operations). All counters are monotonic.
 */
abstract class ChannelProducerFields extends ChannelPad1
{
    /** Flags (closed, unwritable, spilling) and the count of in-memory reservations; see AbstractChannel. */
    long sentWord;
    /** Cached bound below which a reservation needs no fresh read of the consumer; racy for MPSC, always valid. */
    long sendLimit;
    long droppedNewest;
    long droppedOldest;
    long shed;
    long spillReserved;
    long spillFailed;
    /** Appends the spill store refused (also counted by the fallback's outcome). */
    long spillRefused;
    long rejected;
    long timedOut;
    long backPressured;
    /** Reservations given back without a message whose room is free at once (aborted slot claims). */
    long released;
    /** Ring claims aborted: never messages, but their room is free only once the consumer passes them. */
    long releasedLater;
    /** Claims aborted, ring or slot (reported). */
    long aborted;
    /** Written under the transition lock. */
    long unwritableCount;
    long unwritableNanos;
    long unwritableSince;
    int transitionLock;
    int spillLock;
    volatile WritabilityListener writabilityListener;

    ChannelProducerFields(final ChannelBuilder<?> builder)
    {
        super(builder);
    }
}

abstract class ChannelPad2 extends ChannelProducerFields
{
    long p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15, p16;

    ChannelPad2(final ChannelBuilder<?> builder)
    {
        super(builder);
    }
}

/**
 * Written by the consumer only.
 */
abstract class ChannelConsumerFields extends ChannelPad2
{
    long deliveredFromMemory;
    long deliveredFromSpill;
    /** Reservations the consumer passed over without a message: aborted ring claims, whose bytes it releases. */
    long skippedFromMemory;
    long lastGrantAt;
    boolean endOfStream;

    ChannelConsumerFields(final ChannelBuilder<?> builder)
    {
        super(builder);
    }
}

abstract class ChannelPad3 extends ChannelConsumerFields
{
    long p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15, p16;

    ChannelPad3(final ChannelBuilder<?> builder)
    {
        super(builder);
    }
}

/**
 * Written by the consumer (automatic grants, single writer) or by {@code request(n)} (atomic, manual mode).
 */
abstract class ChannelCreditFields extends ChannelPad3
{
    long creditLimit;

    ChannelCreditFields(final ChannelBuilder<?> builder)
    {
        super(builder);
    }
}

abstract class ChannelPad4 extends ChannelCreditFields
{
    long p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15, p16;

    ChannelPad4(final ChannelBuilder<?> builder)
    {
        super(builder);
    }
}
