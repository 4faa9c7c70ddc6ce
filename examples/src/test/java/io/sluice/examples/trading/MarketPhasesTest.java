package io.sluice.examples.trading;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MarketPhasesTest
{
    private static final long MEAN = TimeUnit.MILLISECONDS.toNanos(300);
    private static final long HORIZON = TimeUnit.SECONDS.toNanos(5);

    @Test
    void shouldDrawTheSameScheduleWhenTheSeedIsTheSame()
    {
        final MarketPhases a = MarketPhases.draw(new SplittableRandom(7), MEAN, HORIZON);
        final MarketPhases b = MarketPhases.draw(new SplittableRandom(7), MEAN, HORIZON);
        assertEquals(a.count(), b.count());
        for (int i = 0; i < a.count(); i++)
        {
            assertEquals(a.startNanos(i), b.startNanos(i));
            assertEquals(a.phase(i), b.phase(i));
        }
        assertNotEquals(a.startNanos(1), MarketPhases.draw(new SplittableRandom(8), MEAN, HORIZON).startNanos(1));
    }

    @Test
    void shouldCycleCalmRejectCalmSlowWithinTheLengthBoundsAndBeCalmPastTheHorizon()
    {
        final MarketPhases phases = MarketPhases.draw(new SplittableRandom(42), MEAN, HORIZON);
        final MarketPhases.Phase[] cycle = {
            MarketPhases.Phase.CALM, MarketPhases.Phase.REJECT, MarketPhases.Phase.CALM, MarketPhases.Phase.SLOW };
        final int last = phases.count() - 1;
        assertEquals(0, phases.startNanos(0));
        for (int i = 0; i < last; i++)
        {
            assertEquals(cycle[i % cycle.length], phases.phase(i), "phase " + i);
            final long length = phases.startNanos(i + 1) - phases.startNanos(i);
            assertTrue(length >= MEAN / 2 && length < MEAN * 3 / 2, "length of phase " + i + ": " + length);
            assertEquals(phases.phase(i), phases.at(phases.startNanos(i)));
            assertEquals(phases.phase(i), phases.at(phases.startNanos(i + 1) - 1));
        }
        assertTrue(phases.startNanos(last) >= HORIZON);
        assertEquals(MarketPhases.Phase.CALM, phases.phase(last));
        assertEquals(MarketPhases.Phase.CALM, phases.at(Long.MAX_VALUE));
        assertEquals(MarketPhases.Phase.CALM, phases.at(-1));
    }
}
