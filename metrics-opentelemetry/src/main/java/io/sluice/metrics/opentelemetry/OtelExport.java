package io.sluice.metrics.opentelemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.exporter.logging.LoggingMetricExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporterBuilder;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;

import java.time.Duration;
import java.util.Map;

/**
 * A ready OpenTelemetry SDK for Sluice metrics: an {@link SdkMeterProvider} with a {@link PeriodicMetricReader} and
 * the exporter chosen, OTLP over HTTP (protobuf, sent by the JDK's own HTTP client, so neither OkHttp nor Kotlin is
 * needed) or the logging exporter.
 * <pre>
 * try (OpenTelemetrySdk sdk = OtelExport.sdk(OtelExporterKind.OTLP, new OtelExportOptions().serviceName("orders"));
 *     SluiceOpenTelemetry exported = SluiceOpenTelemetry.register(sdk, metrics))
 * {
 *     // every export interval: read the counters file, POST to http://127.0.0.1:4318/v1/metrics
 * }
 * </pre>
 * The SDK is not registered as {@code GlobalOpenTelemetry}, and nothing here reads environment variables: what is
 * sent, and where, is what the caller chose. An application with an SDK of its own registers
 * {@link SluiceOpenTelemetry} on that one instead (OTLP over gRPC, other exporters, views).
 */
public final class OtelExport
{
    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

    private OtelExport()
    {
    }

    /**
     * An OpenTelemetry SDK with only metrics configured. Closing it exports once more and stops the reader thread.
     *
     * @param kind    where metrics go.
     * @param options validated here.
     * @return the SDK; the caller closes it.
     * @throws IllegalArgumentException naming the setting at fault.
     */
    public static OpenTelemetrySdk sdk(final OtelExporterKind kind, final OtelExportOptions options)
    {
        return OpenTelemetrySdk.builder().setMeterProvider(meterProvider(kind, options)).build();
    }

    /**
     * A meter provider with a periodic reader and the chosen exporter.
     *
     * @param kind    where metrics go.
     * @param options validated here.
     * @return the provider; the caller closes it.
     * @throws IllegalArgumentException naming the setting at fault.
     */
    public static SdkMeterProvider meterProvider(final OtelExporterKind kind, final OtelExportOptions options)
    {
        final MetricExporter exporter = exporter(kind, options);
        final PeriodicMetricReader reader = PeriodicMetricReader.builder(exporter)
            .setInterval(Duration.ofNanos(options.exportIntervalNs()))
            .setExporterTimeout(Duration.ofNanos(options.timeoutNs()))
            .build();
        Resource resource = Resource.getDefault();
        if (null != options.serviceName())
        {
            resource = resource.merge(Resource.create(Attributes.of(SERVICE_NAME, options.serviceName())));
        }
        return SdkMeterProvider.builder().setResource(resource).registerMetricReader(reader).build();
    }

    /**
     * The exporter alone, for an SDK built by hand.
     *
     * @param kind    where metrics go.
     * @param options validated here.
     * @return the exporter.
     * @throws IllegalArgumentException naming the setting at fault.
     */
    public static MetricExporter exporter(final OtelExporterKind kind, final OtelExportOptions options)
    {
        if (null == kind)
        {
            throw new IllegalArgumentException("otel exporter: null is not allowed; one of " +
                OtelExporterKind.allowed());
        }
        if (null == options)
        {
            throw new IllegalArgumentException("otel options: null is not allowed; new OtelExportOptions()");
        }
        options.conclude();
        switch (kind)
        {
            case OTLP:
                final OtlpHttpMetricExporterBuilder builder = OtlpHttpMetricExporter.builder()
                    .setEndpoint(options.metricsUrl())
                    .setTimeout(Duration.ofNanos(options.timeoutNs()))
                    .setCompression(options.compression())
                    // the exporter's own telemetry stays off: it would otherwise reach for GlobalOpenTelemetry
                    .setMeterProvider(MeterProvider::noop);
                for (final Map.Entry<String, String> header : options.headers().entrySet())
                {
                    builder.addHeader(header.getKey(), header.getValue());
                }
                return builder.build();
            case LOGGING:
                return LoggingMetricExporter.create();
            default:
                throw new IllegalArgumentException("otel exporter: " + kind + " is not allowed; one of " +
                    OtelExporterKind.allowed());
        }
    }
}
