package io.sluice.metrics.prometheus;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.sluice.runtime.graph.Graph;
import io.sluice.runtime.metrics.MetricsOptions;
import io.sluice.runtime.metrics.SluiceMetric;
import io.sluice.runtime.metrics.SluiceMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CountersFileCollectorTest
{
    private static final int TOTAL = 5_000;

    @Test
    void shouldScrapeAMissingOrForeignFileAsDown(@TempDir final Path dir) throws Exception
    {
        try (CountersFileCollector collector = SluicePrometheus.collector(dir.resolve("counters.dat")))
        {
            assertDown(collector.collect());
            assertFalse(collector.isUp());

            Files.writeString(dir.resolve("counters.dat"), "not a counters file");
            assertDown(collector.collect());
        }
    }

    @Test
    void shouldReadTheFileAgainWhenItsWriterRestarts(@TempDir final Path dir)
    {
        final Path file = dir.resolve(MetricsOptions.DEFAULT_FILE_NAME);
        try (CountersFileCollector collector = SluicePrometheus.collector(file))
        {
            assertDown(collector.collect());

            try (SluiceMetrics metrics = SluiceMetrics.start(TestGraphs.options(dir)))
            {
                TestGraphs.pipeline("first", metrics, 1);
                assertEquals(Set.of("first"), graphLabels(collector.collect()));
                assertTrue(collector.isUp());
            }
            assertDown(collector.collect());

            final Path kept;
            try (SluiceMetrics metrics = SluiceMetrics.start(TestGraphs.options(dir).keepFileOnClose(true)))
            {
                kept = metrics.file();
                TestGraphs.pipeline("second", metrics, 1);
                assertEquals(Set.of("second"), graphLabels(collector.collect()), "the new writer's file, not the old");
            }
            assertTrue(Files.exists(kept), "kept on close, in state closed");
            assertDown(collector.collect());
        }
    }

    @Test
    void shouldGroupTheSeriesOfAFamilyIntoOneSnapshot(@TempDir final Path dir)
    {
        // with a user agent, so that every family (agent ones too) has a series; an empty family is left out
        try (SluiceMetrics metrics = SluiceMetrics.start(TestGraphs.options(dir));
            Graph graph = TestGraphs.pipeline("telemetry", metrics, TOTAL, TestGraphs.scriptedAgent("ticker", 1, 0));
            CountersFileCollector collector = SluicePrometheus.collector(metrics))
        {
            TestGraphs.runToEnd(graph);
            metrics.publishNow();
            final MetricSnapshots snapshots = collector.collect();

            final Set<String> families = new HashSet<>();
            for (final SluiceMetric metric : SluiceMetric.values())
            {
                families.add(PrometheusEndpointTest.summaryFamily(metric));
            }
            families.add(SluicePrometheus.UP);
            assertEquals(families.size(), snapshots.size(), "one snapshot per family");
            for (final MetricSnapshot snapshot : snapshots)
            {
                assertTrue(families.contains(snapshot.getMetadata().getName()), snapshot.getMetadata().getName());
            }

            final CounterSnapshot dropped = (CounterSnapshot)find(snapshots, "sluice_edge_dropped");
            final Set<String> droppedSeries = new TreeSet<>();
            for (final CounterSnapshot.CounterDataPointSnapshot point : dropped.getDataPoints())
            {
                droppedSeries.add(point.getLabels().get("edge") + " " + point.getLabels().get("reason"));
            }
            assertEquals(Set.of("parser->store newest", "parser->store oldest", "src->parser newest",
                "src->parser oldest"), droppedSeries);
            assertEquals(4, ((CounterSnapshot)find(snapshots, "sluice_edge_delivered")).getDataPoints().size());

            final SummarySnapshot wait = (SummarySnapshot)find(snapshots, "sluice_edge_wait_seconds");
            assertEquals(2, wait.getDataPoints().size(), "one summary per edge");
            for (final SummarySnapshot.SummaryDataPointSnapshot point : wait.getDataPoints())
            {
                assertEquals(3, point.getQuantiles().size());
                assertEquals(0.5, point.getQuantiles().get(0).getQuantile());
                assertEquals(0.999, point.getQuantiles().get(2).getQuantile());
                for (final Quantile quantile : point.getQuantiles())
                {
                    assertTrue(quantile.getValue() >= 0.0, "sampled: " + quantile.getValue());
                }
                assertTrue(point.getCount() > 0);
                assertTrue(point.getSum() > 0.0 && point.getSum() < 60.0, "in seconds: " + point.getSum());
            }
            assertEquals("seconds", wait.getMetadata().getUnit().toString());
        }
    }

    @Test
    void shouldExportDeclaredAndJoinedAgentsWithAnAgentLabel(@TempDir final Path dir)
    {
        try (SluiceMetrics metrics = SluiceMetrics.start(TestGraphs.options(dir));
            Graph graph = TestGraphs.pipeline("agents", metrics, TOTAL, TestGraphs.scriptedAgent("declared", 5, 2));
            CountersFileCollector collector = SluicePrometheus.collector(metrics))
        {
            TestGraphs.runToEnd(graph);
            assertTrue(graph.join(TestGraphs.scriptedAgent("joined", 3, 1)));
            for (int i = 0; i < 20; i++)
            {
                graph.invoker().invoke();
            }
            metrics.publishNow();
            final MetricSnapshots snapshots = collector.collect();

            final CounterSnapshot work = (CounterSnapshot)find(snapshots, "sluice_agent_work");
            final CounterSnapshot errors = (CounterSnapshot)find(snapshots, "sluice_agent_errors");
            final CounterSnapshot cycles = (CounterSnapshot)find(snapshots, "sluice_agent_duty_cycles");
            final Set<String> series = new TreeSet<>();
            for (final CounterSnapshot.CounterDataPointSnapshot point : work.getDataPoints())
            {
                final String agent = point.getLabels().get("agent");
                series.add(agent);
                assertEquals("agents", point.getLabels().get("graph"));
                assertEquals("declared".equals(agent) ? 10.0 : 6.0, point.getValue(), agent);
            }
            assertEquals(Set.of("declared", "joined"), series);
            for (final CounterSnapshot.CounterDataPointSnapshot point : errors.getDataPoints())
            {
                assertEquals("declared".equals(point.getLabels().get("agent")) ? 2.0 : 1.0, point.getValue());
            }
            for (final CounterSnapshot.CounterDataPointSnapshot point : cycles.getDataPoints())
            {
                assertTrue(point.getValue() >= 4.0, point.getLabels() + " " + point.getValue());
            }
            final GaugeSnapshot closed = (GaugeSnapshot)find(snapshots, "sluice_agent_closed");
            assertEquals(2, closed.getDataPoints().size());
            final GaugeSnapshot joined = (GaugeSnapshot)find(snapshots, "sluice_agent_joined");
            for (final GaugeSnapshot.GaugeDataPointSnapshot point : joined.getDataPoints())
            {
                assertEquals("joined".equals(point.getLabels().get("agent")) ? 1.0 : 0.0, point.getValue());
            }
        }
    }

    @Test
    void shouldReportNaNQuantilesWhereSamplingIsOff(@TempDir final Path dir)
    {
        try (SluiceMetrics metrics = SluiceMetrics.start(
            TestGraphs.options(dir).waitTimeSampling(0).serviceTimeSampling(0));
            Graph graph = TestGraphs.pipeline("unsampled", metrics, TOTAL);
            CountersFileCollector collector = SluicePrometheus.collector(metrics))
        {
            TestGraphs.runToEnd(graph);
            metrics.publishNow();
            final SummarySnapshot service = (SummarySnapshot)find(collector.collect(), "sluice_stage_service_seconds");
            assertEquals(3, service.getDataPoints().size());
            for (final SummarySnapshot.SummaryDataPointSnapshot point : service.getDataPoints())
            {
                assertEquals(0, point.getCount());
                for (final Quantile quantile : point.getQuantiles())
                {
                    assertTrue(Double.isNaN(quantile.getValue()), point.getLabels() + " " + quantile.getValue());
                }
            }
        }
    }

    @Test
    void shouldLabelGraphsThatShareANameApart(@TempDir final Path dir)
    {
        try (SluiceMetrics metrics = SluiceMetrics.start(TestGraphs.options(dir));
            CountersFileCollector collector = SluicePrometheus.collector(metrics))
        {
            TestGraphs.pipeline("twin", metrics, 1);
            TestGraphs.pipeline("twin", metrics, 1);
            final Set<String> labels = graphLabels(collector.collect());
            assertEquals(2, labels.size(), labels.toString());
            assertTrue(labels.contains("twin"), labels.toString());
            assertTrue(labels.stream().anyMatch(label -> label.matches("twin#[0-9]+")), labels.toString());
        }
    }

    @Test
    void shouldRefuseASecondCollectorOfTheSameFamiliesInOneRegistry(@TempDir final Path dir)
    {
        final PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(SluicePrometheus.collector(dir.resolve("a.dat")));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> registry.register(SluicePrometheus.collector(dir.resolve("b.dat"))));
        assertTrue(ex.getMessage().contains("duplicate metric name"), ex.getMessage());
        assertEquals(1.0, ((GaugeSnapshot)find(registry.scrape(), SluicePrometheus.UP)).getDataPoints().size());
    }

    @Test
    void shouldReportDownOnceClosed(@TempDir final Path dir)
    {
        try (SluiceMetrics metrics = SluiceMetrics.start(TestGraphs.options(dir)))
        {
            final CountersFileCollector collector = SluicePrometheus.collector(metrics);
            TestGraphs.pipeline("telemetry", metrics, 1);
            assertEquals(Set.of("telemetry"), graphLabels(collector.collect()));
            collector.close();
            assertDown(collector.collect());
        }
    }

    private static void assertDown(final MetricSnapshots snapshots)
    {
        assertEquals(1, snapshots.size(), "only sluice_up when down");
        final GaugeSnapshot up = (GaugeSnapshot)find(snapshots, SluicePrometheus.UP);
        assertEquals(1, up.getDataPoints().size());
        assertEquals(0.0, up.getDataPoints().get(0).getValue());
    }

    private static Set<String> graphLabels(final MetricSnapshots snapshots)
    {
        final GaugeSnapshot up = (GaugeSnapshot)find(snapshots, SluicePrometheus.UP);
        assertEquals(1.0, up.getDataPoints().get(0).getValue());
        final GaugeSnapshot state = (GaugeSnapshot)find(snapshots, "sluice_graph_state");
        final List<String> labels = new ArrayList<>();
        for (final GaugeSnapshot.GaugeDataPointSnapshot point : state.getDataPoints())
        {
            labels.add(point.getLabels().get("graph"));
        }
        final Set<String> unique = new TreeSet<>(labels);
        assertEquals(labels.size(), unique.size(), "graph labels are unique: " + labels);
        return unique;
    }

    private static MetricSnapshot find(final MetricSnapshots snapshots, final String name)
    {
        MetricSnapshot found = null;
        for (final MetricSnapshot snapshot : snapshots)
        {
            if (snapshot.getMetadata().getName().equals(name))
            {
                assertNull(found, "two snapshots named " + name);
                found = snapshot;
            }
        }
        assertNotNull(found, "no snapshot " + name);
        return found;
    }
}
