package io.sluice.jmh.latency;

import org.HdrHistogram.Histogram;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One iteration's response-time percentiles, in nanoseconds, as JMH secondary results.
 * <p>
 * {@code AuxCounters.Type.EVENTS} is used because JMH 1.37 reports an EVENTS field as it is (a {@code ScalarResult}
 * with unit {@code #}), in every mode, where {@code OPERATIONS} would divide it by the iteration time (and is dropped
 * altogether in {@code SingleShotTime} mode). So each iteration's line, and each entry of the JSON {@code rawData},
 * is that iteration's percentile in ns. The catch: EVENTS results are aggregated with {@code AggregationPolicy.SUM},
 * so the summary line at the end of a run, and the JSON {@code score}, is the <b>sum</b> over the measurement
 * iterations (and forks). Read the per-iteration values or the mean of {@code rawData} (as the suite's
 * {@code ResponseTimeReport} does), or divide the summary by {@link #iterations}, which is 1 per iteration and so sums
 * to their number.
 */
@AuxCounters(AuxCounters.Type.EVENTS)
@State(Scope.Thread)
public class LatencyPercentiles
{
    /**
     * Median response time in ns.
     */
    public long p50;

    /**
     * 99th percentile in ns.
     */
    public long p99;

    /**
     * 99.9th percentile in ns.
     */
    public long p999;

    /**
     * 99.99th percentile in ns.
     */
    public long p9999;

    /**
     * Largest response time in ns.
     */
    public long max;

    /**
     * Messages sent (and received) in the iteration; {@code gc.alloc.rate.norm} / messages is bytes per message.
     */
    public long messages;

    /**
     * Bytes the producer and the consumer threads allocated per message while the schedule ran (from the JVM's
     * per-thread allocation counters, so without the harness's own per-iteration allocation, which
     * {@code -prof gc} counts too and which its {@code gc.alloc.rate.norm}, per call here, spreads over the schedule).
     */
    public double allocatedBytesPerMessage;

    /**
     * Offers refused because the queue was full (each retried until accepted); 0 means the queue never filled.
     */
    public long refusedOffers;

    /**
     * 1 per iteration: the summary line sums it to the number of iterations, to turn the summed percentiles back
     * into a mean.
     */
    public long iterations;

    /**
     * Clear the previous iteration's figures.
     */
    @Setup(Level.Iteration)
    public void reset()
    {
        p50 = 0;
        p99 = 0;
        p999 = 0;
        p9999 = 0;
        max = 0;
        messages = 0;
        allocatedBytesPerMessage = 0;
        refusedOffers = 0;
        iterations = 0;
    }

    /**
     * Take the iteration's figures from its histogram (no allocation).
     *
     * @param histogram of the iteration, measured from the intended send times.
     * @param sent      messages sent in the iteration.
     * @param refused   offers refused in the iteration.
     * @param allocated bytes allocated by the producer and consumer threads during the schedule.
     */
    void capture(final Histogram histogram, final long sent, final long refused, final long allocated)
    {
        p50 = histogram.getValueAtPercentile(50.0);
        p99 = histogram.getValueAtPercentile(99.0);
        p999 = histogram.getValueAtPercentile(99.9);
        p9999 = histogram.getValueAtPercentile(99.99);
        max = histogram.getMaxValue();
        messages = sent;
        allocatedBytesPerMessage = sent == 0 ? 0.0 : (double)allocated / sent;
        refusedOffers = refused;
        iterations = 1;
    }
}
