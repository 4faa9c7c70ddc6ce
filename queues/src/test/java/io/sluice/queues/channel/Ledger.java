package io.sluice.queues.channel;

import org.agrona.collections.IntArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A test's own count of offer outcomes, kept independently of the channel's counters so the two can be compared.
 * Not thread-safe: one per producer thread, merged after they finish.
 */
final class Ledger
{
    long accepted;
    long acceptedDroppedOldest;
    long droppedNewest;
    long shed;
    long spilled;
    long rejected;
    long timedOut;
    long backPressured;
    long closed;
    /** Values accepted into memory or spilled, in offer order. */
    final IntArrayList onItsWay = new IntArrayList();
    final IntArrayList shedValues = new IntArrayList();

    /**
     * Record the outcome of one offer (or claim and commit) of a value.
     */
    void record(final int value, final int code)
    {
        switch (code)
        {
            case OfferResult.ACCEPTED:
                accepted++;
                onItsWay.addInt(value);
                break;

            case OfferResult.ACCEPTED_DROPPED_OLDEST:
                accepted++;
                acceptedDroppedOldest++;
                onItsWay.addInt(value);
                break;

            case OfferResult.SPILLED:
                spilled++;
                onItsWay.addInt(value);
                break;

            case OfferResult.SHED:
                shed++;
                shedValues.addInt(value);
                break;

            case OfferResult.BACK_PRESSURED:
                backPressured++;
                break;

            case OfferResult.DROPPED_NEWEST:
                droppedNewest++;
                break;

            case OfferResult.REJECTED:
                rejected++;
                break;

            case OfferResult.TIMED_OUT:
                timedOut++;
                break;

            case OfferResult.CLOSED:
                closed++;
                break;

            default:
                fail("unknown offer result " + code + " for value " + value);
        }
    }

    long offered()
    {
        return accepted + droppedNewest + shed + spilled + rejected + timedOut;
    }

    void merge(final Ledger other)
    {
        accepted += other.accepted;
        acceptedDroppedOldest += other.acceptedDroppedOldest;
        droppedNewest += other.droppedNewest;
        shed += other.shed;
        spilled += other.spilled;
        rejected += other.rejected;
        timedOut += other.timedOut;
        backPressured += other.backPressured;
        closed += other.closed;
        onItsWay.addAll(other.onItsWay);
        shedValues.addAll(other.shedValues);
    }

    /**
     * The channel's counters agree with this ledger and with the number of messages the consumer saw, and the
     * conservation identity holds. Call at a quiescent point.
     */
    void assertMatches(final ChannelCounters counters, final long deliveredSeen, final String context)
    {
        final String where = context + ": " + counters + " ledger offered=" + offered();
        assertTrue(counters.isConserved(), "conservation identity broken at " + where);
        assertEquals(offered(), counters.offered(), "offered at " + where);
        assertEquals(accepted, counters.accepted(), "accepted at " + where);
        assertEquals(droppedNewest, counters.droppedNewest(), "droppedNewest at " + where);
        assertEquals(shed, counters.shed(), "shed at " + where);
        assertEquals(spilled, counters.spilled(), "spilled at " + where);
        assertEquals(rejected, counters.rejected(), "rejected at " + where);
        assertEquals(timedOut, counters.timedOut(), "timedOut at " + where);
        assertEquals(backPressured, counters.backPressured(), "backPressured at " + where);
        assertEquals(deliveredSeen, counters.delivered(), "delivered at " + where);
        // an aborted ring claim keeps its room until the consumer passes its record: depth may lead by those
        assertTrue(counters.depth() >= counters.inFlight() &&
            counters.depth() - counters.inFlight() <= counters.aborted(),
            "depth (counted) vs in flight (measured) at " + where);
        assertTrue(counters.droppedOldest() >= acceptedDroppedOldest,
            "every ACCEPTED_DROPPED_OLDEST dropped at least one message, at " + where);
    }
}
