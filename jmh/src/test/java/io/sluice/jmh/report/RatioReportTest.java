package io.sluice.jmh.report;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static io.sluice.jmh.report.ReportFixtures.read;
import static io.sluice.jmh.report.ReportFixtures.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RatioReportTest
{
    private static final String OBJECT_TABLE = "## ObjectChannelThroughput (capacity=1024)";
    private static final String BINARY_TABLE = "## BinaryChannelThroughput (capacity=1024, drainLimit=1)";

    @Test
    void shouldReadJmhJsonWithEveryForksIterations() throws IOException
    {
        final List<RatioReport.Result> results = read("object.json");
        assertEquals(5, results.size());
        final RatioReport.Result spsc = results.get(0);
        assertEquals("ObjectChannelThroughput", spsc.benchmarkClass());
        assertEquals("throughput", spsc.method());
        assertEquals("SLUICE_OBJECT_SPSC", spsc.impl());
        assertEquals("capacity=1024", spsc.conditions());
        assertEquals("2 forks x 3 x 1 s measurement, 2 x 1 s warmup, JMH 1.37, JDK 17.0.15", spsc.runShape());

        final RatioReport.Metric delivered = spsc.secondary().get(RatioReport.DELIVERED);
        assertEquals(95.0, delivered.score());
        assertEquals(2.0, delivered.error());
        assertEquals("ops/us", delivered.unit());
        assertEquals(6, delivered.raw().length, "2 forks x 3 iterations");
        assertFalse(delivered.summed(), "an OPERATIONS counter is a rate, averaged over the iterations");
        assertEquals(95.0, delivered.perIteration());
        // the fixture's rawData gives JMH's error back
        assertEquals(2.0, delivered.rawError(), 1e-3);
    }

    @Test
    void shouldTellSummedResultsFromAveragedOnes() throws IOException
    {
        // ArrayBlockingQueue's gc.count: 1, 0, 1, 0, 1, 0 over the iterations, which JMH sums to 3
        final RatioReport.Metric gcCount =
            read("object.json").get(4).secondary().get(PipelineReport.GC_COUNT);
        assertEquals(3.0, gcCount.score());
        assertTrue(gcCount.summed());
        assertEquals(0.5, gcCount.perIteration(), 1e-12);

        // an EVENTS counter: summed by its unit, whatever its values
        final RatioReport.Metric p999 = read("response.json").get(0).secondary().get("p999");
        assertEquals("#", p999.unit());
        assertTrue(p999.summed());
        assertEquals(6 * 15000.0, p999.score(), 1e-6);
        assertEquals(15000.0, p999.perIteration(), 1e-6);
        assertEquals(450.0, p999.perIterationError(), 0.5);

        // without rawData (-Djmh.json.rawData=false) a summed counter is divided by the iterations of the run
        final RatioReport.Metric noRaw = new RatioReport.Metric(90000.0, Double.NaN, "#", new double[0], 6);
        assertEquals(15000.0, noRaw.perIteration());

        // a mean of two iterations has no error either, but it is the mean, not the sum
        final RatioReport.Metric twoIterations = ReportFixtures.metric("B/op", 3.0, Double.NaN, 2.0, 4.0);
        assertFalse(twoIterations.summed());
        assertEquals(3.0, twoIterations.perIteration());
    }

    @Test
    void shouldJudgeTheObjectChannelAgainstTheSuiteGoals() throws IOException
    {
        final RatioReport report = new RatioReport(RatioReport.GoalSet.SUITE);
        final String markdown = report.render(read("object.json"));

        assertTrue(markdown.contains("| Implementation | Delivered [M msg/s] | Offers refused | Ratio to raw peer " +
            "| Peer goal | Ratio to the Disruptor | Disruptor goal | Ratio to ArrayBlockingQueue | ABQ goal " +
            "| Alloc [B/op] | Alloc [B/msg] | Alloc goal |"), markdown);
        assertEquals(List.of("Sluice OBJECT_SPSC", "95.0 \u00b1 2.0", "1.0%",
            "0.950 \u00b1 0.028 of JCTools SpscArrayQueue", "\u2265 0.90: PASS",
            "0.979 \u00b1 0.055", "\u2265 1.00: FAIL (within error)",
            "9.50 \u00b1 0.52", "\u2265 10.00: FAIL (within error)",
            "1.0e-03", "2.6e-03", "\u2264 0.01: PASS"), row(markdown, OBJECT_TABLE, "Sluice OBJECT_SPSC"));

        // no goal against the Disruptor for MPSC; its raw peer is not in the fixture; 0.033 B/msg
        assertEquals(List.of("Sluice OBJECT_MPSC (1 producer)", "30.0 \u00b1 1.0", "5.0%",
            "peer JCTOOLS_MPSC_ARRAY_QUEUE not in this run", "", "0.309 \u00b1 0.019", "",
            "3.00 \u00b1 0.18", "\u2265 10.00: FAIL", "0.010", "0.033", "\u2264 0.01: FAIL"),
            row(markdown, OBJECT_TABLE, "Sluice OBJECT_MPSC (1 producer)"));
        assertEquals("1", row(markdown, OBJECT_TABLE, "LMAX Disruptor 4 (single producer, poller)").get(5));

        assertTrue(markdown.contains("2 passed, 4 failed."), markdown);
        assertTrue(markdown.contains("- Sluice OBJECT_MPSC (1 producer) / JCTools MpscArrayQueue (1 producer): not " +
            "measured, the peer is not in this run [ObjectChannelThroughput (capacity=1024)]"), markdown);
        assertTrue(markdown.contains("Goals (the suite's, issue 6): each Sluice SPSC channel \u2265 0.90 of its raw " +
            "peer, the object SPSC channel \u2265 1.00 of the Disruptor's single producer"), markdown);
        assertEquals(4, report.goals().missed().size());
        assertEquals(1, report.goals().notes().size());
    }

    @Test
    void shouldJudgeTheBinaryChannelsAgainstTheSuiteGoals() throws IOException
    {
        final String markdown = new RatioReport(RatioReport.GoalSet.SUITE).render(read("binary.json"));

        // no Disruptor in the binary class: no Disruptor columns
        assertFalse(markdown.contains("Disruptor goal"), markdown);
        final List<String> offer = row(markdown, BINARY_TABLE, "Sluice BINARY_SPSC offer (copy)");
        assertEquals("0.920 \u00b1 0.050 of Agrona OneToOneRingBuffer write (copy)", offer.get(3));
        assertEquals("\u2265 0.90: PASS (within error)", offer.get(4));
        assertEquals("11.50 \u00b1 0.38", offer.get(5));
        assertEquals("\u2265 10.00: PASS", offer.get(6));

        final List<String> claim = row(markdown, BINARY_TABLE, "Sluice BINARY_SPSC claim/commit");
        assertEquals("0.880 \u00b1 0.013 of Agrona OneToOneRingBuffer tryClaim/commit", claim.get(3));
        assertEquals("\u2265 0.90: FAIL", claim.get(4));
        assertEquals("\u2264 0.01: PASS", claim.get(9));
        assertTrue(markdown.contains("5 passed, 1 failed."), markdown);
    }

    @Test
    void shouldKeepTheChannelGoalsForTheStandaloneReport() throws IOException
    {
        final List<RatioReport.Result> results = read("object.json");
        results.addAll(read("binary.json"));
        final String markdown = new RatioReport().render(results);

        // the header and the goals of jmh/run-channel-benchmarks.sh: 0.85 of the raw peer, no Disruptor columns
        assertTrue(markdown.contains("| Implementation | Delivered [M msg/s] | Offers refused | Ratio to raw peer " +
            "| Peer goal | Ratio to ArrayBlockingQueue | ABQ goal | Alloc [B/op] | Alloc [B/msg] | Alloc goal |\n" +
            "|---|--:|--:|---|---|--:|---|--:|--:|---|\n"), markdown);
        assertFalse(markdown.contains("Disruptor goal"), markdown);
        assertFalse(markdown.contains("the suite's"), markdown);
        assertEquals("\u2265 0.85: PASS", row(markdown, OBJECT_TABLE, "Sluice OBJECT_SPSC").get(4));
        // 0.880 +- 0.013 misses 0.9 but meets 0.85
        assertEquals("\u2265 0.85: PASS", row(markdown, BINARY_TABLE, "Sluice BINARY_SPSC claim/commit").get(4));
        assertTrue(markdown.contains("8 passed, 3 failed."), markdown);
    }
}
