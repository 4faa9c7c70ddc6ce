package io.sluice.metrics.prometheus;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Settings of a {@link PrometheusEndpoint}: the address and port its HTTP server binds. Validated by
 * {@link PrometheusEndpoint#start(java.nio.file.Path, PrometheusOptions)}, whose errors name the setting, the value
 * and what is allowed ({@code prometheus port: 70000 is out of range; allowed 0 to 65535}).
 * <p>
 * Defaults: host {@value #LOOPBACK} (so nothing outside the machine can scrape unless an operator says so), port 0
 * (an ephemeral port, which {@link PrometheusEndpoint#port()} reports). An operator can change the defaults with the
 * system properties {@code sluice.prometheus.host} and {@code sluice.prometheus.port}. The Prometheus client's own
 * {@code io.prometheus.exporter.httpServer.port} property and {@code prometheus.properties} file are not read: these
 * options are the endpoint's only configuration.
 * <p>
 * <b>Note:</b> not thread-safe; configure on one thread, then start.
 */
public final class PrometheusOptions
{
    /**
     * The IPv4 loopback address, the default host.
     */
    public static final String LOOPBACK = "127.0.0.1";

    /**
     * Host bound unless set: {@code -Dsluice.prometheus.host}, else {@value #LOOPBACK}.
     */
    public static final String DEFAULT_HOST = System.getProperty("sluice.prometheus.host", LOOPBACK);

    /**
     * Port bound unless set: {@code -Dsluice.prometheus.port}, else 0 (ephemeral).
     */
    public static final int DEFAULT_PORT = Integer.getInteger("sluice.prometheus.port", 0);

    /**
     * Highest TCP port.
     */
    public static final int MAX_PORT = 65535;

    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;

    /**
     * Options with every default.
     */
    public PrometheusOptions()
    {
    }

    /**
     * The address to bind: an IP literal (no name lookup) or a host name, resolved when the endpoint starts.
     * {@code 0.0.0.0} or {@code ::} binds every interface, which lets other machines scrape.
     *
     * @param host for example {@code 127.0.0.1} (the default) or {@code 10.0.0.5}.
     * @return this.
     */
    public PrometheusOptions host(final String host)
    {
        this.host = host;
        return this;
    }

    /**
     * The address to bind.
     *
     * @return the host as set.
     */
    public String host()
    {
        return host;
    }

    /**
     * The TCP port to bind; 0 lets the system choose a free one.
     *
     * @param port 0 to 65535.
     * @return this.
     */
    public PrometheusOptions port(final int port)
    {
        this.port = port;
        return this;
    }

    /**
     * The TCP port to bind.
     *
     * @return the port as set (0 for ephemeral).
     */
    public int port()
    {
        return port;
    }

    void validate()
    {
        if (null == host || host.isBlank())
        {
            throw new IllegalArgumentException("prometheus host: " + (null == host ? "null" : "'" + host + "'") +
                " is not allowed; an IP address or host name to bind, such as " + LOOPBACK + " (the default)");
        }
        if (port < 0 || port > MAX_PORT)
        {
            throw new IllegalArgumentException(
                "prometheus port: " + port + " is out of range; allowed 0 to " + MAX_PORT);
        }
    }

    InetAddress bindAddress()
    {
        try
        {
            return InetAddress.getByName(host.trim());
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalArgumentException("prometheus host: '" + host +
                "' cannot be resolved; an IP address or a resolvable host name, such as " + LOOPBACK, ex);
        }
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return "PrometheusOptions{host=" + host + ", port=" + port + "}";
    }
}
