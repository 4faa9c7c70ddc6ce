package io.sluice.metrics.opentelemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.sluice.queues.channel.Channel;
import io.sluice.queues.channel.ChannelCounters;
import io.sluice.runtime.graph.AgentCounters;
import io.sluice.runtime.graph.Graph;
import io.sluice.runtime.graph.StageCounters;
import io.sluice.runtime.metrics.CountersFileReader;
import io.sluice.runtime.metrics.EntitySnapshot;
import io.sluice.runtime.metrics.GraphSnapshot;
import io.sluice.runtime.metrics.MetricScope;
import io.sluice.runtime.metrics.MetricsOptions;
import io.sluice.runtime.metrics.SluiceMetric;
import io.sluice.runtime.metrics.SluiceMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.sluice.metrics.opentelemetry.SluiceOpenTelemetry.AGENT;
import static io.sluice.metrics.opentelemetry.SluiceOpenTelemetry.EDGE;
import static io.sluice.metrics.opentelemetry.SluiceOpenTelemetry.GRAPH;
import static io.sluice.metrics.opentelemetry.SluiceOpenTelemetry.POLICY;
import static io.sluice.metrics.opentelemetry.SluiceOpenTelemetry.STAGE;
import static io.sluice.metrics.opentelemetry.TestGraphs.metric;
import static io.sluice.metrics.opentelemetry.TestGraphs.point;
import static io.sluice.metrics.opentelemetry.TestGraphs.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class SluiceOpenTelemetryTest
{
    private static final int TOTAL = 20_000;

    private InMemoryMetricReader reader;
    private SdkMeterProvider provider;

    @BeforeEach
    void setUp()
    {
        reader = InMemoryMetricReader.create();
        provider = SdkMeterProvider.builder().registerMetricReader(reader).build();
    }

    @AfterEach
    void tearDown()
    {
        provider.close();
    }

    @Test
    void shouldExportEveryEdgeMetricOfEveryEdgeWithItsAttributesAndTheGraphsValues(@TempDir final Path dir)
    {
        try (SluiceMetrics metrics = TestGraphs.metrics(dir))
        {
            final Graph graph = TestGraphs.pipeline("telemetry", metrics, TOTAL);
            TestGraphs.runToEnd(graph);
            metrics.publishNow();

            try (SluiceOpenTelemetry exported = SluiceOpenTelemetry.register(provider.get("test"), metrics);
                CountersFileReader file = CountersFileReader.open(exported.file()))
            {
                final Collection<MetricData> collected = reader.collectAllMetrics();
                final GraphSnapshot view = file.snapshot().graph("telemetry");
                assertEquals(2, graph.edgeNames().size());
                for (final String edge : graph.edgeNames())
                {
                    final Channel channel = graph.channel(edge);
                    final ChannelCounters counters = graph.edgeCounters(edge, new ChannelCounters());
                    final EntitySnapshot fromFile = view.edge(edge);
                    final Attributes common = Attributes.of(GRAPH, "telemetry", EDGE, edge, POLICY, "BLOCK");
                    for (final SluiceMetric metric : SluiceMetric.of(MetricScope.EDGE))
                    {
                        final MetricData data = metric(collected, expectedName(metric));
                        assertEquals(expectedUnit(metric), data.getUnit(), metric.toString());
                        final Attributes attributes = null == metric.labelName() ? common :
                            common.toBuilder().put(metric.labelName(), metric.labelValue()).build();
                        final PointData point = point(data, attributes);
                        assertEquals(expected(metric, channel, counters, fromFile, view), value(point), 1e-12,
                            edge + " " + metric);
                    }
                }
            }
        }
    }

    @Test
    void shouldTypeInstrumentsByKindAndConvertNanosecondsToSeconds(@TempDir final Path dir)
    {
        try (SluiceMetrics metrics = TestGraphs.metrics(dir))
        {
            final Graph graph = TestGraphs.pipeline("telemetry", metrics, TOTAL);
            TestGraphs.runToEnd(graph);
            metrics.publishNow();

            try (SluiceOpenTelemetry exported = SluiceOpenTelemetry.register(provider.get("test"), metrics);
                CountersFileReader file = CountersFileReader.open(exported.file()))
            {
                final Collection<MetricData> collected = reader.collectAllMetrics();
                final EntitySnapshot edge = file.snapshot().graph("telemetry").edge("parser->store");
                final Attributes attributes = Attributes.of(GRAPH, "telemetry", EDGE, "parser->store", POLICY, "BLOCK");

                final long sumNanos = edge.value(SluiceMetric.EDGE_WAIT_SUM);
                assertTrue(sumNanos > 0, "sampled wait times add up to more than 0 ns");
                final MetricData sum = metric(collected, "sluice.edge.wait_sum");
                assertEquals(MetricDataType.DOUBLE_SUM, sum.getType());
                assertTrue(sum.getDoubleSumData().isMonotonic());
                assertEquals("s", sum.getUnit());
                assertEquals(sumNanos / 1e9, value(point(sum, attributes)), sumNanos / 1e9 * 1e-12);

                final MetricData count = metric(collected, "sluice.edge.wait_count");
                assertEquals(MetricDataType.LONG_SUM, count.getType());
                assertEquals(TOTAL / TestGraphs.SAMPLING,
                    ((LongPointData)point(count, attributes)).getValue());

                final MetricData offered = metric(collected, "sluice.edge.offered");
                assertEquals(MetricDataType.LONG_SUM, offered.getType());
                assertTrue(offered.getLongSumData().isMonotonic());
                assertEquals(TOTAL, ((LongPointData)point(offered, attributes)).getValue());

                assertEquals(MetricDataType.LONG_GAUGE, metric(collected, "sluice.edge.depth").getType());
                assertEquals(MetricDataType.DOUBLE_GAUGE, metric(collected, "sluice.edge.utilisation").getType());
                assertEquals(MetricDataType.DOUBLE_SUM, metric(collected, "sluice.edge.unwritable").getType());
                final MetricData wait = metric(collected, "sluice.edge.wait");
                assertEquals(MetricDataType.DOUBLE_GAUGE, wait.getType());
                final Set<String> quantiles = new HashSet<>();
                for (final PointData point : wait.getData().getPoints())
                {
                    if ("parser->store".equals(point.getAttributes().get(EDGE)))
                    {
                        quantiles.add(point.getAttributes().get(AttributeKey.stringKey("quantile")));
                    }
                }
                assertEquals(Set.of("0.5", "0.99", "0.999"), quantiles);
            }
        }
    }

    @Test
    void shouldExportStagesAndTheGraphWithTheirAttributes(@TempDir final Path dir)
    {
        try (SluiceMetrics metrics = TestGraphs.metrics(dir))
        {
            final Graph graph = TestGraphs.pipeline("telemetry", metrics, TOTAL);
            TestGraphs.runToEnd(graph);
            metrics.publishNow();

            try (SluiceOpenTelemetry exported = SluiceOpenTelemetry.register(provider.get("test"), metrics))
            {
                final Collection<MetricData> collected = reader.collectAllMetrics();
                assertEquals(1, exported.source().reads());
                final StageCounters counters = graph.stageCounters("parser", new StageCounters());
                final Attributes parser = Attributes.of(GRAPH, "telemetry", STAGE, "parser");
                assertEquals(counters.received(), value(point(metric(collected, "sluice.stage.received"), parser)));
                assertEquals(TOTAL, counters.received());
                assertEquals(counters.succeeded(),
                    value(point(metric(collected, "sluice.stage.succeeded"), parser)));
                assertEquals(counters.emitted(), value(point(metric(collected, "sluice.stage.emitted"), parser)));
                assertEquals(counters.dutyCycles(),
                    value(point(metric(collected, "sluice.stage.duty_cycles"), parser)));
                assertEquals(counters.busyCycles(),
                    value(point(metric(collected, "sluice.stage.busy_cycles"), parser)));
                assertEquals(1, value(point(metric(collected, "sluice.stage.done"), parser)));
                assertEquals(TOTAL / TestGraphs.SAMPLING,
                    value(point(metric(collected, "sluice.stage.service_count"), parser)));
                assertEquals("{cycle}", metric(collected, "sluice.stage.duty_cycles").getUnit());

                assertEquals(1, value(point(metric(collected, "sluice.stage.role"), parser)));
                assertEquals(0, value(point(metric(collected, "sluice.stage.role"),
                    Attributes.of(GRAPH, "telemetry", STAGE, "src"))));
                assertEquals(3, metric(collected, "sluice.stage.role").getData().getPoints().size());

                final Attributes telemetry = Attributes.of(GRAPH, "telemetry");
                assertEquals(1, value(point(metric(collected, "sluice.graph.state"), telemetry)));
                assertTrue(value(point(metric(collected, "sluice.graph.publications"),
                    Attributes.of(GRAPH, "telemetry"))) >= 1);
            }
        }
    }

    @Test
    void shouldExportDeclaredAndJoinedAgentsWithAnAgentAttribute(@TempDir final Path dir)
    {
        try (SluiceMetrics metrics = TestGraphs.metrics(dir))
        {
            final Graph graph =
                TestGraphs.pipeline("agents", metrics, TOTAL, TestGraphs.scriptedAgent("declared", 5, 2));
            TestGraphs.runToEnd(graph);
            assertTrue(graph.join(TestGraphs.scriptedAgent("joined", 3, 1)));
            for (int i = 0; i < 20; i++)
            {
                graph.invoker().invoke();
            }
            metrics.publishNow();

            try (SluiceOpenTelemetry exported = SluiceOpenTelemetry.register(provider.get("test"), metrics))
            {
                final Collection<MetricData> collected = reader.collectAllMetrics();
                final Attributes declared = Attributes.of(GRAPH, "agents", AGENT, "declared");
                final Attributes joined = Attributes.of(GRAPH, "agents", AGENT, "joined");
                assertEquals(10, value(point(metric(collected, "sluice.agent.work"), declared)));
                assertEquals(6, value(point(metric(collected, "sluice.agent.work"), joined)));
                assertEquals(5, value(point(metric(collected, "sluice.agent.busy_cycles"), declared)));
                assertEquals(3, value(point(metric(collected, "sluice.agent.busy_cycles"), joined)));
                assertEquals(2, value(point(metric(collected, "sluice.agent.errors"), declared)));
                assertEquals(1, value(point(metric(collected, "sluice.agent.errors"), joined)));
                final AgentCounters counters = graph.agentCounters(1, new AgentCounters());
                assertEquals(counters.dutyCycles(),
                    value(point(metric(collected, "sluice.agent.duty_cycles"), joined)));
                assertTrue(counters.dutyCycles() >= 4);
                assertEquals(1, value(point(metric(collected, "sluice.agent.joined"), joined)));
                assertEquals(0, value(point(metric(collected, "sluice.agent.joined"), declared)));
                assertEquals(0, value(point(metric(collected, "sluice.agent.closed"), joined)));
                assertEquals("{cycle}", metric(collected, "sluice.agent.duty_cycles").getUnit());
            }
            graph.close();
        }
    }

    @Test
    void shouldLeaveOutQuantilesWhereSamplingIsOff(@TempDir final Path dir)
    {
        try (SluiceMetrics metrics = SluiceMetrics.start(new MetricsOptions().directory(dir)
            .waitTimeSampling(0).serviceTimeSampling(0)))
        {
            TestGraphs.runToEnd(TestGraphs.pipeline("unsampled", metrics, 1_000));
            metrics.publishNow();
            try (SluiceOpenTelemetry exported = SluiceOpenTelemetry.register(provider.get("test"), metrics))
            {
                final Collection<MetricData> collected = reader.collectAllMetrics();
                assertEquals(1, exported.source().reads());
                final Set<String> names = new HashSet<>(TestGraphs.names(collected));
                assertFalse(names.contains("sluice.edge.wait"), names.toString());
                assertFalse(names.contains("sluice.stage.service"), names.toString());
                assertEquals(0, value(point(metric(collected, "sluice.edge.wait_count"),
                    (attributes) -> "src->parser".equals(attributes.get(EDGE)))));
                assertEquals(1_000, value(point(metric(collected, "sluice.edge.offered"),
                    Attributes.of(GRAPH, "unsampled", EDGE, "src->parser", POLICY, "BLOCK"))));
            }
        }
    }

    @Test
    void shouldNameEveryMetricOnceAndDistinctly()
    {
        final Set<String> names = new HashSet<>();
        int metrics = 0;
        for (final OtelInstrument instrument : OtelInstrument.all())
        {
            assertTrue(names.add(instrument.name()), "two instruments named " + instrument.name());
            assertTrue(instrument.name().matches("sluice\\.(graph|edge|stage|agent)\\.[a-z0-9_]+"), instrument.name());
            metrics += instrument.metrics().size();
            for (final SluiceMetric metric : instrument.metrics())
            {
                assertEquals(instrument, OtelInstrument.of(metric));
            }
        }
        assertEquals(SluiceMetric.values().length, metrics);
        for (final String name : names)
        {
            for (final String other : names)
            {
                assertFalse(other.startsWith(name + "."), name + " is the namespace of " + other);
            }
        }
        assertEquals("sluice.edge.wait", OtelInstrument.nameOf(SluiceMetric.EDGE_WAIT_P99));
        assertEquals("sluice.edge.wait_max", OtelInstrument.nameOf(SluiceMetric.EDGE_WAIT_MAX));
        assertEquals("sluice.stage.service_sum", OtelInstrument.nameOf(SluiceMetric.STAGE_SERVICE_SUM));
        assertEquals(List.of(SluiceMetric.EDGE_DROPPED_NEWEST, SluiceMetric.EDGE_DROPPED_OLDEST),
            OtelInstrument.of(SluiceMetric.EDGE_DROPPED_NEWEST).metrics());
    }

    @Test
    void shouldReadTheFileOncePerCollection(@TempDir final Path dir)
    {
        try (SluiceMetrics metrics = TestGraphs.metrics(dir))
        {
            final Graph graph = TestGraphs.pipeline("telemetry", metrics, 100);
            TestGraphs.runToEnd(graph);
            metrics.publishNow();
            try (SluiceOpenTelemetry exported = SluiceOpenTelemetry.register(provider.get("test"), metrics))
            {
                assertEquals(0, exported.source().reads());
                assertFalse(reader.collectAllMetrics().isEmpty());
                assertEquals(1, exported.source().reads());
                assertFalse(reader.collectAllMetrics().isEmpty());
                assertEquals(2, exported.source().reads());
            }
        }
    }

    @Test
    void shouldCollectNothingWhileTheFileIsMissingAndStartWhenAWriterCreatesIt(@TempDir final Path dir)
    {
        final Path directory = dir.resolve("later");
        try (SluiceOpenTelemetry exported = SluiceOpenTelemetry.register(provider.get("test"),
            directory.resolve(MetricsOptions.DEFAULT_FILE_NAME)))
        {
            assertTrue(reader.collectAllMetrics().isEmpty());
            assertTrue(reader.collectAllMetrics().isEmpty());
            assertEquals(2, exported.source().reads());

            try (SluiceMetrics metrics = TestGraphs.metrics(directory))
            {
                assertEquals(exported.file(), metrics.file());
                TestGraphs.runToEnd(TestGraphs.pipeline("late", metrics, 100));
                metrics.publishNow();
                assertGraphs(Set.of("late"), reader.collectAllMetrics());
            }
        }
    }

    @Test
    void shouldCollectNothingOnceTheWriterExitedAndResumeWithTheNextWriter(@TempDir final Path dir)
    {
        final Path file;
        try (SluiceOpenTelemetry exported = SluiceOpenTelemetry.register(provider.get("test"),
            dir.resolve(MetricsOptions.DEFAULT_FILE_NAME)))
        {
            try (SluiceMetrics first = TestGraphs.metrics(dir))
            {
                file = first.file();
                TestGraphs.runToEnd(TestGraphs.pipeline("first", first, 100));
                first.publishNow();
                assertGraphs(Set.of("first"), reader.collectAllMetrics());
            }
            assertFalse(Files.exists(file));
            assertTrue(reader.collectAllMetrics().isEmpty(), "no points once the writer closed");
            assertEquals(-1, exported.source().pid());

            try (SluiceMetrics second = TestGraphs.metrics(dir))
            {
                TestGraphs.runToEnd(TestGraphs.pipeline("second", second, 100));
                second.publishNow();
                assertGraphs(Set.of("second"), reader.collectAllMetrics());
                assertEquals(ProcessHandle.current().pid(), exported.source().pid());
            }
        }
    }

    @Test
    void shouldCollectNothingFromAFileWhoseWriterClosedButKeptIt(@TempDir final Path dir)
    {
        final Path file;
        try (SluiceMetrics metrics = SluiceMetrics.start(new MetricsOptions().directory(dir).keepFileOnClose(true)))
        {
            file = metrics.file();
            TestGraphs.runToEnd(TestGraphs.pipeline("kept", metrics, 100));
            metrics.publishNow();
        }
        assertTrue(Files.exists(file));
        try (CountersFileReader kept = CountersFileReader.open(file))
        {
            assertNotNull(kept.snapshot().graph("kept"), "the kept file still holds the graph");
        }
        try (SluiceOpenTelemetry exported = SluiceOpenTelemetry.register(provider.get("test"), file))
        {
            assertTrue(reader.collectAllMetrics().isEmpty());
            assertEquals(1, exported.source().reads());
            assertEquals(-1, exported.source().pid());
        }
    }

    @Test
    void shouldCollectNothingFromAFileThatIsNotACountersFileAndSayWhyOnce(@TempDir final Path dir) throws Exception
    {
        // junk, not zeros: a zero-filled file is a counters file still being laid out by its writer
        final byte[] junk = new byte[8192];
        java.util.Arrays.fill(junk, (byte)'x');
        final Path file = Files.write(dir.resolve("counters.dat"), junk);
        final Logger logger = Logger.getLogger(SluiceOpenTelemetry.class.getName());
        final List<LogRecord> records = new CopyOnWriteArrayList<>();
        final Handler handler = new Handler()
        {
            @Override
            public void publish(final LogRecord record)
            {
                records.add(record);
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
        logger.setUseParentHandlers(false);
        logger.addHandler(handler);
        try (SluiceOpenTelemetry exported = SluiceOpenTelemetry.register(provider.get("test"), file))
        {
            assertTrue(reader.collectAllMetrics().isEmpty());
            assertTrue(reader.collectAllMetrics().isEmpty());
            assertEquals(2, exported.source().reads());
            assertEquals(-1, exported.source().pid());
        }
        finally
        {
            logger.removeHandler(handler);
            logger.setUseParentHandlers(parentHandlers);
        }
        assertEquals(1, records.size(), "one warning for a problem that persists");
        assertEquals(Level.WARNING, records.get(0).getLevel());
        assertTrue(records.get(0).getMessage().contains("not a Sluice counters file"), records.get(0).getMessage());
    }

    @Test
    void shouldStopCollectingWhenClosed(@TempDir final Path dir)
    {
        try (SluiceMetrics metrics = TestGraphs.metrics(dir))
        {
            TestGraphs.runToEnd(TestGraphs.pipeline("telemetry", metrics, 100));
            metrics.publishNow();
            final SluiceOpenTelemetry exported = SluiceOpenTelemetry.register(provider.get("test"), metrics);
            assertGraphs(Set.of("telemetry"), reader.collectAllMetrics());
            exported.close();
            exported.close();
            assertTrue(reader.collectAllMetrics().isEmpty());
        }
    }

    private static void assertGraphs(final Set<String> expected, final Collection<MetricData> collected)
    {
        final Set<String> graphs = new HashSet<>();
        for (final MetricData data : collected)
        {
            for (final PointData point : data.getData().getPoints())
            {
                graphs.add(point.getAttributes().get(GRAPH));
            }
        }
        assertEquals(expected, graphs);
        assertInstanceOf(LongPointData.class, point(metric(collected, "sluice.edge.offered"),
            (attributes) -> "src->parser".equals(attributes.get(EDGE))));
    }

    private static double expected(
        final SluiceMetric metric,
        final Channel channel,
        final ChannelCounters c,
        final EntitySnapshot file,
        final GraphSnapshot view)
    {
        switch (metric)
        {
            case EDGE_INFO:
                return channel.capacity();
            case EDGE_OFFERED:
                return c.offered();
            case EDGE_ACCEPTED:
                return c.accepted();
            case EDGE_DELIVERED:
                return c.deliveredFromMemory();
            case EDGE_DELIVERED_FROM_SPILL:
                return c.deliveredFromSpill();
            case EDGE_DROPPED_NEWEST:
                return c.droppedNewest();
            case EDGE_DROPPED_OLDEST:
                return c.droppedOldest();
            case EDGE_SHED:
                return c.shed();
            case EDGE_SPILLED:
                return c.spilled();
            case EDGE_RECOVERED:
                return c.recovered();
            case EDGE_SPILL_REFUSED:
                return c.spillRefused();
            case EDGE_REJECTED:
                return c.rejected();
            case EDGE_TIMED_OUT:
                return c.timedOut();
            case EDGE_BACK_PRESSURED:
                return c.backPressured();
            case EDGE_ABORTED:
                return c.aborted();
            case EDGE_UNWRITABLE_EPISODES:
                return c.unwritableCount();
            case EDGE_UNWRITABLE_TIME:
                return c.unwritableNanos() / 1e9;
            case EDGE_DEPTH:
                return c.depth();
            case EDGE_IN_FLIGHT:
                return c.inFlight();
            case EDGE_SPILL_PENDING:
                return c.spilledPending();
            case EDGE_CREDITS:
                return c.credits();
            case EDGE_HIGH_WATER_MARK:
                return channel.highWaterMark();
            case EDGE_LOW_WATER_MARK:
                return channel.lowWaterMark();
            case EDGE_UTILISATION:
                return c.depth() * 1_000_000L / channel.capacity() / 1e6;
            case EDGE_WRITABLE:
                return c.writable() ? 1 : 0;
            case EDGE_CLOSED:
                return c.closed() ? 1 : 0;
            case EDGE_BOTTLENECK:
                return file.name().equals(view.bottleneck()) ? 1 : 0;
            case EDGE_WAIT_COUNT:
                assertEquals(TOTAL / TestGraphs.SAMPLING, file.value(metric));
                return file.value(metric);
            case EDGE_WAIT_P50:
            case EDGE_WAIT_P99:
            case EDGE_WAIT_P999:
            case EDGE_WAIT_SUM:
            case EDGE_WAIT_MAX:
                // the histograms are the runtime's; the exporter's part is the conversion to seconds
                return file.value(metric) / 1e9;
            default:
                return fail("no expectation for edge metric " + metric + ": add it to this test and to the docs");
        }
    }

    private static String expectedName(final SluiceMetric metric)
    {
        switch (metric)
        {
            case EDGE_INFO:
                return "sluice.edge.capacity";
            case EDGE_DELIVERED:
            case EDGE_DELIVERED_FROM_SPILL:
                return "sluice.edge.delivered";
            case EDGE_DROPPED_NEWEST:
            case EDGE_DROPPED_OLDEST:
                return "sluice.edge.dropped";
            case EDGE_UNWRITABLE_TIME:
                return "sluice.edge.unwritable";
            case EDGE_WAIT_P50:
            case EDGE_WAIT_P99:
            case EDGE_WAIT_P999:
                return "sluice.edge.wait";
            case EDGE_WAIT_COUNT:
                return "sluice.edge.wait_count";
            case EDGE_WAIT_SUM:
                return "sluice.edge.wait_sum";
            case EDGE_WAIT_MAX:
                return "sluice.edge.wait_max";
            default:
                // one word after the scope: EDGE_SPILL_REFUSED is sluice.edge.spill_refused
                return "sluice.edge." + metric.name().substring("EDGE_".length()).toLowerCase();
        }
    }

    private static String expectedUnit(final SluiceMetric metric)
    {
        switch (metric)
        {
            case EDGE_UNWRITABLE_TIME:
            case EDGE_WAIT_P50:
            case EDGE_WAIT_P99:
            case EDGE_WAIT_P999:
            case EDGE_WAIT_SUM:
            case EDGE_WAIT_MAX:
                return "s";
            case EDGE_UTILISATION:
            case EDGE_WRITABLE:
            case EDGE_CLOSED:
            case EDGE_BOTTLENECK:
                return "1";
            case EDGE_WAIT_COUNT:
                return "{sample}";
            case EDGE_BACK_PRESSURED:
                return "{call}";
            case EDGE_ABORTED:
                return "{claim}";
            case EDGE_UNWRITABLE_EPISODES:
                return "{episode}";
            case EDGE_CREDITS:
                return "{credit}";
            default:
                return "{message}";
        }
    }
}
