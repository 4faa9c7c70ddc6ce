package io.sluice.queues.channel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChannelCountersTest
{
    private static ChannelCounters sample()
    {
        final ChannelCounters c = new ChannelCounters();
        c.accepted = 10;
        c.deliveredFromMemory = 6;
        c.deliveredFromSpill = 3;
        c.droppedNewest = 2;
        c.droppedOldest = 1;
        c.shed = 4;
        c.spilled = 5;
        c.rejected = 7;
        c.timedOut = 8;
        c.backPressured = 9;
        c.unwritableCount = 11;
        c.unwritableNanos = 12;
        c.depth = 3;
        c.inFlight = 3;
        c.credits = 13;
        c.creditLimit = 14;
        c.writable = true;
        c.closed = true;
        return c;
    }

    @Test
    void shouldSumOutcomesIntoOfferedWithoutBackPressure()
    {
        final ChannelCounters c = sample();

        assertEquals(10 + 2 + 4 + 5 + 7 + 8, c.offered());
        assertEquals(9, c.delivered());
        assertEquals(2, c.spilledPending());
    }

    @Test
    void shouldCheckTheConservationIdentity()
    {
        final ChannelCounters c = sample();
        // offered 36 = delivered 9 + droppedNewest 2 + droppedOldest 1 + shed 4 + pending 2 + rejected 7
        //   + timedOut 8 + inFlight 3
        assertTrue(c.isConserved(), c.toString());

        c.inFlight = 2;
        assertFalse(c.isConserved(), "one message missing");
        c.inFlight = 4;
        assertFalse(c.isConserved(), "one message too many");
    }

    @Test
    void shouldCopyEveryFieldWithSet()
    {
        final ChannelCounters source = sample();
        final ChannelCounters copy = new ChannelCounters();

        assertSame(copy, copy.set(source));

        assertEquals(source.toString(), copy.toString());
        assertEquals(source.accepted(), copy.accepted());
        assertEquals(source.deliveredFromMemory(), copy.deliveredFromMemory());
        assertEquals(source.deliveredFromSpill(), copy.deliveredFromSpill());
        assertEquals(source.droppedNewest(), copy.droppedNewest());
        assertEquals(source.droppedOldest(), copy.droppedOldest());
        assertEquals(source.shed(), copy.shed());
        assertEquals(source.spilled(), copy.spilled());
        assertEquals(source.rejected(), copy.rejected());
        assertEquals(source.timedOut(), copy.timedOut());
        assertEquals(source.backPressured(), copy.backPressured());
        assertEquals(source.unwritableCount(), copy.unwritableCount());
        assertEquals(source.unwritableNanos(), copy.unwritableNanos());
        assertEquals(source.depth(), copy.depth());
        assertEquals(source.inFlight(), copy.inFlight());
        assertEquals(source.credits(), copy.credits());
        assertEquals(source.creditLimit(), copy.creditLimit());
        assertEquals(source.writable(), copy.writable());
        assertEquals(source.closed(), copy.closed());
    }

    @Test
    void shouldNameEveryCounterInToString()
    {
        final String text = sample().toString();

        for (final String part : new String[]{
            "offered=36", "accepted=10", "delivered=9", "memory=6", "spill=3", "droppedNewest=2", "droppedOldest=1",
            "shed=4", "spilled=5", "spilledPending=2", "rejected=7", "timedOut=8", "inFlight=3", "depth=3",
            "credits=13", "backPressured=9", "unwritableCount=11", "unwritableNanos=12", "writable=true",
            "closed=true" })
        {
            assertTrue(text.contains(part), part + " missing from " + text);
        }
    }

    @Test
    void shouldFillSnapshotFromChannelWithoutAllocatingANewOne()
    {
        final ObjectChannel<Integer> channel = ChannelBuilder.<Integer>channel("snap").capacity(4)
            .buildObjectChannel();
        final ChannelCounters snapshot = new ChannelCounters();
        channel.offer(1);

        assertSame(snapshot, channel.counters(snapshot));
        assertEquals(1, snapshot.accepted());
        channel.poll();
        assertSame(snapshot, channel.counters(snapshot));
        assertEquals(1, snapshot.delivered());
        assertEquals(0, snapshot.depth());
        assertTrue(snapshot.isConserved());
    }
}
