/**
 * Prometheus export, opt-in: a collector for the official Prometheus Java client that reads a Sluice counters file
 * on every scrape ({@link io.sluice.metrics.prometheus.CountersFileCollector}, made by
 * {@link io.sluice.metrics.prometheus.SluicePrometheus}), and an HTTP endpoint that serves it, bound to 127.0.0.1
 * unless configured otherwise ({@link io.sluice.metrics.prometheus.PrometheusEndpoint}). Nothing here is called by
 * channels or stages: the hot path writes its own counters and a publisher thread copies them into the file; the
 * exporter only reads that file, in the scraping thread.
 */
package io.sluice.metrics.prometheus;
