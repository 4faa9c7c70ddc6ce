package io.sluice.examples.trading;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * When the simulated exchange is calm, slow or rejecting: a schedule drawn once from a random source, so the same seed
 * gives the same phases at the same offsets from the start of the run. The phases repeat
 * {@code CALM, REJECT, CALM, SLOW}; each lasts between half and one and a half times the mean phase length (uniform).
 * From the first phase boundary at or past the horizon on, the exchange stays calm, so that a graph closed at the end
 * of the run drains soon.
 * <p>
 * <b>Note:</b> immutable after construction; {@link #at(long)} may be called from any thread and does not allocate.
 */
final class MarketPhases
{
    /**
     * What the exchange does in a phase.
     */
    enum Phase
    {
        /** Fills every order after the normal service time. */
        CALM,
        /** Fills every order, after the slow service time. */
        SLOW,
        /** Rejects a share of the orders (after the normal service time), fills the rest. */
        REJECT
    }

    private static final Phase[] CYCLE = { Phase.CALM, Phase.REJECT, Phase.CALM, Phase.SLOW };

    private final long[] startNanos;
    private final Phase[] phases;

    private MarketPhases(final long[] startNanos, final Phase[] phases)
    {
        this.startNanos = startNanos;
        this.phases = phases;
    }

    /**
     * Draw a schedule.
     *
     * @param random         source of the phase lengths.
     * @param meanPhaseNanos mean length of a phase, 2 or more.
     * @param horizonNanos   how far the schedule reaches; later offsets are {@code CALM}.
     * @return the schedule.
     */
    static MarketPhases draw(final SplittableRandom random, final long meanPhaseNanos, final long horizonNanos)
    {
        final List<Long> starts = new ArrayList<>();
        final List<Phase> kinds = new ArrayList<>();
        long start = 0;
        while (start < horizonNanos)
        {
            starts.add(start);
            kinds.add(CYCLE[kinds.size() % CYCLE.length]);
            start += meanPhaseNanos / 2 + random.nextLong(meanPhaseNanos);
        }
        // the exchange settles down at the horizon
        starts.add(start);
        kinds.add(Phase.CALM);

        final long[] startNanos = new long[starts.size()];
        for (int i = 0; i < startNanos.length; i++)
        {
            startNanos[i] = starts.get(i);
        }
        return new MarketPhases(startNanos, kinds.toArray(new Phase[0]));
    }

    /**
     * The phase at an offset from the start of the run.
     *
     * @param offsetNanos nanoseconds since the start; negative counts as 0.
     * @return the phase.
     */
    Phase at(final long offsetNanos)
    {
        return phases[indexAt(offsetNanos)];
    }

    /**
     * Number of phases in the schedule, the last (calm, open-ended) included.
     *
     * @return phases.
     */
    int count()
    {
        return phases.length;
    }

    /**
     * A phase of the schedule by index.
     *
     * @param index 0..{@link #count()} - 1.
     * @return the phase.
     */
    Phase phase(final int index)
    {
        return phases[index];
    }

    /**
     * Where a phase of the schedule starts.
     *
     * @param index 0..{@link #count()} - 1.
     * @return nanoseconds since the start of the run.
     */
    long startNanos(final int index)
    {
        return startNanos[index];
    }

    private int indexAt(final long offsetNanos)
    {
        final int found = Arrays.binarySearch(startNanos, Math.max(0, offsetNanos));
        return found >= 0 ? found : -found - 2;
    }
}
