package io.sluice.jmh.metrics;

import io.sluice.jmh.report.CsvResults;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The metrics report over both groups of {@link MetricsOverheadBenchmark}. The fixtures are two rounds of real CSV
 * each: {@code rounds/round-NN/roundTrip-*.csv} from a run of the one-thread group (OBJECT_SPSC, sampling 1 in 1024;
 * delivered OFF 158.21 and 165.02, ON 169.76 and 180.39 M msg/s), and the suite's two-thread fixture
 * ({@code io/sluice/jmh/report/suite/metrics}, sampling 1 in 64), read together as one set of rounds.
 */
class MetricsOverheadReportTest
{
    @Test
    void shouldPairEachGroupWithItsOwnOffRunsAndLabelTheOneThreadLines() throws Exception
    {
        final MetricsOverheadReport report = new MetricsOverheadReport();
        final String out = report.render(bothGroups());

        // one thread: ratios 169.76 / 158.21 = 1.073 and 180.39 / 165.02 = 1.093, mean 1.083; its OFF mean 161.6
        assertTrue(out.contains("| one thread (roundTrip), capacity=1024, drainLimit=1, kind=OBJECT_SPSC, " +
            "sampleInterval=1024 | 2 | 161.6 \u00b1 2160.5 | 175.1 \u00b1 3377.6 | 1.083 \u00b1 6.420 | " +
            "-8.3 \u00b1 642.0 % | \u2264 5 %: PASS (within error) | 0.0000 | 0.0004 | \u2264 0.01: PASS |"), out);
        // two threads: unlabelled, paired with the two-thread OFF runs only (22.1, not the one-thread 161.6)
        assertTrue(out.contains("| capacity=1024, drainLimit=1, kind=OBJECT_SPSC, sampleInterval=64 | 2 | 22.1 " +
            "\u00b1 2509.7 | 19.7 \u00b1 2374.4 | 0.890 \u00b1 6.366 | 11.0 \u00b1 636.6 % | \u2264 5 %: FAIL " +
            "(within error) | 0.0004 | 0.0037 | \u2264 0.01: PASS |"), out);
        // alloc of a round trip is per message: gc.alloc.rate.norm is already per operation there
        assertTrue(out.contains("- bytes per message with metrics ON = 0.0004, goal \u2264 0.01: PASS [one thread " +
            "(roundTrip), capacity=1024, drainLimit=1, kind=OBJECT_SPSC, sampleInterval=1024]\n"), out);

        assertEquals(3, report.goalsMet().size(), out);
        assertEquals(1, report.goalsMissed().size(), out);
        assertTrue(report.goalsMissed().get(0).endsWith("[capacity=1024, drainLimit=1, kind=OBJECT_SPSC, " +
            "sampleInterval=64]"), report.goalsMissed().toString());
    }

    @Test
    void shouldReportTheTwoThreadGroupAloneAsBefore() throws IOException, URISyntaxException
    {
        final MetricsOverheadReport report = new MetricsOverheadReport();
        final String out = report.render(CsvResults.readAll(resource("/io/sluice/jmh/report/suite/metrics")));

        assertFalse(out.contains("one thread"), out);
        assertEquals(1, report.goalsMet().size(), out);
        assertEquals(1, report.goalsMissed().size(), out);
    }

    private static List<CsvResults.Row> bothGroups() throws IOException, URISyntaxException
    {
        final List<CsvResults.Row> rows = new ArrayList<>(CsvResults.readAll(resource("rounds")));
        rows.addAll(CsvResults.readAll(resource("/io/sluice/jmh/report/suite/metrics")));
        return rows;
    }

    private static Path resource(final String name) throws URISyntaxException
    {
        return Path.of(MetricsOverheadReportTest.class.getResource(name).toURI());
    }
}
