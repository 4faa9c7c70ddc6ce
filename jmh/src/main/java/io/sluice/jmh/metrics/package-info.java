/**
 * What metrics cost the hot path: the channel throughput benchmark with metrics off (a plain channel) and on (wait-time
 * sampling of one message in 64 and a running {@code SluiceMetrics} publisher reading the channel), in the same run,
 * with the report that turns JMH's results into an on/off ratio with its error and bytes allocated per message.
 * {@code jmh/run-metrics-benchmarks.sh} runs both; its header lists the settings.
 */
package io.sluice.jmh.metrics;
