package io.sluice.metrics.prometheus;

import io.sluice.runtime.metrics.SluiceMetrics;

import java.nio.file.Path;

/**
 * Entry point of the Prometheus exporter: collectors that read a Sluice counters file on every scrape, for a
 * {@link io.prometheus.metrics.model.registry.PrometheusRegistry} of your own; {@link PrometheusEndpoint} serves one
 * over HTTP.
 * <pre>
 * // in the process that runs the graphs (or in any process of the same user that can read the file)
 * try (PrometheusEndpoint endpoint = PrometheusEndpoint.start(metrics, new PrometheusOptions().port(9400)))
 * {
 *     // scrape http://127.0.0.1:9400/metrics
 * }
 *
 * // or with a registry and server of your own
 * registry.register(SluicePrometheus.collector(Path.of("/dev/shm/sluice-app/1234/counters.dat")));
 * </pre>
 * <b>Names and labels.</b> Every {@link io.sluice.runtime.metrics.SluiceMetric} is exported under its
 * {@link io.sluice.runtime.metrics.SluiceMetric#prometheusName()}: {@code sluice_} prefix, base units (nanoseconds as
 * seconds, parts per million as ratios), {@code _total} on counters. Metrics of one family are one snapshot told apart
 * by the metric's own label ({@code sluice_edge_dropped_total{reason="newest"|"oldest"}},
 * {@code sluice_edge_delivered_total{source="memory"|"spill"}}); a distribution is one summary
 * ({@code sluice_edge_wait_seconds{quantile="0.5"|"0.99"|"0.999"}}, {@code _count}, {@code _sum}; its quantiles are
 * NaN where sampling is off). Descriptors are gauges ({@code sluice_graph_state}, {@code sluice_edge_capacity},
 * {@code sluice_stage_role}). Labels: {@code graph} on every series, {@code edge} and {@code policy} on edge series,
 * {@code stage} on stage series. {@value #UP} is 1 when the scrape read a live writer's file and 0 when the file is
 * missing or its writer has exited, in which case it is the only series.
 * <p>
 * <b>Note:</b> stateless; the collectors are thread-safe.
 */
public final class SluicePrometheus
{
    /**
     * Name of the gauge that says whether the scrape read a live writer's counters file (1) or not (0).
     */
    public static final String UP = "sluice_up";

    private SluicePrometheus()
    {
    }

    /**
     * A collector reading a counters file on every scrape. The file need not exist yet: until it does, scrapes report
     * {@value #UP} 0.
     *
     * @param countersFile the file a {@link SluiceMetrics} writes ({@link SluiceMetrics#file()}).
     * @return the collector, to register in a registry; close it to unmap the file.
     * @throws IllegalArgumentException if the path is null.
     */
    public static CountersFileCollector collector(final Path countersFile)
    {
        return new CountersFileCollector(countersFile);
    }

    /**
     * A collector reading the counters file of this process's metrics on every scrape.
     *
     * @param metrics the running metrics.
     * @return the collector, to register in a registry; close it to unmap the file.
     */
    public static CountersFileCollector collector(final SluiceMetrics metrics)
    {
        return new CountersFileCollector(metricsFile(metrics));
    }

    static Path metricsFile(final SluiceMetrics metrics)
    {
        if (null == metrics)
        {
            throw new IllegalArgumentException("prometheus metrics: null is not allowed; a started SluiceMetrics");
        }
        return metrics.file();
    }
}
