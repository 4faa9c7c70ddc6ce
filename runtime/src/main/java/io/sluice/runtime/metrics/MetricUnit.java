package io.sluice.runtime.metrics;

/**
 * The unit a counter's raw long value is kept in; exporters convert to their base units (Prometheus and
 * OpenTelemetry: seconds, plain ratios).
 */
public enum MetricUnit
{
    /**
     * A count of messages, cycles or events.
     */
    COUNT(1.0),

    /**
     * Nanoseconds; exported as seconds.
     */
    NANOSECONDS(1e-9),

    /**
     * Parts per million of a whole; exported as a ratio between 0 and 1.
     */
    PPM(1e-6),

    /**
     * 1 for true, 0 for false.
     */
    FLAG(1.0),

    /**
     * A small enumerated state (see the metric's description).
     */
    STATE(1.0);

    private final double toBase;

    MetricUnit(final double toBase)
    {
        this.toBase = toBase;
    }

    /**
     * Convert a raw value to the exporters' base unit.
     *
     * @param raw counter value.
     * @return the value in seconds, ratio or count.
     */
    public double toBase(final long raw)
    {
        return raw * toBase;
    }
}
