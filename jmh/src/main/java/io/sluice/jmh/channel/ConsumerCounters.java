package io.sluice.jmh.channel;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The consumer thread's counters, reported by JMH as rates (per second of the iteration) summed over threads.
 * {@link #delivered} is the primary figure of the channel benchmarks: messages delivered per second.
 */
@AuxCounters(AuxCounters.Type.OPERATIONS)
@State(Scope.Thread)
public class ConsumerCounters
{
    /**
     * Messages handed to the consumer (a drain of n messages counts n).
     */
    public long delivered;

    /**
     * Polls or drains that found nothing.
     */
    public long pollsEmpty;

    @Setup(Level.Iteration)
    public void reset()
    {
        delivered = 0;
        pollsEmpty = 0;
    }
}
