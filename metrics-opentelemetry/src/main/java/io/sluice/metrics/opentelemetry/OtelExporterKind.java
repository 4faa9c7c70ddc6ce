package io.sluice.metrics.opentelemetry;

import java.util.Locale;

/**
 * Where {@link OtelExport} sends metrics. There is no default: nothing is sent anywhere unless one is chosen.
 */
public enum OtelExporterKind
{
    /**
     * OTLP over HTTP with protobuf bodies, POSTed to {@code <endpoint>/v1/metrics} by the JDK's HTTP client
     * ({@link OtelExportOptions#endpoint(String)}, by default {@value OtelExportOptions#DEFAULT_ENDPOINT}).
     */
    OTLP,

    /**
     * OpenTelemetry's logging exporter: every metric as one {@code java.util.logging} record at level INFO on the
     * logger {@code io.opentelemetry.exporter.logging.LoggingMetricExporter}. No network.
     */
    LOGGING;

    /**
     * The kind named by a setting, ignoring case, for command lines and configuration files.
     *
     * @param value {@code otlp} or {@code logging}.
     * @return the kind.
     * @throws IllegalArgumentException naming the setting, the value and the allowed values.
     */
    public static OtelExporterKind parse(final String value)
    {
        if (null != value)
        {
            for (final OtelExporterKind kind : values())
            {
                if (kind.name().equalsIgnoreCase(value.trim()))
                {
                    return kind;
                }
            }
        }
        throw new IllegalArgumentException("otel exporter: " + (null == value ? "null" : "'" + value + "'") +
            " is not allowed; one of " + allowed());
    }

    static String allowed()
    {
        final StringBuilder text = new StringBuilder();
        for (final OtelExporterKind kind : values())
        {
            if (text.length() > 0)
            {
                text.append(", ");
            }
            text.append(kind.name().toLowerCase(Locale.ROOT));
        }
        return text.toString();
    }
}
