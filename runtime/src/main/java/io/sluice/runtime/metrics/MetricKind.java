package io.sluice.runtime.metrics;

/**
 * How a counter's value behaves, which decides how exporters present it.
 */
public enum MetricKind
{
    /**
     * Monotonic total since the entity was registered (Prometheus counter, OpenTelemetry sum).
     */
    COUNTER,

    /**
     * A value that goes up and down (Prometheus and OpenTelemetry gauge).
     */
    GAUGE,

    /**
     * One quantile of a sampled distribution over the last histogram window; the metric's {@code quantile()} says
     * which. Exporters group a family's quantiles with its {@link #SUMMARY_COUNT} and {@link #SUMMARY_SUM} into one
     * summary.
     */
    QUANTILE,

    /**
     * The number of samples recorded into a distribution since registration.
     */
    SUMMARY_COUNT,

    /**
     * The sum of the samples recorded into a distribution since registration.
     */
    SUMMARY_SUM,

    /**
     * The entity's descriptor: its value is a small attribute (state or capacity) and its label carries the
     * entity's attributes (see {@link CounterLabels}).
     */
    INFO
}
