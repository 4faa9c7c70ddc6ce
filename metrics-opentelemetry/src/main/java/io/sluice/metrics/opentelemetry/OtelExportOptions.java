package io.sluice.metrics.opentelemetry;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Settings of the SDK {@link OtelExport} builds: where OTLP goes and how often metrics are collected and exported.
 * Validated by {@link #conclude()}, which {@link OtelExport} calls.
 * <p>
 * Defaults: endpoint {@value #DEFAULT_ENDPOINT} (loopback: OTLP reaches a collector on this host unless told
 * otherwise; it is used only when {@link OtelExporterKind#OTLP} is chosen), export every 60 s (OpenTelemetry's
 * default interval), a 10 s export timeout, no compression, no extra headers, and the SDK's default resource
 * ({@code service.name=unknown_service:java} unless {@link #serviceName(String)} is set).
 * <p>
 * <b>Note:</b> not thread-safe; configure on one thread, then hand over.
 */
public final class OtelExportOptions
{
    /**
     * The OTLP/HTTP endpoint unless set: a collector on this host, OTLP/HTTP's port.
     */
    public static final String DEFAULT_ENDPOINT = "http://127.0.0.1:4318";

    /**
     * The path OTLP/HTTP metrics go to under the endpoint.
     */
    public static final String METRICS_PATH = "/v1/metrics";

    /**
     * Export interval unless set, in milliseconds.
     */
    public static final long DEFAULT_EXPORT_INTERVAL_MS = 60_000;

    /**
     * Export timeout unless set, in milliseconds.
     */
    public static final long DEFAULT_TIMEOUT_MS = 10_000;

    /**
     * Shortest export interval and timeout, in milliseconds.
     */
    public static final long MIN_INTERVAL_MS = 100;

    private static final long MAX_EXPORT_INTERVAL_MS = TimeUnit.HOURS.toMillis(1);
    private static final long MAX_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(5);
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private String endpoint = DEFAULT_ENDPOINT;
    private long exportIntervalNs = TimeUnit.MILLISECONDS.toNanos(DEFAULT_EXPORT_INTERVAL_MS);
    private long timeoutNs = TimeUnit.MILLISECONDS.toNanos(DEFAULT_TIMEOUT_MS);
    private String compression = "none";
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String serviceName;

    /**
     * Options with every default.
     */
    public OtelExportOptions()
    {
    }

    /**
     * The OTLP/HTTP endpoint, as {@code OTEL_EXPORTER_OTLP_ENDPOINT} spells it: the base URL, to which
     * {@value #METRICS_PATH} is appended (a URL already ending in {@value #METRICS_PATH} is used as it is).
     *
     * @param endpoint an {@code http://} or {@code https://} URL with a host, e.g. {@code http://collector:4318}.
     * @return this.
     */
    public OtelExportOptions endpoint(final String endpoint)
    {
        this.endpoint = endpoint;
        return this;
    }

    /**
     * How often the SDK collects (reads the counters file) and exports.
     *
     * @param interval 100 ms to 1 hour.
     * @param unit     of the interval.
     * @return this.
     */
    public OtelExportOptions exportInterval(final long interval, final TimeUnit unit)
    {
        this.exportIntervalNs = unit.toNanos(interval);
        return this;
    }

    /**
     * How long one export may take before it is abandoned.
     *
     * @param timeout 100 ms to 5 minutes.
     * @param unit    of the timeout.
     * @return this.
     */
    public OtelExportOptions timeout(final long timeout, final TimeUnit unit)
    {
        this.timeoutNs = unit.toNanos(timeout);
        return this;
    }

    /**
     * Compression of OTLP request bodies.
     *
     * @param compression {@code none} or {@code gzip}.
     * @return this.
     */
    public OtelExportOptions compression(final String compression)
    {
        this.compression = compression;
        return this;
    }

    /**
     * Add a header to every OTLP request, e.g. the collector's authorisation.
     *
     * @param name  an HTTP header name.
     * @param value its value, on one line.
     * @return this.
     */
    public OtelExportOptions header(final String name, final String value)
    {
        headers.put(name, value);
        return this;
    }

    /**
     * The {@code service.name} resource attribute of everything exported.
     *
     * @param serviceName a non-blank name; null for the SDK's default.
     * @return this.
     */
    public OtelExportOptions serviceName(final String serviceName)
    {
        this.serviceName = serviceName;
        return this;
    }

    /**
     * The endpoint as set.
     *
     * @return the base URL.
     */
    public String endpoint()
    {
        return endpoint;
    }

    /**
     * The URL metrics are POSTed to: the endpoint with {@value #METRICS_PATH}.
     *
     * @return the URL.
     */
    public String metricsUrl()
    {
        final String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        return base.endsWith(METRICS_PATH) ? base : base + METRICS_PATH;
    }

    /**
     * The export interval in effect.
     *
     * @return nanoseconds.
     */
    public long exportIntervalNs()
    {
        return exportIntervalNs;
    }

    /**
     * The export timeout in effect.
     *
     * @return nanoseconds.
     */
    public long timeoutNs()
    {
        return timeoutNs;
    }

    /**
     * The compression in effect.
     *
     * @return {@code none} or {@code gzip}.
     */
    public String compression()
    {
        return compression;
    }

    /**
     * The extra OTLP headers.
     *
     * @return name to value, in the order added.
     */
    public Map<String, String> headers()
    {
        return Collections.unmodifiableMap(headers);
    }

    /**
     * The service name set.
     *
     * @return the name, or null for the SDK's default.
     */
    public String serviceName()
    {
        return serviceName;
    }

    /**
     * Check every setting.
     *
     * @return this.
     * @throws IllegalArgumentException naming the setting, the value and what is allowed.
     */
    public OtelExportOptions conclude()
    {
        checkEndpoint();
        final long minNs = TimeUnit.MILLISECONDS.toNanos(MIN_INTERVAL_MS);
        if (exportIntervalNs < minNs || exportIntervalNs > TimeUnit.MILLISECONDS.toNanos(MAX_EXPORT_INTERVAL_MS))
        {
            throw new IllegalArgumentException("otel exportInterval: " + exportIntervalNs +
                " ns is out of range; allowed 100 ms to 1 hour");
        }
        if (timeoutNs < minNs || timeoutNs > TimeUnit.MILLISECONDS.toNanos(MAX_TIMEOUT_MS))
        {
            throw new IllegalArgumentException("otel timeout: " + timeoutNs +
                " ns is out of range; allowed 100 ms to 5 minutes");
        }
        if (!"none".equals(compression) && !"gzip".equals(compression))
        {
            throw new IllegalArgumentException("otel compression: " + quote(compression) +
                " is not allowed; one of none, gzip");
        }
        for (final Map.Entry<String, String> header : headers.entrySet())
        {
            if (null == header.getKey() || !TOKEN.matcher(header.getKey()).matches())
            {
                throw new IllegalArgumentException("otel header: name " + quote(header.getKey()) +
                    " is not allowed; an HTTP token: letters, digits and !#$%&'*+-.^_`|~");
            }
            final String value = header.getValue();
            if (null == value || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0)
            {
                throw new IllegalArgumentException("otel header: value of " + header.getKey() +
                    " is not allowed; a non-null value without CR, LF or NUL");
            }
        }
        if (null != serviceName && serviceName.isBlank())
        {
            throw new IllegalArgumentException("otel serviceName: " + quote(serviceName) +
                " is not allowed; a non-blank name, or null for the SDK's default");
        }
        return this;
    }

    private void checkEndpoint()
    {
        final String allowed = " is not allowed; an http:// or https:// URL with a host and no query or fragment, " +
            "such as " + DEFAULT_ENDPOINT;
        if (null == endpoint)
        {
            throw new IllegalArgumentException("otel endpoint: null" + allowed);
        }
        final URI uri;
        try
        {
            uri = new URI(endpoint);
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalArgumentException("otel endpoint: " + quote(endpoint) + allowed, ex);
        }
        if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) ||
            null == uri.getHost() || null != uri.getRawQuery() || null != uri.getRawFragment())
        {
            throw new IllegalArgumentException("otel endpoint: " + quote(endpoint) + allowed);
        }
    }

    private static String quote(final String value)
    {
        return null == value ? "null" : "'" + value + "'";
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return "OtelExportOptions{endpoint=" + endpoint + ", exportIntervalNs=" + exportIntervalNs + ", timeoutNs=" +
            timeoutNs + ", compression=" + compression + ", headers=" + headers.keySet() + ", serviceName=" +
            serviceName + "}";
    }
}
