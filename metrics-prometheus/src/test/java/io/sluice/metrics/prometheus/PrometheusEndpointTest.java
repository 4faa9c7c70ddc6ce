package io.sluice.metrics.prometheus;

import io.sluice.queues.channel.ChannelCounters;
import io.sluice.runtime.graph.Graph;
import io.sluice.runtime.graph.StageCounters;
import io.sluice.runtime.metrics.MetricKind;
import io.sluice.runtime.metrics.MetricScope;
import io.sluice.runtime.metrics.MetricsOptions;
import io.sluice.runtime.metrics.SluiceMetric;
import io.sluice.runtime.metrics.SluiceMetrics;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.sluice.metrics.prometheus.Exposition.labels;
import static io.sluice.metrics.prometheus.Exposition.with;
import static io.sluice.metrics.prometheus.TestGraphs.FIRST_EDGE;
import static io.sluice.metrics.prometheus.TestGraphs.SECOND_EDGE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class PrometheusEndpointTest
{
    private static final int TOTAL = 20_000;
    private static final String GRAPH = "telemetry";
    private static final Set<String> LOOPBACK_LISTENERS = Set.of("0100007F", "0000000000000000FFFF00000100007F");

    @Test
    void shouldServeEveryMetricOfEveryEntityUnderItsPrometheusName(@TempDir final Path dir) throws Exception
    {
        try (SluiceMetrics metrics = SluiceMetrics.start(TestGraphs.options(dir));
            Graph graph = TestGraphs.pipeline(GRAPH, metrics, TOTAL);
            PrometheusEndpoint endpoint = PrometheusEndpoint.start(metrics, new PrometheusOptions()))
        {
            TestGraphs.runToEnd(graph);
            metrics.publishNow();
            final Exposition exposition = Exposition.parse(scrape(endpoint));

            assertEquals(1.0, exposition.value(SluicePrometheus.UP, labels()));
            assertEquals("gauge", exposition.types.get(SluicePrometheus.UP));
            int series = 0;
            for (final SluiceMetric metric : SluiceMetric.of(MetricScope.GRAPH))
            {
                series += assertSeries(exposition, metric, labels("graph", GRAPH));
            }
            assertEquals(2, graph.edgeNames().size());
            for (final String edge : graph.edgeNames())
            {
                final Map<String, String> base =
                    labels("graph", GRAPH, "edge", edge, "policy", graph.channel(edge).policy().name());
                for (final SluiceMetric metric : SluiceMetric.of(MetricScope.EDGE))
                {
                    series += assertSeries(exposition, metric, base);
                }
            }
            assertEquals(3, graph.stageNames().size());
            for (final String stage : graph.stageNames())
            {
                for (final SluiceMetric metric : SluiceMetric.of(MetricScope.STAGE))
                {
                    series += assertSeries(exposition, metric, labels("graph", GRAPH, "stage", stage));
                }
            }
            assertEquals(1 + series, exposition.samples.size(), "no series beyond sluice_up and SluiceMetric's");
        }
    }

    @Test
    void shouldServeWhatTheGraphReports(@TempDir final Path dir) throws Exception
    {
        try (SluiceMetrics metrics = SluiceMetrics.start(TestGraphs.options(dir));
            Graph graph = TestGraphs.pipeline(GRAPH, metrics, TOTAL);
            PrometheusEndpoint endpoint = PrometheusEndpoint.start(metrics.file(), new PrometheusOptions()))
        {
            TestGraphs.runToEnd(graph);
            metrics.publishNow();
            final Exposition exposition = Exposition.parse(scrape(endpoint));

            final ChannelCounters first = graph.edgeCounters(FIRST_EDGE, new ChannelCounters());
            final Map<String, String> firstEdge = labels("graph", GRAPH, "edge", FIRST_EDGE, "policy", "BLOCK");
            assertEquals(TOTAL, first.offered());
            assertEquals(first.offered(), exposition.value("sluice_edge_offered_total", firstEdge));
            assertEquals(first.accepted(), exposition.value("sluice_edge_accepted_total", firstEdge));
            assertEquals(first.deliveredFromMemory(),
                exposition.value("sluice_edge_delivered_total", with(firstEdge, "source", "memory")));
            assertEquals(0.0, exposition.value("sluice_edge_delivered_total", with(firstEdge, "source", "spill")));
            assertEquals(first.unwritableCount(), exposition.value("sluice_edge_unwritable_episodes_total", firstEdge));
            assertEquals(first.unwritableNanos() / 1e9,
                exposition.value("sluice_edge_unwritable_seconds_total", firstEdge), 1e-12);
            assertEquals(64.0, exposition.value("sluice_edge_capacity", firstEdge));
            assertEquals(48.0, exposition.value("sluice_edge_high_water_mark", firstEdge));
            assertEquals(16.0, exposition.value("sluice_edge_low_water_mark", firstEdge));
            assertEquals(0.0, exposition.value("sluice_edge_depth", firstEdge));
            assertEquals(first.delivered(), exposition.value("sluice_edge_wait_seconds_count", firstEdge),
                "one message in one sampled");
            assertTrue(exposition.value("sluice_edge_wait_seconds_sum", firstEdge) > 0.0);

            final ChannelCounters second = graph.edgeCounters(SECOND_EDGE, new ChannelCounters());
            final Map<String, String> secondEdge =
                labels("graph", GRAPH, "edge", SECOND_EDGE, "policy", "DROP_NEWEST");
            assertEquals(second.offered(), exposition.value("sluice_edge_offered_total", secondEdge));
            assertEquals(second.droppedNewest(),
                exposition.value("sluice_edge_dropped_total", with(secondEdge, "reason", "newest")));
            assertEquals(second.droppedOldest(),
                exposition.value("sluice_edge_dropped_total", with(secondEdge, "reason", "oldest")));
            assertEquals(128.0, exposition.value("sluice_edge_capacity", secondEdge));

            final StageCounters parser = graph.stageCounters("parser", new StageCounters());
            final Map<String, String> stage = labels("graph", GRAPH, "stage", "parser");
            assertEquals(TOTAL, parser.succeeded());
            assertEquals(parser.received(), exposition.value("sluice_stage_received_total", stage));
            assertEquals(parser.succeeded(), exposition.value("sluice_stage_succeeded_total", stage));
            assertEquals(parser.emitted(), exposition.value("sluice_stage_emitted_total", stage));
            assertEquals(1.0, exposition.value("sluice_stage_role", stage), "0 source, 1 stage, 2 sink");
            assertEquals(1.0, exposition.value("sluice_stage_done", stage));
            assertEquals(-1.0, exposition.value("sluice_stage_breaker_state", stage));
            assertEquals(parser.received(), exposition.value("sluice_stage_service_seconds_count", stage));
            assertEquals(1.0, exposition.value("sluice_graph_state", labels("graph", GRAPH)), "running");
        }
    }

    @Test
    void shouldServeOpenMetricsWhenAsked(@TempDir final Path dir) throws Exception
    {
        try (SluiceMetrics metrics = SluiceMetrics.start(TestGraphs.options(dir));
            PrometheusEndpoint endpoint = PrometheusEndpoint.start(metrics, new PrometheusOptions()))
        {
            TestGraphs.pipeline(GRAPH, metrics, 1);
            final HttpResponse<String> response = client().send(HttpRequest.newBuilder(endpoint.uri())
                .header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8")
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            final String body = response.body();
            assertTrue(response.headers().firstValue("Content-Type").orElse("")
                .startsWith("application/openmetrics-text"), response.headers().toString());
            assertTrue(body.contains("# TYPE sluice_edge_wait_seconds summary\n" +
                "# UNIT sluice_edge_wait_seconds seconds\n"), body);
            assertTrue(body.contains("# TYPE sluice_edge_offered counter\n"), body);
            assertTrue(body.contains("\nsluice_edge_offered_total{edge=\"" + FIRST_EDGE + "\",graph=\"" + GRAPH +
                "\",policy=\"BLOCK\"} 0.0\n"), body);
            assertTrue(body.endsWith("# EOF\n"), body);
        }
    }

    @Test
    void shouldPassPromtoolCheckMetrics(@TempDir final Path dir) throws Exception
    {
        final Path promtool = promtool();
        if (null == promtool)
        {
            if ("true".equals(System.getenv("CI")))
            {
                fail("promtool is not on the PATH: .ci/run must install it (Debian package prometheus) before the " +
                    "tests run");
            }
            Assumptions.assumeTrue(false, "promtool is not on the PATH; install the Debian package prometheus " +
                "(apt-get install prometheus) to check the exposition with it");
        }
        try (PrometheusEndpoint endpoint = PrometheusEndpoint.start(dir.resolve(MetricsOptions.DEFAULT_FILE_NAME)))
        {
            try (SluiceMetrics metrics = SluiceMetrics.start(TestGraphs.options(dir));
                Graph graph = TestGraphs.pipeline(GRAPH, metrics, TOTAL))
            {
                TestGraphs.runToEnd(graph);
                metrics.publishNow();
                final String running = scrape(endpoint);
                assertTrue(running.contains("sluice_edge_dropped_total{"), running);
                assertPromtoolAccepts(promtool, running, dir.resolve("running.txt"));
            }
            final String down = scrape(endpoint);
            assertEquals(List.of(SluicePrometheus.UP), names(Exposition.parse(down)), down);
            assertPromtoolAccepts(promtool, down, dir.resolve("down.txt"));
        }
    }

    @Test
    void shouldBindLoopbackOnAnEphemeralPortByDefault(@TempDir final Path dir) throws Exception
    {
        try (PrometheusEndpoint endpoint = PrometheusEndpoint.start(dir.resolve("counters.dat")))
        {
            assertEquals("127.0.0.1", endpoint.address().getAddress().getHostAddress());
            assertNotEquals(0, endpoint.port());
            assertEquals("http://127.0.0.1:" + endpoint.port() + "/metrics", endpoint.uri().toString());

            final List<String> listeners = listeners(endpoint.port());
            if (Files.isReadable(Paths.get("/proc/net/tcp")))
            {
                assertFalse(listeners.isEmpty(), "no listening socket on port " + endpoint.port());
                for (final String address : listeners)
                {
                    assertTrue(LOOPBACK_LISTENERS.contains(address), "listening on " + address + ", not 127.0.0.1");
                }
            }

            final Exposition exposition = Exposition.parse(scrape(endpoint));
            assertEquals(0.0, exposition.value(SluicePrometheus.UP, labels()));
        }
    }

    @Test
    void shouldBindTheConfiguredHostAndPort(@TempDir final Path dir) throws Exception
    {
        final int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1")))
        {
            port = probe.getLocalPort();
        }
        try (PrometheusEndpoint endpoint = PrometheusEndpoint.start(
            dir.resolve("counters.dat"), new PrometheusOptions().host("127.0.0.1").port(port)))
        {
            assertEquals(port, endpoint.port());
            assertEquals("127.0.0.1", endpoint.address().getAddress().getHostAddress());
            assertTrue(scrape(endpoint).contains(SluicePrometheus.UP + " 0"));
        }
    }

    @Test
    void shouldReportAPortInUseWithTheAddress(@TempDir final Path dir) throws Exception
    {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1")))
        {
            final int port = taken.getLocalPort();
            final UncheckedIOException ex = assertThrows(UncheckedIOException.class, () -> PrometheusEndpoint.start(
                dir.resolve("counters.dat"), new PrometheusOptions().port(port)));
            assertTrue(ex.getMessage().startsWith("prometheus endpoint: cannot bind 127.0.0.1:" + port + ": "),
                ex.getMessage());
        }
    }

    @Test
    void shouldRejectBadOptionsNamingSettingValueAndRange(@TempDir final Path dir)
    {
        final Path file = dir.resolve("counters.dat");
        assertRejected("prometheus port: 70000 is out of range; allowed 0 to 65535",
            () -> PrometheusEndpoint.start(file, new PrometheusOptions().port(70000)));
        assertRejected("prometheus port: -1 is out of range; allowed 0 to 65535",
            () -> PrometheusEndpoint.start(file, new PrometheusOptions().port(-1)));
        assertRejected("prometheus host: '' is not allowed; an IP address or host name to bind",
            () -> PrometheusEndpoint.start(file, new PrometheusOptions().host("")));
        assertRejected("prometheus host: null is not allowed",
            () -> PrometheusEndpoint.start(file, new PrometheusOptions().host(null)));
        assertRejected("prometheus countersFile: null is not allowed",
            () -> PrometheusEndpoint.start((Path)null, new PrometheusOptions()));
        assertRejected("prometheus options: null is not allowed",
            () -> PrometheusEndpoint.start(file, null));
        assertRejected("prometheus metrics: null is not allowed",
            () -> PrometheusEndpoint.start((SluiceMetrics)null, new PrometheusOptions()));
        assertRejected("prometheus countersFile: null is not allowed",
            () -> SluicePrometheus.collector((Path)null));
    }

    private static void assertRejected(final String expected, final Runnable start)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, start::run);
        assertTrue(ex.getMessage().startsWith(expected), ex.getMessage());
    }

    /**
     * Assert the series of one metric is served under its Prometheus name, with its family's TYPE and HELP.
     *
     * @return 1, the series counted.
     */
    private static int assertSeries(
        final Exposition exposition, final SluiceMetric metric, final Map<String, String> base)
    {
        final String name;
        final Map<String, String> labels;
        final String type;
        switch (metric.kind())
        {
            case QUANTILE:
                name = metric.family();
                labels = with(base, "quantile", metric.labelValue());
                type = "summary";
                break;
            case SUMMARY_COUNT:
                name = summaryFamily(metric) + "_count";
                labels = base;
                type = "summary";
                break;
            case SUMMARY_SUM:
                name = metric.family() + "_sum";
                labels = base;
                type = "summary";
                break;
            case COUNTER:
                name = metric.prometheusName();
                labels = null == metric.labelName() ? base : with(base, metric.labelName(), metric.labelValue());
                type = "counter";
                break;
            default:
                name = metric.prometheusName();
                labels = null == metric.labelName() ? base : with(base, metric.labelName(), metric.labelValue());
                type = "gauge";
                break;
        }
        final Exposition.Sample sample = exposition.sample(name, labels);
        assertFalse(Double.isNaN(sample.value), sample + ": sampled at 1 in 1, so no NaN");
        final String typeName = type.equals("counter") ? metric.prometheusName() : summaryFamily(metric);
        assertEquals(type, exposition.types.get(typeName), "TYPE of " + metric + " (" + typeName + ")");
        assertEquals(metric.help(), exposition.helps.get(typeName), "HELP of " + metric);
        return 1;
    }

    /**
     * The family of the summary a metric belongs to: its own, but a sample count (in COUNT, so without the unit
     * suffix) belongs to the summary of its scope's sample sum named like it plus the unit.
     */
    static String summaryFamily(final SluiceMetric metric)
    {
        if (metric.kind() != MetricKind.SUMMARY_COUNT)
        {
            return metric.family();
        }
        for (final SluiceMetric sum : SluiceMetric.of(metric.scope()))
        {
            if (sum.kind() == MetricKind.SUMMARY_SUM && sum.family().startsWith(metric.family()))
            {
                return sum.family();
            }
        }
        throw new AssertionError("no sample sum for " + metric);
    }

    static String scrape(final PrometheusEndpoint endpoint) throws IOException, InterruptedException
    {
        final HttpResponse<String> response = client().send(
            HttpRequest.newBuilder(endpoint.uri()).timeout(Duration.ofSeconds(10)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        final String contentType = response.headers().firstValue("Content-Type").orElse("");
        assertTrue(contentType.startsWith("text/plain; version=0.0.4"), contentType);
        return response.body();
    }

    private static HttpClient client()
    {
        return HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    }

    private static List<String> names(final Exposition exposition)
    {
        final List<String> names = new ArrayList<>();
        for (final Exposition.Sample sample : exposition.samples)
        {
            names.add(sample.name);
        }
        return names;
    }

    private static Path promtool()
    {
        final String path = System.getenv("PATH");
        if (null == path)
        {
            return null;
        }
        for (final String directory : path.split(File.pathSeparator))
        {
            if (directory.isEmpty())
            {
                continue;
            }
            final Path candidate = Paths.get(directory, "promtool");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    private static void assertPromtoolAccepts(final Path promtool, final String body, final Path input)
        throws IOException, InterruptedException
    {
        Files.writeString(input, body);
        final Path output = Paths.get(input + ".promtool");
        final Process process = new ProcessBuilder(promtool.toString(), "check", "metrics")
            .redirectInput(input.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
        if (!process.waitFor(30, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            fail("promtool check metrics did not finish within 30 s");
        }
        final String problems = Files.readString(output);
        assertEquals(0, process.exitValue(), "promtool check metrics exit code; output:\n" + problems);
        assertEquals("", problems.trim(), "promtool check metrics lint problems");
    }

    /**
     * Local addresses (hex, as /proc/net/tcp and tcp6 print them) of the sockets listening on a port.
     */
    private static List<String> listeners(final int port) throws IOException
    {
        final List<String> addresses = new ArrayList<>();
        for (final String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"})
        {
            final Path path = Paths.get(table);
            if (!Files.isReadable(path))
            {
                continue;
            }
            for (final String line : Files.readAllLines(path))
            {
                final String[] fields = line.trim().split("\\s+");
                if (fields.length < 4 || fields[1].indexOf(':') < 0 || !"0A".equals(fields[3]))
                {
                    continue;
                }
                final int colon = fields[1].lastIndexOf(':');
                if (Integer.parseInt(fields[1].substring(colon + 1), 16) == port)
                {
                    addresses.add(fields[1].substring(0, colon));
                }
            }
        }
        return addresses;
    }
}
