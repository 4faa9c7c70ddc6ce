package io.sluice.queues.channel;

import io.sluice.queues.overflow.OverflowPolicy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A channel under test and everything the actors of a scenario need around it: numbered messages per producer, a log
 * of every offer's result, a log of what the consumer received, in-race checks, and the audit the arbiter runs once
 * the actors are done.
 * <p>
 * A message is an int id {@code producer * ID_STRIDE + seq}, seq counting from 1 per producer, so the audit can tell
 * loss, duplication and per-producer order from the logs alone. Producer methods take the producer's index and may
 * only be called from that producer's actor; consumer methods from the one consumer actor; {@link #audit()} from the
 * arbiter. jcstress orders every actor before the arbiter, so the plain logs need no synchronisation.
 * <p>
 * Every wait is bounded: a bug shows as a forbidden verdict string, not as a hung test.
 */
abstract class Rig
{
    static final int ID_STRIDE = 100;
    static final int MAX_PRODUCERS = 2;
    static final int MAX_MESSAGES = 16;
    static final String OK = "OK";

    /** Idle polls before a consumer that waits for the producers gives up and leaves the rest to the arbiter. */
    static final int CONSUMER_PATIENCE = 2_000;

    /** Log codes outside the {@link OfferResult} range. */
    static final int NOT_SENT = 0;
    static final int ABORTED = -100;
    static final int THREW = -101;

    private static final int AUTO = 0;
    private static final int COPY = 1;
    private static final int CLAIM = 2;
    private static final int ABORT = 3;

    final Spec spec;
    final AbstractChannel channel;
    final ShedLog shedLog;
    final ChannelCounters counters = new ChannelCounters();

    // producer side: row p is written by producer p only
    final int[][] results = new int[MAX_PRODUCERS][MAX_MESSAGES + 1];
    final int[] sent = new int[MAX_PRODUCERS];
    private final boolean[] armed = new boolean[MAX_PRODUCERS];
    private final long[] armedCount = new long[MAX_PRODUCERS];
    private final boolean[] sawUnwritable = new boolean[MAX_PRODUCERS];
    private final AtomicInteger producersDone = new AtomicInteger();
    private final AtomicReference<String> violation = new AtomicReference<>();

    // consumer side, then the arbiter
    private final int[] log = new int[MAX_PRODUCERS * MAX_MESSAGES + 8];
    private int logSize;
    private int consumerLogSize = -1;
    private int endOfStreamAt = -1;
    private long granted;

    Rig(final Spec spec, final AbstractChannel channel, final ShedLog shedLog)
    {
        this.spec = spec;
        this.channel = channel;
        this.shedLog = shedLog;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // what the two flavours of channel provide
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Offer message {@code id} of producer {@code producer}, the {@code seq}-th it sends.
     *
     * @return the final {@link OfferResult} code.
     */
    abstract int offer(int producer, int id, int seq);

    /**
     * Binary only: claim space for message {@code id}, write it, then abort the claim.
     *
     * @return the claim's result code.
     */
    abstract int claimAndAbort(int producer, int id);

    /**
     * Binary only: claim space for message {@code id}, write it and commit.
     *
     * @return the commit's result code (the claim's, if it opened no claim).
     */
    abstract int claimAndCommit(int producer, int id);

    /**
     * Take at most one message, logging it.
     *
     * @return true if one was taken.
     */
    abstract boolean pollOne();

    /**
     * Take up to {@code limit} messages with the channel's drain, logging them.
     *
     * @return the number taken.
     */
    abstract int drainUpTo(int limit);

    // ---------------------------------------------------------------------------------------------------------------
    // producer
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Send the next message of {@code producer} the rig's default way (binary: offer or claim/commit by turns).
     *
     * @return the offer's result, also logged.
     */
    final int send(final int producer)
    {
        return sendVia(producer, AUTO);
    }

    /**
     * Binary: send the next message with {@code offer} (a copy), whatever its number.
     */
    final int sendCopied(final int producer)
    {
        return sendVia(producer, COPY);
    }

    /**
     * Binary: send the next message with claim/commit, whatever its number.
     */
    final int sendClaimed(final int producer)
    {
        return sendVia(producer, CLAIM);
    }

    /**
     * Binary: open a claim for the next message, write it and abort. The message must never be delivered; a claim
     * that opened is logged as {@link #ABORTED}, one that did not as the claim's result.
     */
    final int sendAborted(final int producer)
    {
        return sendVia(producer, ABORT);
    }

    private int sendVia(final int producer, final int route)
    {
        final int seq = nextSeq(producer);
        final int id = producer * ID_STRIDE + seq;
        int result;
        try
        {
            if (route == COPY)
            {
                result = offer(producer, id, 1);
            }
            else if (route == CLAIM)
            {
                result = claimAndCommit(producer, id);
            }
            else if (route == ABORT)
            {
                final int claimed = claimAndAbort(producer, id);
                result = claimed > 0 ? ABORTED : claimed;
            }
            else
            {
                result = offer(producer, id, seq);
            }
        }
        catch (final RuntimeException ex)
        {
            result = THREW;
            violation("THREW " + id + " " + ex);
        }
        results[producer][seq] = result;
        return result;
    }

    /**
     * Send {@code count} messages, then tell the consumer this producer is done.
     */
    final void produce(final int producer, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            send(producer);
        }
        done();
    }

    /**
     * Send with writability and credit checks around the offer, from reads that can only understate what they
     * bound, so a violation is certain when seen:
     * <ul>
     *     <li>after an accept, depth never exceeds the high water mark and reservations never exceed the credit
     *     limit plus refunds;</li>
     *     <li>once the producer has seen the UNWRITABLE flag with reservation count c, its next accept comes only
     *     after the consumer (plus refunds) reached c - lowWaterMark (not under DROP_OLDEST, which reserves past the
     *     flag);</li>
     *     <li>one producer only: isWritable() == true means the next offer is accepted.</li>
     * </ul>
     */
    final int sendWatched(final int producer)
    {
        final boolean writable = channel.isWritable();
        observeFlag(producer);
        final int result = send(producer);
        if (result == OfferResult.ACCEPTED || result == OfferResult.ACCEPTED_DROPPED_OLDEST)
        {
            checkAccepted(producer);
        }
        else
        {
            observeFlag(producer);
        }
        if (writable && !spec.kind.isMultiProducer() && result != OfferResult.ACCEPTED)
        {
            violation("WRITABLE_BUT_" + OfferResult.toString(result) + " " + (producer * ID_STRIDE + sent[producer]));
        }
        return result;
    }

    /**
     * Send, and flag an offer that returned CLOSED but evicted a message on its way out. Only meaningful when this
     * producer is the only one that can evict at the time (DROP_OLDEST, the other producer does not send).
     */
    final int sendCountingEvictions(final int producer)
    {
        final long before = (long)AbstractChannel.DROPPED_OLDEST.getVolatile(channel);
        final int result = send(producer);
        final long after = (long)AbstractChannel.DROPPED_OLDEST.getVolatile(channel);
        if (result == OfferResult.CLOSED && after != before)
        {
            violation("EVICTED_BY_CLOSED_OFFER " + (producer * ID_STRIDE + sent[producer]) + " dropped " +
                (after - before));
        }
        return result;
    }

    final void done()
    {
        producersDone.incrementAndGet();
    }

    final boolean sawEndOfStream()
    {
        return endOfStreamAt >= 0;
    }

    final boolean producersDone()
    {
        return producersDone.get() >= spec.producers;
    }

    final boolean sawUnwritable()
    {
        for (final boolean saw : sawUnwritable)
        {
            if (saw)
            {
                return true;
            }
        }
        return false;
    }

    private int nextSeq(final int producer)
    {
        final int seq = ++sent[producer];
        if (seq > MAX_MESSAGES)
        {
            throw new IllegalStateException("scenario sends more than " + MAX_MESSAGES + " messages per producer");
        }
        return seq;
    }

    private void observeFlag(final int producer)
    {
        final long word = channel.lvSentWord();
        if ((word & AbstractChannel.UNWRITABLE_FLAG) != 0)
        {
            sawUnwritable[producer] = true;
            armed[producer] = true;
            armedCount[producer] = word & AbstractChannel.COUNT_MASK;
        }
    }

    private void checkAccepted(final int producer)
    {
        // the count first: consumed read later can only be larger, so count - consumed understates the depth
        final long count = channel.lvSentWord() & AbstractChannel.COUNT_MASK;
        final long consumed = channel.lvDeliveredFromMemory() + channel.lvRefunds();
        final long depth = count - consumed;
        final int id = producer * ID_STRIDE + sent[producer];
        if (depth > spec.highWaterMark)
        {
            violation("ABOVE_HIGH_WATER_MARK " + id + " depth>=" + depth);
        }
        final long creditEnd = channel.lvCreditLimit() + channel.lvRefunds();
        if (count > creditEnd)
        {
            violation("CREDIT_OVERSPENT " + id + " reservations>=" + count + " limit+refunds<=" + creditEnd);
        }
        // DROP_OLDEST reserves past the UNWRITABLE flag by design (after evicting): no hysteresis to check
        if (armed[producer] && spec.policy != OverflowPolicy.DROP_OLDEST)
        {
            armed[producer] = false;
            if (consumed < armedCount[producer] - spec.lowWaterMark)
            {
                violation("HYSTERESIS " + id + " unwritable at count " + armedCount[producer] +
                    ", accepted again with consumed<=" + consumed + " lowWaterMark=" + spec.lowWaterMark);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // consumer
    // ---------------------------------------------------------------------------------------------------------------

    final boolean receive()
    {
        try
        {
            return pollOne();
        }
        catch (final RuntimeException ex)
        {
            violation("CONSUMER_THREW " + ex);
            return false;
        }
    }

    final int receiveBurst(final int limit)
    {
        try
        {
            return drainUpTo(limit);
        }
        catch (final RuntimeException ex)
        {
            violation("CONSUMER_THREW " + ex);
            return 0;
        }
    }

    /**
     * Poll one at a time until every producer is done and nothing more comes, or until the consumer has waited
     * {@link #CONSUMER_PATIENCE} empty polls in a row (the arbiter drains whatever is left).
     */
    final void consume()
    {
        int idle = 0;
        while (idle < CONSUMER_PATIENCE)
        {
            if (receive())
            {
                idle = 0;
            }
            else if (producersDone())
            {
                while (receive())
                {
                    idle = 0;
                }
                return;
            }
            else
            {
                idle++;
                Thread.onSpinWait();
            }
        }
    }

    /**
     * As {@link #consume()}, with the channel's drain and bursts of up to {@code burst} messages.
     */
    final void consumeInBursts(final int burst)
    {
        int idle = 0;
        while (idle < CONSUMER_PATIENCE)
        {
            if (receiveBurst(burst) > 0)
            {
                idle = 0;
            }
            else if (producersDone())
            {
                while (receiveBurst(burst) > 0)
                {
                    idle = 0;
                }
                return;
            }
            else
            {
                idle++;
                Thread.onSpinWait();
            }
        }
    }

    /**
     * Poll until the channel reports end of stream, at most {@code maxPolls} polls.
     *
     * @return true if end of stream was seen.
     */
    final boolean consumeToEndOfStream(final int maxPolls)
    {
        for (int i = 0; i < maxPolls; i++)
        {
            if (!receive())
            {
                if (channel.isEndOfStream())
                {
                    endOfStreamAt = logSize;
                    return true;
                }
                Thread.onSpinWait();
            }
        }
        return false;
    }

    final void grant(final long n)
    {
        channel.request(n);
        granted += n;
    }

    final void record(final int id)
    {
        if (logSize < log.length)
        {
            log[logSize] = id;
        }
        logSize++;
    }

    final void violation(final String what)
    {
        violation.compareAndSet(null, what);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // arbiter
    // ---------------------------------------------------------------------------------------------------------------

    final int count(final int result)
    {
        int n = 0;
        for (int p = 0; p < spec.producers; p++)
        {
            for (int seq = 1; seq <= sent[p]; seq++)
            {
                if (results[p][seq] == result)
                {
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * Whether the channel turned unwritable at least once (its unwritableCount counter).
     */
    final boolean turnedUnwritable()
    {
        return channel.counters(new ChannelCounters()).unwritableCount() > 0;
    }

    /**
     * Close the channel, drain what is left, and check every property of the run: no loss, no duplicate, per-producer
     * order, nothing refused is delivered, nothing is delivered after end of stream, the dropped-oldest messages and
     * the delivered ones partition the accepted ones, the shed ones are the sink's, and the counters add up to the
     * logs (conservation, offered, accepted, each outcome, credits).
     *
     * @return {@link #OK} or the first failed check with a trace of the run.
     */
    final String audit()
    {
        final String early = violation.get();
        if (null != early)
        {
            return early + " " + trace();
        }

        consumerLogSize = logSize;
        channel.close();
        int rounds = 0;
        while (!channel.isEndOfStream())
        {
            if (++rounds > 1_000)
            {
                return fail("NO_END_OF_STREAM");
            }
            receiveBurst(MAX_PRODUCERS * MAX_MESSAGES);
        }
        if (receiveBurst(MAX_PRODUCERS * MAX_MESSAGES) > 0 || (endOfStreamAt >= 0 && logSize > endOfStreamAt))
        {
            return fail("DELIVERED_AFTER_END_OF_STREAM");
        }
        final String consumerFailure = violation.get();
        if (null != consumerFailure)
        {
            return consumerFailure + " " + trace();
        }
        if (logSize > log.length)
        {
            return fail("LOG_OVERFLOW");
        }

        final String deliveries = checkDeliveries();
        if (null != deliveries)
        {
            return deliveries;
        }
        final String outcomes = checkOutcomes();
        if (null != outcomes)
        {
            return outcomes;
        }
        return OK;
    }

    private String checkDeliveries()
    {
        final int[] lastSeq = new int[MAX_PRODUCERS];
        final boolean[][] seen = new boolean[MAX_PRODUCERS][MAX_MESSAGES + 1];
        for (int i = 0; i < logSize; i++)
        {
            final int id = log[i];
            if (id <= 0)
            {
                return fail("CORRUPT_MESSAGE");
            }
            final int producer = id / ID_STRIDE;
            final int seq = id % ID_STRIDE;
            if (producer >= spec.producers || seq < 1 || seq > sent[producer])
            {
                return fail("UNKNOWN_MESSAGE " + id);
            }
            if (seen[producer][seq])
            {
                return fail("DUPLICATE " + id);
            }
            seen[producer][seq] = true;
            if (seq < lastSeq[producer])
            {
                return fail("REORDERED " + id);
            }
            lastSeq[producer] = seq;
            final int result = results[producer][seq];
            if (!OfferResult.isOnItsWay(result))
            {
                return fail("DELIVERED_" + name(result) + " " + id);
            }
        }

        int onItsWay = 0;
        final StringBuilder missing = new StringBuilder();
        for (int p = 0; p < spec.producers; p++)
        {
            boolean closed = false;
            for (int seq = 1; seq <= sent[p]; seq++)
            {
                final int result = results[p][seq];
                if (result == OfferResult.CLOSED)
                {
                    closed = true;
                }
                else if (closed && result != THREW)
                {
                    return fail("TAKEN_AFTER_CLOSED " + (p * ID_STRIDE + seq));
                }
                if (OfferResult.isOnItsWay(result))
                {
                    onItsWay++;
                    if (!seen[p][seq])
                    {
                        missing.append(' ').append(p * ID_STRIDE + seq);
                    }
                }
            }
        }

        final long undelivered = onItsWay - logSize;
        channel.counters(counters);
        if (spec.policy == OverflowPolicy.DROP_OLDEST)
        {
            if (counters.droppedOldest() != undelivered)
            {
                return fail("DROPPED_OLDEST_" + counters.droppedOldest() + "_BUT_UNDELIVERED_" + undelivered +
                    " missing" + missing);
            }
        }
        else if (undelivered != 0)
        {
            return fail("LOST" + missing);
        }
        return null;
    }

    private String checkOutcomes()
    {
        final ChannelCounters c = counters;
        if (!c.isConserved())
        {
            return fail("NOT_CONSERVED");
        }

        final int accepted = count(OfferResult.ACCEPTED) + count(OfferResult.ACCEPTED_DROPPED_OLDEST);
        final int spilled = count(OfferResult.SPILLED);
        final int shed = count(OfferResult.SHED);
        final int droppedNewest = count(OfferResult.DROPPED_NEWEST);
        final int rejected = count(OfferResult.REJECTED);
        final int timedOut = count(OfferResult.TIMED_OUT);
        final long offered = accepted + spilled + shed + droppedNewest + rejected + timedOut;

        if (c.offered() != offered)
        {
            return fail("OFFERED_" + c.offered() + "_BUT_SENT_" + offered);
        }
        if (c.accepted() != accepted || c.spilled() != spilled || c.shed() != shed ||
            c.droppedNewest() != droppedNewest || c.rejected() != rejected || c.timedOut() != timedOut)
        {
            return fail("COUNTERS_DISAGREE_WITH_RESULTS");
        }
        if (c.delivered() != logSize)
        {
            return fail("DELIVERED_" + c.delivered() + "_BUT_RECEIVED_" + logSize);
        }
        if (c.depth() != 0 || c.inFlight() != 0 || c.spilledPending() != 0)
        {
            return fail("NOT_EMPTY_AT_END_OF_STREAM");
        }

        if (null != shedLog)
        {
            if (shedLog.size() != shed)
            {
                return fail("SINK_HOLDS_" + shedLog.size() + "_BUT_SHED_" + shed);
            }
            for (int p = 0; p < spec.producers; p++)
            {
                for (int seq = 1; seq <= sent[p]; seq++)
                {
                    if (results[p][seq] == OfferResult.SHED && !shedLog.contains(p * ID_STRIDE + seq))
                    {
                        return fail("SHED_NOT_IN_SINK " + (p * ID_STRIDE + seq));
                    }
                }
            }
        }

        final long reservations = channel.lvSentWord() & AbstractChannel.COUNT_MASK;
        final long refunds = channel.lvRefunds();
        if (reservations > c.creditLimit() + refunds)
        {
            return fail("CREDIT_OVERSPENT reservations=" + reservations + " limit=" + c.creditLimit() +
                " refunds=" + refunds);
        }
        if (spec.manual() && c.creditLimit() != spec.initialCredits + granted)
        {
            return fail("CREDIT_LIMIT_" + c.creditLimit() + "_BUT_GRANTED_" + (spec.initialCredits + granted));
        }
        return null;
    }

    final String fail(final String what)
    {
        return what + " " + trace();
    }

    /**
     * The run in one line: d= delivered ids in order ('|' where the arbiter took over, '#' where the consumer saw
     * end of stream), rN= result of each offer of producer N, c= the counters.
     */
    final String trace()
    {
        final StringBuilder sb = new StringBuilder("d=");
        for (int i = 0; i < Math.min(logSize, log.length); i++)
        {
            if (i == endOfStreamAt)
            {
                sb.append('#');
            }
            if (i == consumerLogSize)
            {
                sb.append('|');
            }
            sb.append(log[i]).append(',');
        }
        for (int p = 0; p < spec.producers; p++)
        {
            sb.append(" r").append(p).append('=');
            for (int seq = 1; seq <= sent[p]; seq++)
            {
                sb.append(code(results[p][seq]));
            }
        }
        final ChannelCounters c = channel.counters(new ChannelCounters());
        sb.append(" c=[acc=").append(c.accepted())
            .append(" del=").append(c.deliveredFromMemory()).append('+').append(c.deliveredFromSpill())
            .append(" dn=").append(c.droppedNewest())
            .append(" do=").append(c.droppedOldest())
            .append(" shed=").append(c.shed())
            .append(" sp=").append(c.spilled())
            .append(" rej=").append(c.rejected())
            .append(" to=").append(c.timedOut())
            .append(" depth=").append(c.depth())
            .append(" inFlight=").append(c.inFlight())
            .append(" limit=").append(c.creditLimit())
            .append(']');
        return sb.toString();
    }

    static String name(final int result)
    {
        switch (result)
        {
            case NOT_SENT:
                return "NOT_SENT";
            case ABORTED:
                return "ABORTED";
            case THREW:
                return "THREW";
            default:
                return OfferResult.toString(result);
        }
    }

    /**
     * One letter per result: A accepted, O accepted dropping oldest, S spilled, H shed, B back-pressured,
     * N dropped newest, R rejected, T timed out, C closed, a aborted claim, X threw.
     */
    static char code(final int result)
    {
        switch (result)
        {
            case OfferResult.ACCEPTED:
                return 'A';
            case OfferResult.ACCEPTED_DROPPED_OLDEST:
                return 'O';
            case OfferResult.SPILLED:
                return 'S';
            case OfferResult.SHED:
                return 'H';
            case OfferResult.BACK_PRESSURED:
                return 'B';
            case OfferResult.DROPPED_NEWEST:
                return 'N';
            case OfferResult.REJECTED:
                return 'R';
            case OfferResult.TIMED_OUT:
                return 'T';
            case OfferResult.CLOSED:
                return 'C';
            case ABORTED:
                return 'a';
            case THREW:
                return 'X';
            default:
                return '?';
        }
    }
}
