package io.sluice.metrics.prometheus;

import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.runtime.metrics.SluiceMetrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP endpoint serving a Sluice counters file to Prometheus: the Prometheus Java client's {@link HTTPServer}
 * over a registry of its own that holds one {@link CountersFileCollector}, so every scrape of {@code /metrics} reads
 * the file afresh (see {@link SluicePrometheus} for names and labels). The server also answers {@code /-/healthy}.
 * <pre>
 * try (PrometheusEndpoint endpoint = PrometheusEndpoint.start(metrics.file(), new PrometheusOptions().port(9400)))
 * {
 *     System.out.println("scrape " + endpoint.uri());   // http://127.0.0.1:9400/metrics
 * }
 * </pre>
 * It binds {@value PrometheusOptions#LOOPBACK} unless {@link PrometheusOptions#host(String)} says otherwise, on the
 * configured port or, with port 0, an ephemeral one that {@link #port()} reports. Requests are served by one daemon
 * thread ({@code sluice-prometheus}); nothing here runs on a channel's or stage's thread. The endpoint outlives the
 * writer: while the file is missing or its writer has exited, scrapes answer {@code sluice_up 0}, and the file is read
 * again once a writer (re)creates it.
 * <p>
 * <b>Note:</b> thread-safe; {@link #close()} is idempotent.
 */
public final class PrometheusEndpoint implements AutoCloseable
{
    /**
     * Path of the metrics page.
     */
    public static final String METRICS_PATH = "/metrics";

    private static final String THREAD_NAME = "sluice-prometheus";

    private final CountersFileCollector collector;
    private final PrometheusRegistry registry;
    private final HTTPServer server;
    private final InetSocketAddress address;
    private boolean closed;

    private PrometheusEndpoint(
        final CountersFileCollector collector,
        final PrometheusRegistry registry,
        final HTTPServer server,
        final InetSocketAddress address)
    {
        this.collector = collector;
        this.registry = registry;
        this.server = server;
        this.address = address;
    }

    /**
     * Serve a counters file with the default options: {@value PrometheusOptions#LOOPBACK}, an ephemeral port.
     *
     * @param countersFile the file to read on every scrape; it need not exist yet.
     * @return the running endpoint.
     * @throws IllegalArgumentException naming the setting at fault.
     * @throws UncheckedIOException     if the address cannot be bound (for example the port is in use).
     */
    public static PrometheusEndpoint start(final Path countersFile)
    {
        return start(countersFile, new PrometheusOptions());
    }

    /**
     * Serve the counters file of this process's metrics.
     *
     * @param metrics the running metrics ({@link SluiceMetrics#file()} is served).
     * @param options host and port; validated here.
     * @return the running endpoint.
     * @throws IllegalArgumentException naming the setting at fault.
     * @throws UncheckedIOException     if the address cannot be bound (for example the port is in use).
     */
    public static PrometheusEndpoint start(final SluiceMetrics metrics, final PrometheusOptions options)
    {
        return start(SluicePrometheus.metricsFile(metrics), options);
    }

    /**
     * Serve a counters file.
     *
     * @param countersFile the file to read on every scrape; it need not exist yet.
     * @param options      host and port; validated here.
     * @return the running endpoint.
     * @throws IllegalArgumentException naming the setting at fault.
     * @throws UncheckedIOException     if the address cannot be bound (for example the port is in use).
     */
    public static PrometheusEndpoint start(final Path countersFile, final PrometheusOptions options)
    {
        if (null == options)
        {
            throw new IllegalArgumentException("prometheus options: null is not allowed; new PrometheusOptions()");
        }
        options.validate();
        final CountersFileCollector collector = new CountersFileCollector(countersFile);
        final InetAddress bind = options.bindAddress();
        final PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(collector);

        final ExecutorService executor = Executors.newSingleThreadExecutor(runnable ->
        {
            final Thread thread = new Thread(runnable, THREAD_NAME);
            thread.setDaemon(true);
            return thread;
        });
        final HTTPServer server;
        try
        {
            // client defaults, not PrometheusProperties.get(): its httpServer.port property would override ours
            server = HTTPServer.builder(PrometheusProperties.builder().build())
                .inetAddress(bind)
                .port(options.port())
                .registry(registry)
                .executorService(executor)
                .buildAndStart();
        }
        catch (final IOException ex)
        {
            executor.shutdownNow();
            collector.close();
            throw new UncheckedIOException("prometheus endpoint: cannot bind " + hostPort(bind, options.port()) + ": " +
                ex.getMessage() + "; choose another port, or 0 for an ephemeral one", ex);
        }
        catch (final RuntimeException ex)
        {
            executor.shutdownNow();
            collector.close();
            throw ex;
        }
        return new PrometheusEndpoint(collector, registry, server, new InetSocketAddress(bind, server.getPort()));
    }

    private static String hostPort(final InetAddress address, final int port)
    {
        final String host = address.getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * The port bound, which is the ephemeral one the system chose when the options said 0.
     *
     * @return the port.
     */
    public int port()
    {
        return address.getPort();
    }

    /**
     * The address and port bound.
     *
     * @return the socket address.
     */
    public InetSocketAddress address()
    {
        return address;
    }

    /**
     * The URI to scrape.
     *
     * @return for example {@code http://127.0.0.1:9400/metrics}.
     */
    public URI uri()
    {
        try
        {
            return new URI("http", null, address.getAddress().getHostAddress(), address.getPort(), METRICS_PATH,
                null, null);
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalStateException("prometheus endpoint: no URI for " + address, ex);
        }
    }

    /**
     * The counters file served.
     *
     * @return its path.
     */
    public Path file()
    {
        return collector.file();
    }

    /**
     * The collector, for {@link CountersFileCollector#isUp()}.
     *
     * @return the collector.
     */
    public CountersFileCollector collector()
    {
        return collector;
    }

    /**
     * The endpoint's own registry, holding only the collector; register more collectors here to serve them too.
     *
     * @return the registry.
     */
    public PrometheusRegistry registry()
    {
        return registry;
    }

    /**
     * Stop the HTTP server and unmap the counters file. A scrape in progress finishes first: the collector unmaps
     * under the lock its scrapes hold.
     */
    @Override
    public void close()
    {
        synchronized (this)
        {
            if (closed)
            {
                return;
            }
            closed = true;
        }
        server.close();
        collector.close();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return "PrometheusEndpoint{" + uri() + ", file=" + collector.file() + "}";
    }
}
