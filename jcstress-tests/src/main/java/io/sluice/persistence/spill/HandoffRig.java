package io.sluice.persistence.spill;

import io.sluice.queues.channel.Channel;
import io.sluice.queues.channel.ChannelBuilder;
import io.sluice.queues.channel.ChannelCounters;
import io.sluice.queues.channel.ChannelKind;
import io.sluice.queues.channel.OfferResult;
import io.sluice.queues.overflow.OverflowPolicy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One SPILL channel over a leased Chronicle store, with what the actors need around it: numbered messages per
 * producer, a log of every offer's result, a log of what the consumer received, and the audit the arbiter runs.
 * <p>
 * The channel holds one message (capacity 1, high water mark 1, low water mark 0), so it spills from the second
 * message on and flips between memory and the Chronicle queue many times per race. A message is an int id
 * {@code producer * ID_STRIDE + seq}, seq counting from 1 per producer. Producer methods may only be called from
 * that producer's actor, consumer methods from the one consumer actor, {@link #audit()} from the arbiter: jcstress
 * orders every actor before the arbiter, so the plain logs need no synchronisation. Every wait is bounded.
 */
abstract class HandoffRig
{
    static final int ID_STRIDE = 100;
    static final int MAX_PRODUCERS = 2;
    static final int MAX_MESSAGES = 16;
    static final int BURST = 2;
    static final String OK = "OK";

    /** Idle polls before a consumer that waits for the producers gives up and leaves the rest to the arbiter. */
    static final int CONSUMER_PATIENCE = 2_000;

    static final int NOT_SENT = 0;
    static final int THREW = -101;

    final String label;
    final int producers;
    final Channel channel;
    final SpillStores.Lease lease;

    // producer side: row p is written by producer p only
    private final int[][] results = new int[MAX_PRODUCERS][MAX_MESSAGES + 1];
    private final int[] sent = new int[MAX_PRODUCERS];
    private final AtomicInteger producersDone = new AtomicInteger();
    private final AtomicReference<String> violation = new AtomicReference<>();

    // consumer side, then the arbiter
    private final int[] log = new int[MAX_PRODUCERS * MAX_MESSAGES + 8];
    private final ChannelCounters snapshot = new ChannelCounters();
    private int logSize;
    private int consumerLogSize = -1;
    private boolean drainedBackWhileProducing;

    HandoffRig(final ChannelKind kind, final Channel channel, final SpillStores.Lease lease)
    {
        this.label = kind.toString();
        this.producers = kind.isMultiProducer() ? 2 : 1;
        this.channel = channel;
        this.lease = lease;
    }

    static <E> ChannelBuilder<E> builder(final ChannelKind kind)
    {
        return ChannelBuilder.<E>channel("jcstress-chronicle-spill")
            .kind(kind)
            .capacity(1)
            .highWaterMark(1)
            .lowWaterMark(0)
            .policy(OverflowPolicy.SPILL);
    }

    /**
     * Offer message {@code id}, the {@code seq}-th of {@code producer}.
     *
     * @return the {@link OfferResult} code.
     */
    abstract int offer(int producer, int id, int seq);

    /**
     * Take up to {@code limit} messages with the channel's drain, logging them.
     *
     * @return the number taken.
     */
    abstract int drainUpTo(int limit);

    // ---------------------------------------------------------------------------------------------------------------
    // producers
    // ---------------------------------------------------------------------------------------------------------------

    final int send(final int producer)
    {
        final int seq = ++sent[producer];
        final int id = producer * ID_STRIDE + seq;
        int result;
        try
        {
            result = offer(producer, id, seq);
        }
        catch (final RuntimeException ex)
        {
            result = THREW;
            violation("THREW " + id + " " + ex);
        }
        results[producer][seq] = result;
        return result;
    }

    final void produce(final int producer, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            send(producer);
        }
        done();
    }

    final void done()
    {
        producersDone.incrementAndGet();
    }

    final boolean producersDone()
    {
        return producersDone.get() >= producers;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // consumer
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Drain in bursts until the producers are done and nothing is left, or patience runs out (the arbiter takes the
     * rest). Notes whether a burst that began before the producers were done took a message back from the store.
     */
    final void consumeInBursts()
    {
        int idle = 0;
        while (idle < CONSUMER_PATIENCE)
        {
            final boolean producing = !producersDone();
            if (receiveBurst() > 0)
            {
                idle = 0;
                if (producing && !drainedBackWhileProducing)
                {
                    drainedBackWhileProducing = channel.counters(snapshot).deliveredFromSpill() > 0;
                }
            }
            else if (!producing)
            {
                while (receiveBurst() > 0)
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

    final int receiveBurst()
    {
        try
        {
            return drainUpTo(BURST);
        }
        catch (final RuntimeException ex)
        {
            violation("CONSUMER_THREW " + ex);
            return 0;
        }
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

    final boolean spilled()
    {
        return count(OfferResult.SPILLED) > 0;
    }

    final boolean drainedBackWhileProducing()
    {
        return drainedBackWhileProducing;
    }

    /**
     * Close the channel, drain the rest, check the run, and give the store back (retired unless all is well).
     *
     * @return {@link #OK} or the first failed check with a trace of the run.
     */
    final String audit()
    {
        String verdict;
        try
        {
            verdict = check();
        }
        catch (final RuntimeException ex)
        {
            verdict = fail("ARBITER_THREW " + ex);
        }
        lease.release(OK.equals(verdict));
        return verdict;
    }

    private String check()
    {
        final String early = violation.get();
        if (null != early)
        {
            return fail(early);
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
            drainUpTo(MAX_PRODUCERS * MAX_MESSAGES);
        }
        if (drainUpTo(MAX_PRODUCERS * MAX_MESSAGES) > 0)
        {
            return fail("DELIVERED_AFTER_END_OF_STREAM");
        }
        final String late = violation.get();
        if (null != late)
        {
            return fail(late);
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
        final String counts = checkCounts();
        return null != counts ? counts : OK;
    }

    /**
     * Every delivered id was offered and taken (ACCEPTED or SPILLED), once, in its producer's offer order; every
     * taken id was delivered.
     */
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
            if (producer >= producers || seq < 1 || seq > sent[producer])
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
            if (!OfferResult.isOnItsWay(results[producer][seq]))
            {
                return fail("DELIVERED_" + name(results[producer][seq]) + " " + id);
            }
        }
        final StringBuilder missing = new StringBuilder();
        for (int p = 0; p < producers; p++)
        {
            for (int seq = 1; seq <= sent[p]; seq++)
            {
                final int result = results[p][seq];
                if (result != OfferResult.ACCEPTED && result != OfferResult.SPILLED)
                {
                    // the store never refuses (no limits set) and the channel is open while the producers run
                    return fail("UNEXPECTED_" + name(result) + " " + (p * ID_STRIDE + seq));
                }
                if (!seen[p][seq])
                {
                    missing.append(' ').append(p * ID_STRIDE + seq);
                }
            }
        }
        return missing.length() > 0 ? fail("LOST" + missing) : null;
    }

    /**
     * The channel's counters agree with the logs and conserve messages; the store holds nothing and appended exactly
     * the spilled messages.
     */
    private String checkCounts()
    {
        final ChannelCounters c = channel.counters(snapshot);
        if (!c.isConserved())
        {
            return fail("NOT_CONSERVED");
        }
        final int accepted = count(OfferResult.ACCEPTED);
        final int spilled = count(OfferResult.SPILLED);
        if (c.offered() != accepted + spilled || c.accepted() != accepted || c.spilled() != spilled)
        {
            return fail("COUNTERS_DISAGREE_WITH_RESULTS");
        }
        if (c.delivered() != logSize || c.deliveredFromSpill() != spilled)
        {
            return fail("DELIVERED_" + c.deliveredFromMemory() + "+" + c.deliveredFromSpill() + "_BUT_RECEIVED_" +
                logSize + "_SPILLED_" + spilled);
        }
        if (c.depth() != 0 || c.inFlight() != 0 || c.spilledPending() != 0 || c.spillRefused() != 0)
        {
            return fail("NOT_EMPTY_AT_END_OF_STREAM");
        }
        final long pending = lease.pendingMessages();
        if (pending != 0)
        {
            return fail("STORE_PENDING_" + pending);
        }
        if (lease.appendedHere() != spilled || lease.refusedHere() != 0)
        {
            return fail("STORE_APPENDED_" + lease.appendedHere() + "_REFUSED_" + lease.refusedHere() +
                "_BUT_SPILLED_" + spilled);
        }
        return null;
    }

    final int count(final int result)
    {
        int n = 0;
        for (int p = 0; p < producers; p++)
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

    final String fail(final String what)
    {
        return what + " " + trace();
    }

    /**
     * The run in one line: d= delivered ids in order ('|' where the arbiter took over), rN= result of each offer of
     * producer N (A accepted, S spilled, X threw, ? other), c= the counters, store= pending in the store.
     */
    final String trace()
    {
        final StringBuilder sb = new StringBuilder("d=");
        for (int i = 0; i < Math.min(logSize, log.length); i++)
        {
            if (i == consumerLogSize)
            {
                sb.append('|');
            }
            sb.append(log[i]).append(',');
        }
        for (int p = 0; p < producers; p++)
        {
            sb.append(" r").append(p).append('=');
            for (int seq = 1; seq <= sent[p]; seq++)
            {
                final int result = results[p][seq];
                sb.append(result == OfferResult.ACCEPTED ? 'A' : result == OfferResult.SPILLED ? 'S' :
                    result == THREW ? 'X' : '?');
            }
        }
        final ChannelCounters c = channel.counters(new ChannelCounters());
        sb.append(" c=").append(c).append(" store=").append(lease.pendingMessages());
        return sb.toString();
    }

    static String name(final int result)
    {
        return result == NOT_SENT ? "NOT_SENT" : result == THREW ? "THREW" : OfferResult.toString(result);
    }
}
