package io.sluice.jmh.pipeline;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The benchmark thread's counter, reported by JMH as a rate (per second of the iteration). {@link #delivered} is
 * the primary figure of the pipeline benchmark: messages delivered to the sink per second.
 */
@AuxCounters(AuxCounters.Type.OPERATIONS)
@State(Scope.Thread)
public class PipelineCounters
{
    /**
     * Messages the sink received during the iteration.
     */
    public long delivered;

    @Setup(Level.Iteration)
    public void reset()
    {
        delivered = 0;
    }
}
