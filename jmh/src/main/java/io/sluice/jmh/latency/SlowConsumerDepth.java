package io.sluice.jmh.latency;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The slow-consumer channel's depth, sampled by the producer every {@link SlowConsumer#DEPTH_SAMPLE_MASK} + 1 offers:
 * mean and maximum over the iteration.
 * <p>
 * {@code AuxCounters.Type.EVENTS}, so that JMH 1.37 prints each iteration's value as it is (not divided by time).
 * EVENTS results are summed over iterations in the run's summary line and the JSON {@code score}: read the
 * per-iteration values or the mean of {@code rawData}, or divide the summary by {@link #iterations}.
 */
@AuxCounters(AuxCounters.Type.EVENTS)
@State(Scope.Thread)
public class SlowConsumerDepth
{
    /**
     * Mean in-memory depth (messages queued, from the channel's sequence counters).
     */
    public double depthMean;

    /**
     * Largest in-memory depth sampled.
     */
    public long depthMax;

    /**
     * Mean number of messages held by the spill store (SPILL only, else 0).
     */
    public double spillDepthMean;

    /**
     * Samples taken in the iteration.
     */
    public long depthSamples;

    /**
     * 1 per iteration: the summary line sums it to the number of iterations.
     */
    public long iterations;

    private long depthSum;
    private long spillDepthSum;

    /**
     * Clear the samples.
     */
    @Setup(Level.Iteration)
    public void reset()
    {
        depthMean = 0;
        depthMax = 0;
        spillDepthMean = 0;
        depthSamples = 0;
        iterations = 0;
        depthSum = 0;
        spillDepthSum = 0;
    }

    /**
     * Add one sample.
     *
     * @param depth      of the channel in memory.
     * @param spillDepth messages in the spill store.
     */
    void sample(final long depth, final long spillDepth)
    {
        depthSum += depth;
        spillDepthSum += spillDepth;
        depthSamples++;
        if (depth > depthMax)
        {
            depthMax = depth;
        }
    }

    /**
     * Turn the sums into means (JMH zeroes the public fields after the iteration's set-up, so they are set here).
     */
    @TearDown(Level.Iteration)
    public void summarise()
    {
        iterations = 1;
        depthMean = depthSamples == 0 ? 0.0 : (double)depthSum / depthSamples;
        spillDepthMean = depthSamples == 0 ? 0.0 : (double)spillDepthSum / depthSamples;
    }
}
