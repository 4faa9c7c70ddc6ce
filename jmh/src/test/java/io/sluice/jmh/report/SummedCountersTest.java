package io.sluice.jmh.report;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.sluice.jmh.report.ReportFixtures.metric;
import static io.sluice.jmh.report.ReportFixtures.read;
import static io.sluice.jmh.report.ReportFixtures.result;
import static io.sluice.jmh.report.ReportFixtures.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Results JMH sums over the iterations ({@code @AuxCounters(EVENTS)}, {@code gc.count}) are reported per iteration,
 * in the scenarios without goals (the slow consumer: no peer) as in those with goals.
 */
class SummedCountersTest
{
    @Test
    void shouldShowEventCountersPerIterationInTheGenericTable() throws IOException
    {
        final String markdown = new GenericReport().render(read("slow.json"));

        assertTrue(markdown.contains("### SlowConsumer.offer (capacity=1024, workNanos=1000)"), markdown);
        final List<String> header = ReportFixtures.cells(markdown.lines()
            .filter(line -> line.startsWith("| Variant")).findFirst().orElseThrow());
        final List<String> dropNewest = row(markdown, "`DROP_NEWEST`");
        final List<String> spill = row(markdown, "`SPILL`");
        // depthMean is 512 +- 4 per iteration; JMH's score is the sum over the 6 iterations, 3072
        assertEquals("512.0 \u00b1 4.0 #/iter", dropNewest.get(header.indexOf("depthMean")));
        assertEquals("1000 \u00b1 4.0 #/iter", spill.get(header.indexOf("depthMean")));
        assertEquals("1024 \u00b1 0.0 #/iter", spill.get(header.indexOf("depthMax")));
        assertEquals("1.000 \u00b1 0.0 #/iter", spill.get(header.indexOf("iterations")));
        assertEquals("2.500e+04 \u00b1 0.0 #/iter", spill.get(header.indexOf("spillDepthMean")));
        // OPERATIONS counters are rates, averaged by JMH: shown as they are
        assertEquals("9.000e+05 \u00b1 0.0 ops/s", spill.get(header.indexOf("accepted")));
        assertEquals("1.000e+05 \u00b1 0.0 ops/s", spill.get(header.indexOf("spilled")));
        assertEquals("1000000.000 \u00b1 0.000", spill.get(1));
    }

    @Test
    void shouldCountGarbageCollectionsPerIterationInThePipelineTable()
    {
        final Map<String, RatioReport.Metric> secondary = new LinkedHashMap<>();
        secondary.put(RatioReport.DELIVERED, metric("ops/s", 6.0e7, 1.0e6, 6.0e7, 6.0e7, 6.0e7));
        secondary.put(RatioReport.ALLOC_NORM, metric("B/op", 0.0, 0.0, 0.0, 0.0, 0.0));
        // two collections in three iterations: JMH writes gc.count's score as their sum, 2, with no error
        secondary.put(PipelineReport.GC_COUNT, metric("counts", 2.0, Double.NaN, 1.0, 0.0, 1.0));
        final RatioReport.Result sharedThread = result(PipelineReport.BENCHMARK_CLASS, "sample",
            Map.of("mode", "HAND_WIRED_SHARED", "batch", "64"), metric("ops/s", 1000.0, 10.0, 1000.0), secondary);

        final String markdown = new PipelineReport().render(List.of(sharedThread));
        final List<String> cells = row(markdown, "Hand-wired JCTools, one shared runner (`HAND_WIRED_SHARED`)");
        assertEquals("0.7", cells.get(cells.size() - 1), "2 collections over 3 iterations, per iteration");
    }
}
