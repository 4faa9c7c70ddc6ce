package io.sluice.runtime.metrics;

import io.sluice.queues.channel.WaitTimeRecorder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A latency distribution with one writer (a channel's consumer or a stage's thread) and one reader (the metrics
 * publisher): HdrHistogram's {@link SingleWriterRecorder}, wait-free and allocation-free to record, plus an exact
 * count and sum of the samples. Values above the highest trackable value are clamped to it in the histogram (and
 * so still counted); the sum adds the measured value, with a negative one (a clock that stepped back) as 0.
 * <p>
 * {@link #record} stores the count before the sum, each with release semantics, so a reader that wants the two to
 * agree reads {@link #sum()} first and then {@link #count()}: the count then covers every sample in the sum (it may
 * include one more whose sum is not stored yet). The metrics publisher reads them in that order.
 */
public final class LatencyRecorder implements WaitTimeRecorder
{
    private static final VarHandle COUNT;
    private static final VarHandle SUM;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            COUNT = lookup.findVarHandle(LatencyRecorder.class, "count", long.class);
            SUM = lookup.findVarHandle(LatencyRecorder.class, "sum", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final SingleWriterRecorder recorder;
    private final long highestTrackableNanos;
    private final int sampleInterval;
    private long count;
    private long sum;

    /**
     * A recorder.
     *
     * @param highestTrackableNanos       largest value kept exactly; larger ones are clamped.
     * @param significantDigits           precision of the histogram (1 to 5).
     * @param sampleInterval              how often the writer samples (1 = every message); kept for readers.
     */
    public LatencyRecorder(final long highestTrackableNanos, final int significantDigits, final int sampleInterval)
    {
        this.recorder = new SingleWriterRecorder(1, highestTrackableNanos, significantDigits);
        this.highestTrackableNanos = highestTrackableNanos;
        this.sampleInterval = sampleInterval;
    }

    /**
     * How often the writer samples: one message in this many.
     *
     * @return the sample interval.
     */
    public int sampleInterval()
    {
        return sampleInterval;
    }

    /**
     * Record a sample (writer thread only).
     *
     * @param nanos the latency.
     */
    public void record(final long nanos)
    {
        final long value = nanos < 1 ? 1 : Math.min(nanos, highestTrackableNanos);
        recorder.recordValue(value);
        COUNT.setRelease(this, count + 1);
        SUM.setRelease(this, sum + Math.max(nanos, 0L));
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void recordWaitTime(final long nanos)
    {
        record(nanos);
    }

    /**
     * Samples recorded since creation (any thread).
     *
     * @return the count.
     */
    public long count()
    {
        return (long)COUNT.getAcquire(this);
    }

    /**
     * Sum of the samples recorded since creation, in nanoseconds (any thread).
     *
     * @return the sum.
     */
    public long sum()
    {
        return (long)SUM.getAcquire(this);
    }

    /**
     * The samples recorded since the last call (reader thread only; allocation-free when a histogram from an earlier
     * call is passed back).
     *
     * @param recycle a histogram returned by an earlier call, or null.
     * @return the interval histogram.
     */
    public Histogram interval(final Histogram recycle)
    {
        return recorder.getIntervalHistogram(recycle);
    }
}
