package io.sluice.runtime.metrics;

import io.sluice.queues.channel.ChannelBuilder;
import io.sluice.queues.channel.ChannelCounters;
import io.sluice.queues.channel.ChannelKind;
import io.sluice.queues.channel.ObjectChannel;
import io.sluice.queues.overflow.OverflowPolicy;
import io.sluice.runtime.agent.ThreadingMode;
import io.sluice.runtime.graph.Graph;
import io.sluice.runtime.graph.GraphBuilder;
import io.sluice.runtime.graph.Outbox;
import io.sluice.runtime.graph.SourceHandler;
import io.sluice.runtime.graph.StageCounters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SluiceMetricsTest
{
    static Graph pipeline(final SluiceMetrics metrics, final int total)
    {
        final int[] next = {0};
        final GraphBuilder builder = GraphBuilder.graph("telemetry");
        builder.source("src", (Outbox<Integer> out, int limit) ->
        {
            if (next[0] == total)
            {
                return SourceHandler.END_OF_STREAM;
            }
            final int n = Math.min(limit, total - next[0]);
            for (int i = 0; i < n; i++)
            {
                out.emit(next[0]++);
            }
            return n;
        });
        builder.stage("parser", (Integer m, Outbox<Integer> out) -> out.emit(m + 1));
        builder.sink("store", (Integer m) ->
        {
        });
        builder.edge("src->parser", "src", "parser").capacity(64).highWaterMark(48).lowWaterMark(16);
        builder.edge("parser->store", "parser", "store").capacity(128).highWaterMark(96).lowWaterMark(32);
        return builder.threading(ThreadingMode.INVOKER).metrics(metrics).build();
    }

    static void runToEnd(final Graph graph)
    {
        graph.start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!graph.isDone() && System.nanoTime() < deadline)
        {
            graph.invoker().invoke();
        }
        assertTrue(graph.isDone(), "graph did not finish within 20 s");
    }

    @Test
    void shouldPublishWhatTheGraphReports(@TempDir final Path dir)
    {
        final int total = 100_000;
        try (SluiceMetrics metrics = SluiceMetrics.start(new MetricsOptions().directory(dir)
            .waitTimeSampling(16).serviceTimeSampling(16)))
        {
            final Graph graph = pipeline(metrics, total);
            runToEnd(graph);
            metrics.publishNow();

            try (CountersFileReader reader = CountersFileReader.open(metrics.file()))
            {
                assertTrue(reader.isLive());
                assertEquals(ProcessHandle.current().pid(), reader.pid());
                final MetricsSnapshot snapshot = reader.snapshot();
                final GraphSnapshot view = snapshot.graph("telemetry");
                assertNotNull(view, snapshot.graphs().toString());
                assertEquals(2, view.edges().size());
                assertEquals(3, view.stages().size());
                assertEquals(1, view.graph().value(SluiceMetric.GRAPH_INFO));

                final ChannelCounters counters = graph.edgeCounters("parser->store", new ChannelCounters());
                final EntitySnapshot edge = view.edge("parser->store");
                assertEquals("BLOCK", edge.attribute("policy"));
                assertEquals("parser", edge.attribute("from"));
                assertEquals("store", edge.attribute("to"));
                assertEquals(128, edge.value(SluiceMetric.EDGE_INFO));
                assertEquals(counters.offered(), edge.value(SluiceMetric.EDGE_OFFERED));
                assertEquals(total, edge.value(SluiceMetric.EDGE_OFFERED));
                assertEquals(counters.delivered(), edge.value(SluiceMetric.EDGE_DELIVERED));
                assertEquals(counters.unwritableNanos(), edge.value(SluiceMetric.EDGE_UNWRITABLE_TIME), 0.0);
                assertEquals(96, edge.value(SluiceMetric.EDGE_HIGH_WATER_MARK));
                assertEquals(total / 16, edge.value(SluiceMetric.EDGE_WAIT_COUNT));
                assertTrue(edge.value(SluiceMetric.EDGE_WAIT_SUM) > 0);
                assertTrue(edge.value(SluiceMetric.EDGE_WAIT_MAX) >= edge.value(SluiceMetric.EDGE_WAIT_P50));

                final StageCounters stageCounters = graph.stageCounters("parser", new StageCounters());
                final EntitySnapshot stage = view.stage("parser");
                assertEquals("stage", stage.attribute("role"));
                assertEquals(stageCounters.received(), stage.value(SluiceMetric.STAGE_RECEIVED));
                assertEquals(total, stage.value(SluiceMetric.STAGE_SUCCEEDED));
                assertEquals(total, stage.value(SluiceMetric.STAGE_EMITTED));
                assertEquals(-1, stage.value(SluiceMetric.STAGE_BREAKER_STATE));
                assertTrue(stage.value(SluiceMetric.STAGE_DUTY_CYCLES) >= stage.value(SluiceMetric.STAGE_BUSY_CYCLES));
                assertTrue(stage.value(SluiceMetric.STAGE_BUSY_CYCLES) > 0);
                assertEquals(total / 16, stage.value(SluiceMetric.STAGE_SERVICE_COUNT));
                assertEquals(1, stage.value(SluiceMetric.STAGE_DONE));
            }

            graph.close();
            try (CountersFileReader reader = CountersFileReader.open(metrics.file()))
            {
                assertNull(reader.snapshot().graph("telemetry"), "a closed graph frees its counters");
            }
        }
    }

    @Test
    void shouldCreateAnOwnerOnlyFileAndRemoveItOnClose(@TempDir final Path dir) throws Exception
    {
        final Path sub = dir.resolve("process");
        final Path file;
        try (SluiceMetrics metrics = SluiceMetrics.start(new MetricsOptions().directory(sub)))
        {
            file = metrics.file();
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sub)));
        }
        assertFalse(Files.exists(file));
        assertFalse(Files.exists(sub), "the directory it created is removed when empty");
    }

    @Test
    void shouldHonourConfiguredPermissionsAndKeepTheFileWhenAsked(@TempDir final Path dir) throws Exception
    {
        final Path file;
        try (SluiceMetrics metrics = SluiceMetrics.start(
            new MetricsOptions().directory(dir).permissions("rw-r-----").keepFileOnClose(true)))
        {
            file = metrics.file();
            assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
        assertTrue(Files.exists(file));
        try (CountersFileReader reader = CountersFileReader.open(file))
        {
            assertEquals(CountersFile.STATE_CLOSED, reader.state());
            assertFalse(reader.isLive());
        }
    }

    @Test
    void shouldRefuseASecondWriterOfTheSameFile(@TempDir final Path dir)
    {
        try (SluiceMetrics metrics = SluiceMetrics.start(new MetricsOptions().directory(dir)))
        {
            final IllegalStateException ex = assertThrows(IllegalStateException.class,
                () -> SluiceMetrics.start(new MetricsOptions().directory(dir)));
            assertTrue(ex.getMessage().contains("in use by live process " + ProcessHandle.current().pid()),
                ex.getMessage());
            assertNotNull(metrics.file());
        }
    }

    @Test
    void shouldNameTheSettingInEveryError()
    {
        assertError("metrics waitTimeSampling: 3 is not allowed", new MetricsOptions().waitTimeSampling(3));
        assertError("metrics serviceTimeSampling: -1 is not allowed", new MetricsOptions().serviceTimeSampling(-1));
        assertError("metrics permissions: 'rwx' is not a permission string", new MetricsOptions().permissions("rwx"));
        assertError("metrics permissions: '---------' must let the owner",
            new MetricsOptions().permissions("---------"));
        assertError("metrics maxCounters: 10 is out of range", new MetricsOptions().maxCounters(10));
        assertError("metrics publishInterval: 0 ns is out of range",
            new MetricsOptions().publishInterval(0, TimeUnit.SECONDS));
        assertError("metrics histogramWindow: 1000000 ns is out of range",
            new MetricsOptions().histogramWindow(1, TimeUnit.MILLISECONDS));
        assertError("metrics fileName: 'x/y.dat' is not allowed", new MetricsOptions().fileName("x/y.dat"));
        assertError("metrics histogramRange: significantDigits 6 is out of range",
            new MetricsOptions().histogramRange(1, TimeUnit.SECONDS, 6));
    }

    @Test
    void shouldReportWhenTheFileCannotHoldAGraph(@TempDir final Path dir)
    {
        try (SluiceMetrics metrics = SluiceMetrics.start(new MetricsOptions().directory(dir).maxCounters(64)))
        {
            final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> pipeline(metrics, 1));
            assertTrue(ex.getMessage().startsWith("metrics maxCounters: graph 'telemetry' needs 138 counters"),
                ex.getMessage());
        }
    }

    @Test
    void shouldPublishChannelsRegisteredOutsideAGraph(@TempDir final Path dir) throws Exception
    {
        try (SluiceMetrics metrics = SluiceMetrics.start(new MetricsOptions().directory(dir)))
        {
            final LatencyRecorder waitTime = metrics.newLatencyRecorder(1);
            final ObjectChannel<String> inbox = ChannelBuilder.<String>channel("inbox")
                .kind(ChannelKind.OBJECT_MPSC).capacity(8).policy(OverflowPolicy.DROP_NEWEST)
                .waitTimeSampling(1, waitTime).buildObjectChannel();
            final AutoCloseable registration = metrics.register("orders", List.of(inbox), List.of(waitTime));
            for (int i = 0; i < 10; i++)
            {
                inbox.offer("m" + i);
            }
            assertEquals(3, inbox.drain((m) ->
            {
            }, 3));
            metrics.publishNow();
            try (CountersFileReader reader = CountersFileReader.open(metrics.file()))
            {
                final EntitySnapshot edge = reader.snapshot().graph("orders").edge("inbox");
                assertEquals("DROP_NEWEST", edge.attribute("policy"));
                assertEquals(10, edge.value(SluiceMetric.EDGE_OFFERED));
                assertEquals(2, edge.value(SluiceMetric.EDGE_DROPPED_NEWEST));
                assertEquals(3, edge.value(SluiceMetric.EDGE_DELIVERED));
                assertEquals(5, edge.value(SluiceMetric.EDGE_DEPTH));
                assertEquals(625_000, edge.value(SluiceMetric.EDGE_UTILISATION));
                assertEquals(3, edge.value(SluiceMetric.EDGE_WAIT_COUNT));
            }
            registration.close();
            try (CountersFileReader reader = CountersFileReader.open(metrics.file()))
            {
                assertNull(reader.snapshot().graph("orders"));
            }
        }
    }

    private static void assertError(final String expected, final MetricsOptions options)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, options::validate);
        assertTrue(ex.getMessage().startsWith(expected), ex.getMessage());
    }
}
