package io.sluice.examples.demo;

/**
 * What a sensor sends: its text line, as a device would ({@code "a,1234,21.375"}: sensor, sequence, degrees).
 * Allocated per reading: the demo shows flow, not allocation (the telemetry example shows zero-copy claim/commit).
 */
final class RawReading
{
    final long createdNanos;
    final String line;

    RawReading(final long createdNanos, final String line)
    {
        this.createdNanos = createdNanos;
        this.line = line;
    }
}
