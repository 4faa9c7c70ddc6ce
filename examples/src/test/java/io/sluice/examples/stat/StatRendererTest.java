package io.sluice.examples.stat;

import io.sluice.runtime.metrics.MetricsSnapshot;
import io.sluice.runtime.metrics.SluiceMetric;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatRendererTest
{
    private static final long TWO_SECONDS = TimeUnit.SECONDS.toNanos(2);

    @TempDir
    Path dir;

    private SyntheticCounters counters;
    private SyntheticCounters.Entity graph;
    private SyntheticCounters.Entity ingestToPrice;
    private SyntheticCounters.Entity priceToPublish;
    private SyntheticCounters.Entity ingest;
    private SyntheticCounters.Entity price;
    private SyntheticCounters.Entity publish;

    @BeforeEach
    void layOut()
    {
        counters = new SyntheticCounters(dir.resolve("counters.dat"));
        graph = counters.graph(1, "orders");
        ingestToPrice = counters.edge(1, 1, "ingest->price", "BLOCK", "ingest", "price", true);
        priceToPublish = counters.edge(1, 2, "price->publish", "DROP_NEWEST", "price", "publish", false);
        ingest = counters.stage(1, 1, "ingest", "source", false);
        price = counters.stage(1, 2, "price", "stage", true);
        publish = counters.stage(1, 3, "publish", "sink", true);
        graph.set(SluiceMetric.GRAPH_INFO, 1).set(SluiceMetric.GRAPH_BOTTLENECK, -1);
        for (final SyntheticCounters.Entity edge : List.of(ingestToPrice, priceToPublish))
        {
            edge.set(SluiceMetric.EDGE_INFO, 64);
        }
        for (final SyntheticCounters.Entity stage : List.of(ingest, price, publish))
        {
            stage.set(SluiceMetric.STAGE_BREAKER_STATE, -1);
        }
        ingestToPrice.set(SluiceMetric.EDGE_OFFERED, 1000).set(SluiceMetric.EDGE_DELIVERED, 900)
            .set(SluiceMetric.EDGE_UNWRITABLE_TIME, 100_000_000L);
        price.set(SluiceMetric.STAGE_DUTY_CYCLES, 10_000).set(SluiceMetric.STAGE_BUSY_CYCLES, 1000)
            .set(SluiceMetric.STAGE_RECEIVED, 900).set(SluiceMetric.STAGE_EMITTED, 800);
    }

    @AfterEach
    void close()
    {
        counters.close();
    }

    /**
     * The second snapshot: two seconds later, the edge into price full and the bottleneck.
     */
    private void advance()
    {
        counters.heartbeat(System.currentTimeMillis() + 2000);
        graph.set(SluiceMetric.GRAPH_BOTTLENECK, 1);
        ingestToPrice
            .set(SluiceMetric.EDGE_OFFERED, 3000)
            .set(SluiceMetric.EDGE_DELIVERED, 1500)
            .set(SluiceMetric.EDGE_DELIVERED_FROM_SPILL, 200)
            .set(SluiceMetric.EDGE_UNWRITABLE_TIME, 600_000_000L)
            .set(SluiceMetric.EDGE_DEPTH, 48)
            .set(SluiceMetric.EDGE_UTILISATION, 750_000)
            .set(SluiceMetric.EDGE_CREDITS, 16)
            .set(SluiceMetric.EDGE_DROPPED_OLDEST, 12_345)
            .set(SluiceMetric.EDGE_SHED, 7)
            .set(SluiceMetric.EDGE_REJECTED, 3)
            .set(SluiceMetric.EDGE_TIMED_OUT, 2)
            .set(SluiceMetric.EDGE_SPILLED, 250)
            .set(SluiceMetric.EDGE_SPILL_PENDING, 50)
            .set(SluiceMetric.EDGE_WAIT_P50, 1500)
            .set(SluiceMetric.EDGE_WAIT_P99, 2_340_000)
            .set(SluiceMetric.EDGE_WAIT_P999, 12_000_000)
            .set(SluiceMetric.EDGE_WAIT_MAX, 1_500_000_000L);
        price
            .set(SluiceMetric.STAGE_DUTY_CYCLES, 30_000)
            .set(SluiceMetric.STAGE_BUSY_CYCLES, 6000)
            .set(SluiceMetric.STAGE_RECEIVED, 1700)
            .set(SluiceMetric.STAGE_EMITTED, 1600)
            .set(SluiceMetric.STAGE_ERRORS, 3)
            .set(SluiceMetric.STAGE_DEAD_LETTERED, 2)
            .set(SluiceMetric.STAGE_BREAKER_STATE, 1)
            .set(SluiceMetric.STAGE_SERVICE_P50, 800)
            .set(SluiceMetric.STAGE_SERVICE_P99, 45_600)
            .set(SluiceMetric.STAGE_SERVICE_MAX, 50_000);
        publish.set(SluiceMetric.STAGE_DONE, 1);
    }

    @Test
    void shouldShowRatesSharesAndFillFromTwoSnapshots()
    {
        final MetricsSnapshot before = counters.snapshot();
        advance();
        final String text = new StatRenderer(false).render(before, counters.snapshot(), TWO_SECONDS);

        assertTrue(text.startsWith("sluice stat  pid " + ProcessHandle.current().pid() + "  up "), text);
        assertTrue(text.contains("rates over 2.00s"), text);
        assertTrue(text.contains("graph orders  SHARED_THREAD  running  bottleneck: ingest->price " +
            "(held back by price)"), text);
        // offered 2000 in 2 s; delivered 600 from memory + 200 from the spill store; unwritable 500 ms of 2 s
        assertEquals(List.of("ingest->price", "BLOCK", "[#########...]", "48/64", "16", "1000", "400", "25.0%",
            StatRenderer.BOTTLENECK_MARKER), rows(text, "ingest->price").get(0));
        assertEquals(List.of("price->publish", "DROP_NEWEST", "[............]", "0/64", "0", "0", "0", "0.0%"),
            rows(text, "price->publish").get(0));
        assertEquals(List.of("ingest->price", "0", "12.3k", "7", "3", "2", "250", "50", "1.50us", "2.34ms",
            "12.0ms", "1.50s"), rows(text, "ingest->price").get(1));
        assertEquals(List.of("price->publish", "0", "0", "0", "0", "0", "0", "0", "off", "off", "off", "off"),
            rows(text, "price->publish").get(1));
        // 20,000 duty cycles in 2 s, 5,000 of them busy
        assertEquals(List.of("price", "stage", "10.0k", "25.0%", "400", "400", "3", "2", "OPEN", "800ns", "45.6us"),
            rows(text, "price").get(0));
        assertEquals(List.of("ingest", "source", "0", "-", "0", "0", "0", "0", "-", "off", "off"),
            rows(text, "ingest").get(0));
        assertEquals(List.of("publish", "sink", "0", "-", "0", "0", "0", "0", "-", "-", "-", "done"),
            rows(text, "publish").get(0));
        assertFalse(text.contains("\u001b"), "no escapes without colour");
    }

    @Test
    void shouldShowAgentsWithDutyCycleRateBusyShareAndErrors()
    {
        final SyntheticCounters.Entity ticker = counters.agent(1, 1, "ticker", "orders", false)
            .set(SluiceMetric.AGENT_DUTY_CYCLES, 1000).set(SluiceMetric.AGENT_BUSY_CYCLES, 100)
            .set(SluiceMetric.AGENT_WORK, 500);
        final SyntheticCounters.Entity poller = counters.agent(1, 2, "poller", "orders", true)
            .set(SluiceMetric.AGENT_DUTY_CYCLES, 10).set(SluiceMetric.AGENT_ERRORS, 1);
        final MetricsSnapshot before = counters.snapshot();
        advance();
        // 8,000 duty cycles in 2 s, 2,000 of them busy, work 4,000
        ticker.set(SluiceMetric.AGENT_DUTY_CYCLES, 9000).set(SluiceMetric.AGENT_BUSY_CYCLES, 2100)
            .set(SluiceMetric.AGENT_WORK, 4500).set(SluiceMetric.AGENT_ERRORS, 4);
        poller.set(SluiceMetric.AGENT_CLOSED, 1);
        final String text = new StatRenderer(false).render(before, counters.snapshot(), TWO_SECONDS);

        assertTrue(text.contains("AGENT"), text);
        assertEquals(List.of("ticker", "orders", "no", "4000", "25.0%", "2000", "4"), rows(text, "ticker").get(0));
        assertEquals(List.of("poller", "orders", "yes", "0", "-", "0", "1", "left"), rows(text, "poller").get(0));
    }

    @Test
    void shouldHighlightTheBottleneckInReverseVideoWhenColourIsOn()
    {
        final MetricsSnapshot before = counters.snapshot();
        advance();
        final String text = new StatRenderer(true).render(before, counters.snapshot(), TWO_SECONDS);

        int highlighted = 0;
        for (final String line : text.split("\n"))
        {
            if (line.contains("\u001b"))
            {
                highlighted++;
                assertTrue(line.startsWith(StatRenderer.REVERSE_VIDEO + "ingest->price "), line);
                assertTrue(line.endsWith(StatRenderer.BOTTLENECK_MARKER + StatRenderer.RESET), line);
            }
        }
        assertEquals(1, highlighted, text);
    }

    @Test
    void shouldShowAveragesSinceStartWithoutAPreviousSnapshot()
    {
        final long start = counters.snapshot().startTimeMs();
        counters.heartbeat(start + 65_000);
        final String text = new StatRenderer(false).render(null, counters.snapshot(), TimeUnit.SECONDS.toNanos(4));

        assertTrue(text.contains("  up 1m05s  averages since start  "), text);
        assertTrue(text.contains("bottleneck: none"), text);
        // 1000 offered, 900 delivered, 100 ms unwritable in 4 s
        assertEquals(List.of("ingest->price", "BLOCK", "[............]", "0/64", "0", "250", "225", "2.5%"),
            rows(text, "ingest->price").get(0));
        assertEquals("-", rows(text, "ingest->price").get(1).get(8), "a window without samples");
    }

    @Test
    void shouldShowNoRatesForAGraphBuiltSinceThePreviousSnapshot()
    {
        final MetricsSnapshot before = counters.snapshot();
        try (SyntheticCounters other = new SyntheticCounters(dir.resolve("other.dat")))
        {
            // the same name under another graph id: built again, its counters started from zero
            other.graph(2, "orders").set(SluiceMetric.GRAPH_INFO, 1).set(SluiceMetric.GRAPH_BOTTLENECK, -1);
            other.edge(2, 1, "ingest->price", "BLOCK", "ingest", "price", false)
                .set(SluiceMetric.EDGE_INFO, 64).set(SluiceMetric.EDGE_OFFERED, 5);
            final String text = new StatRenderer(false).render(before, other.snapshot(), TWO_SECONDS);
            assertEquals(List.of("ingest->price", "BLOCK", "[............]", "0/64", "0", "-", "-", "-"),
                rows(text, "ingest->price").get(0));
        }
    }

    @Test
    void shouldSayWhenNoGraphIsRegistered()
    {
        try (SyntheticCounters empty = new SyntheticCounters(dir.resolve("empty.dat")))
        {
            final String text = new StatRenderer(false).render(null, empty.snapshot(), 0);
            assertTrue(text.contains("no graphs registered"), text);
        }
    }

    /**
     * The rows of every table that start with a name, split into cells (two or more spaces apart), escapes removed.
     */
    private static List<List<String>> rows(final String text, final String name)
    {
        final List<List<String>> rows = new ArrayList<>();
        for (final String line : text.split("\n"))
        {
            final String plain = line.replace(StatRenderer.REVERSE_VIDEO, "").replace(StatRenderer.RESET, "");
            if (plain.startsWith(name + " "))
            {
                rows.add(List.of(plain.trim().split("\\s{2,}")));
            }
        }
        assertFalse(rows.isEmpty(), "no row for " + name + " in\n" + text);
        return rows;
    }
}
