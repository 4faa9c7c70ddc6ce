package io.sluice.metrics.opentelemetry;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.exporter.logging.LoggingMetricExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.sluice.runtime.metrics.SluiceMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OtelExportTest
{
    @Test
    void shouldWriteEveryInstrumentToTheLogWhenLoggingIsChosen(@TempDir final Path dir)
    {
        final Logger logger = Logger.getLogger(LoggingMetricExporter.class.getName());
        final Level level = logger.getLevel();
        final List<String> lines = new CopyOnWriteArrayList<>();
        final SimpleFormatter formatter = new SimpleFormatter();
        final Handler handler = new Handler()
        {
            @Override
            public void publish(final LogRecord record)
            {
                lines.add(formatter.formatMessage(record));
            }

            @Override
            public void flush()
            {
            }

            @Override
            public void close()
            {
            }
        };
        final boolean parentHandlers = logger.getUseParentHandlers();
        logger.setLevel(Level.INFO);
        logger.setUseParentHandlers(false);
        logger.addHandler(handler);
        try (SluiceMetrics metrics = TestGraphs.metrics(dir))
        {
            // with a user agent, so that every instrument (agent ones too) has a point to log
            TestGraphs.runToEnd(
                TestGraphs.pipeline("logged", metrics, 1_000, TestGraphs.scriptedAgent("ticker", 1, 0)));
            metrics.publishNow();
            try (OpenTelemetrySdk sdk = OtelExport.sdk(OtelExporterKind.LOGGING, new OtelExportOptions());
                SluiceOpenTelemetry exported = SluiceOpenTelemetry.register(sdk, metrics))
            {
                assertEquals(metrics.file(), exported.file());
                assertTrue(lines.isEmpty(), "nothing exported before the first interval: " + lines);
                final CompletableResultCode flushed = sdk.getSdkMeterProvider().forceFlush().join(10, TimeUnit.SECONDS);
                assertTrue(flushed.isSuccess(), "flush did not succeed within 10 s");
                assertTrue(lines.stream().anyMatch((line) -> line.contains("name=sluice.edge.offered") &&
                    line.contains("logged")), "no sluice.edge.offered of graph logged in " + lines);
                assertEquals(OtelInstrument.all().size(), lines.stream().filter((line) -> line.contains("name=sluice."))
                    .count(), "one record per instrument");
            }
        }
        finally
        {
            logger.removeHandler(handler);
            logger.setUseParentHandlers(parentHandlers);
            logger.setLevel(level);
        }
    }

    @Test
    void shouldPostOtlpProtobufToTheConfiguredEndpoint(@TempDir final Path dir) throws IOException, InterruptedException
    {
        final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
        final HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", (exchange) ->
        {
            try (InputStream body = exchange.getRequestBody())
            {
                final String text = new String(body.readAllBytes(), StandardCharsets.ISO_8859_1);
                requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " " +
                    exchange.getRequestHeaders().getFirst("Content-Type") + " " +
                    exchange.getRequestHeaders().getFirst("X-Sluice-Test") + " " + text);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try (SluiceMetrics metrics = TestGraphs.metrics(dir))
        {
            TestGraphs.runToEnd(TestGraphs.pipeline("posted", metrics, 1_000));
            metrics.publishNow();
            final OtelExportOptions options = new OtelExportOptions()
                .endpoint("http://127.0.0.1:" + server.getAddress().getPort())
                .header("X-Sluice-Test", "yes")
                .serviceName("otlp-test");
            try (OpenTelemetrySdk sdk = OtelExport.sdk(OtelExporterKind.OTLP, options);
                SluiceOpenTelemetry exported = SluiceOpenTelemetry.register(sdk, metrics))
            {
                assertEquals(metrics.file(), exported.file());
                final CompletableResultCode flushed = sdk.getSdkMeterProvider().forceFlush().join(10, TimeUnit.SECONDS);
                assertTrue(flushed.isSuccess(), "export did not succeed within 10 s");
                final String request = requests.poll(10, TimeUnit.SECONDS);
                assertNotNull(request, "no request arrived within 10 s");
                assertTrue(request.startsWith("POST /v1/metrics application/x-protobuf yes "), request);
                // protobuf keeps strings as UTF-8 bytes: instrument names, attribute values, the resource
                assertTrue(request.contains("sluice.edge.offered"), "no sluice.edge.offered in the request");
                assertTrue(request.contains("posted"), "no graph name in the request");
                assertTrue(request.contains("otlp-test"), "no service name in the request");
            }
        }
        finally
        {
            server.stop(0);
        }
    }

    @Test
    void shouldSendWithTheJdkHttpClientWithoutOkHttpOrKotlin()
    {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("okhttp3.OkHttpClient"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("kotlin.Unit"));
        assertNotNull(OtelExport.exporter(OtelExporterKind.OTLP, new OtelExportOptions()));
    }

    @Test
    void shouldDefaultToLoopbackAndAppendTheMetricsPath()
    {
        assertEquals("http://127.0.0.1:4318/v1/metrics", new OtelExportOptions().metricsUrl());
        assertEquals("https://collector:4318/base/v1/metrics",
            new OtelExportOptions().endpoint("https://collector:4318/base/").metricsUrl());
        assertEquals("http://collector:4318/v1/metrics",
            new OtelExportOptions().endpoint("http://collector:4318/v1/metrics").metricsUrl());
        assertEquals(TimeUnit.SECONDS.toNanos(60), new OtelExportOptions().exportIntervalNs());
    }

    @Test
    void shouldNameTheSettingTheValueAndWhatIsAllowedInEveryError()
    {
        assertError("otel exporter: null is not allowed; one of otlp, logging", null, new OtelExportOptions());
        assertError("otel endpoint: 'ftp://host:21' is not allowed; an http:// or https:// URL",
            OtelExporterKind.OTLP, new OtelExportOptions().endpoint("ftp://host:21"));
        assertError("otel endpoint: 'localhost:4318' is not allowed", OtelExporterKind.OTLP,
            new OtelExportOptions().endpoint("localhost:4318"));
        assertError("otel endpoint: null is not allowed", OtelExporterKind.OTLP,
            new OtelExportOptions().endpoint(null));
        assertError("otel exportInterval: 10000000 ns is out of range; allowed 100 ms to 1 hour",
            OtelExporterKind.LOGGING, new OtelExportOptions().exportInterval(10, TimeUnit.MILLISECONDS));
        assertError("otel timeout: 600000000000 ns is out of range; allowed 100 ms to 5 minutes",
            OtelExporterKind.OTLP, new OtelExportOptions().timeout(10, TimeUnit.MINUTES));
        assertError("otel compression: 'zstd' is not allowed; one of none, gzip", OtelExporterKind.OTLP,
            new OtelExportOptions().compression("zstd"));
        assertError("otel header: name 'a b' is not allowed; an HTTP token", OtelExporterKind.OTLP,
            new OtelExportOptions().header("a b", "c"));
        assertError("otel header: value of X-Token is not allowed", OtelExporterKind.OTLP,
            new OtelExportOptions().header("X-Token", "a\r\nb"));
        assertError("otel serviceName: ' ' is not allowed", OtelExporterKind.OTLP,
            new OtelExportOptions().serviceName(" "));

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> OtelExporterKind.parse("zipkin"));
        assertEquals("otel exporter: 'zipkin' is not allowed; one of otlp, logging", ex.getMessage());
        assertEquals(OtelExporterKind.OTLP, OtelExporterKind.parse(" Otlp "));
        assertEquals(OtelExporterKind.LOGGING, OtelExporterKind.parse("logging"));
    }

    private static void assertError(final String expected, final OtelExporterKind kind, final OtelExportOptions options)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> OtelExport.meterProvider(kind, options).close());
        assertTrue(ex.getMessage().startsWith(expected), ex.getMessage());
    }
}
