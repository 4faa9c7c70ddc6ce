package io.sluice.jmh.channel;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The producer thread's counters, reported by JMH as rates (per second of the iteration) summed over threads.
 */
@AuxCounters(AuxCounters.Type.OPERATIONS)
@State(Scope.Thread)
public class ProducerCounters
{
    /**
     * Offers the channel took.
     */
    public long offersMade;

    /**
     * Offers the channel refused (full, unwritable or out of credit); the producer tries again on its next call.
     */
    public long offersRefused;

    @Setup(Level.Iteration)
    public void reset()
    {
        offersMade = 0;
        offersRefused = 0;
    }
}
