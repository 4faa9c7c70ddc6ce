/**
 * Opt-in OpenTelemetry export of Sluice metrics: asynchronous instruments of the OpenTelemetry SDK that read a
 * Sluice counters file once per collection ({@link io.sluice.metrics.opentelemetry.SluiceOpenTelemetry}), named
 * and typed from the one list of metrics ({@link io.sluice.metrics.opentelemetry.OtelInstrument}), and a small
 * factory for an SDK that exports them over OTLP/HTTP or to the log
 * ({@link io.sluice.metrics.opentelemetry.OtelExport}). Nothing here runs on the hot path: the runtime's publisher
 * fills the file, and the SDK's collection reads it.
 */
package io.sluice.metrics.opentelemetry;
