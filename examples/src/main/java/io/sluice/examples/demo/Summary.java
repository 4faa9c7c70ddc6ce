package io.sluice.examples.demo;

/**
 * What the aggregator sends to the store: the reading with its sensor's running minimum, maximum and moving average
 * (all in thousandths of a degree).
 */
final class Summary
{
    final int sensor;
    final long sequence;
    final long createdNanos;
    final int value;
    final int min;
    final int max;
    final int average;

    Summary(
        final int sensor,
        final long sequence,
        final long createdNanos,
        final int value,
        final int min,
        final int max,
        final int average)
    {
        this.sensor = sensor;
        this.sequence = sequence;
        this.createdNanos = createdNanos;
        this.value = value;
        this.min = min;
        this.max = max;
        this.average = average;
    }
}
