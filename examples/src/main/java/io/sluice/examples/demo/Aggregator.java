package io.sluice.examples.demo;

import io.sluice.runtime.graph.Outbox;
import io.sluice.runtime.graph.StageHandler;

/**
 * The aggregator stage: keeps each sensor's minimum, maximum and exponentially weighted moving average (weight 1/64)
 * and sends every reading on with them. One sensor's readings arrive in order, so the statistics are exact.
 */
final class Aggregator implements StageHandler<Reading, Summary>
{
    private final int[] min;
    private final int[] max;
    private final long[] averageScaled;
    private final boolean[] seen;

    Aggregator(final int sensors)
    {
        min = new int[sensors];
        max = new int[sensors];
        averageScaled = new long[sensors];
        seen = new boolean[sensors];
    }

    @Override
    public void onMessage(final Reading reading, final Outbox<Summary> outbox)
    {
        final int s = reading.sensor;
        final int value = reading.milliDegrees;
        if (!seen[s])
        {
            seen[s] = true;
            min[s] = value;
            max[s] = value;
            averageScaled[s] = (long)value << 6;
        }
        else
        {
            min[s] = Math.min(min[s], value);
            max[s] = Math.max(max[s], value);
            averageScaled[s] += value - (averageScaled[s] >> 6);
        }
        outbox.emit(new Summary(s, reading.sequence, reading.createdNanos, value, min[s], max[s],
            (int)(averageScaled[s] >> 6)));
    }
}
