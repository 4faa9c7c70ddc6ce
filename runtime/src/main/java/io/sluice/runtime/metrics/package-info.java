/**
 * Observability: a counters file any process can read (Agrona counters over a memory-mapped file), the publisher
 * that fills it from channels and stages, sampled wait-time and service-time histograms, and the reader that
 * exporters and {@code sluice stat} use.
 */
package io.sluice.runtime.metrics;
