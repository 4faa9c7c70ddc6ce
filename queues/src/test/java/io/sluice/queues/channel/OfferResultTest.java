package io.sluice.queues.channel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OfferResultTest
{
    private static final int[] TAKEN = {
        OfferResult.ACCEPTED, OfferResult.ACCEPTED_DROPPED_OLDEST, OfferResult.SPILLED, OfferResult.SHED };
    private static final int[] NOT_TAKEN = {
        OfferResult.BACK_PRESSURED, OfferResult.DROPPED_NEWEST, OfferResult.REJECTED, OfferResult.TIMED_OUT,
        OfferResult.CLOSED };

    @Test
    void shouldUsePositiveCodesForTakenAndNegativeForNotTaken()
    {
        final Set<Integer> distinct = new HashSet<>();
        for (final int code : TAKEN)
        {
            assertTrue(code > 0);
            assertTrue(OfferResult.isTaken(code), OfferResult.toString(code));
            distinct.add(code);
        }
        for (final int code : NOT_TAKEN)
        {
            assertTrue(code < 0);
            assertFalse(OfferResult.isTaken(code), OfferResult.toString(code));
            assertFalse(OfferResult.isOnItsWay(code), OfferResult.toString(code));
            distinct.add(code);
        }
        assertEquals(TAKEN.length + NOT_TAKEN.length, distinct.size(), "codes are distinct");
    }

    @Test
    void shouldCountOnlyQueuedOrSpilledAsOnItsWay()
    {
        assertTrue(OfferResult.isOnItsWay(OfferResult.ACCEPTED));
        assertTrue(OfferResult.isOnItsWay(OfferResult.ACCEPTED_DROPPED_OLDEST));
        assertTrue(OfferResult.isOnItsWay(OfferResult.SPILLED));
        assertFalse(OfferResult.isOnItsWay(OfferResult.SHED), "shed messages go to the sink, not the consumer");
    }

    @Test
    void shouldNameEveryCode()
    {
        assertEquals("ACCEPTED", OfferResult.toString(OfferResult.ACCEPTED));
        assertEquals("ACCEPTED_DROPPED_OLDEST", OfferResult.toString(OfferResult.ACCEPTED_DROPPED_OLDEST));
        assertEquals("SPILLED", OfferResult.toString(OfferResult.SPILLED));
        assertEquals("SHED", OfferResult.toString(OfferResult.SHED));
        assertEquals("BACK_PRESSURED", OfferResult.toString(OfferResult.BACK_PRESSURED));
        assertEquals("DROPPED_NEWEST", OfferResult.toString(OfferResult.DROPPED_NEWEST));
        assertEquals("REJECTED", OfferResult.toString(OfferResult.REJECTED));
        assertEquals("TIMED_OUT", OfferResult.toString(OfferResult.TIMED_OUT));
        assertEquals("CLOSED", OfferResult.toString(OfferResult.CLOSED));
        assertEquals("UNKNOWN(0)", OfferResult.toString(0));
        assertEquals("UNKNOWN(-99)", OfferResult.toString(-99));
    }
}
