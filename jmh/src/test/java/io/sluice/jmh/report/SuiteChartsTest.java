package io.sluice.jmh.report;

import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.sluice.jmh.report.ReportFixtures.assertPng;
import static io.sluice.jmh.report.ReportFixtures.canDrawText;
import static io.sluice.jmh.report.ReportFixtures.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SuiteChartsTest
{
    @TempDir
    Path dir;

    @Test
    void shouldDrawRateAndRatioBarsOfTheChannels() throws IOException
    {
        assumeTrue(canDrawText(), "the JDK finds no font: JFreeChart cannot draw text here");
        final String links = SuiteCharts.draw(read("object.json"), dir, "object");

        assertEquals("![ObjectChannelThroughput (capacity=1024): delivered rate](object-rate-1.png)\n" +
            "![ObjectChannelThroughput (capacity=1024): ratios to the peers](object-ratio-1.png)\n", links);
        assertPng(dir.resolve("object-rate-1.png"));
        assertPng(dir.resolve("object-ratio-1.png"));
    }

    @Test
    void shouldDrawRoundTripBarsOfPingPong() throws IOException
    {
        assumeTrue(canDrawText(), "the JDK finds no font: JFreeChart cannot draw text here");
        final String links = SuiteCharts.draw(read("pingpong.json"), dir, "pingpong");

        assertEquals("![PingPong (capacity=1024): mean round trip](pingpong-roundtrip-1.png)\n" +
            "![PingPong (capacity=64): mean round trip](pingpong-roundtrip-2.png)\n", links);
        assertPng(dir.resolve("pingpong-roundtrip-1.png"));
        assertPng(dir.resolve("pingpong-roundtrip-2.png"));
    }

    @Test
    void shouldDrawOnePercentileChartPerRate() throws IOException
    {
        assumeTrue(canDrawText(), "the JDK finds no font: JFreeChart cannot draw text here");
        final String links = SuiteCharts.draw(read("response.json"), dir, "response");

        assertEquals("![ResponseTime at 100000 msg/s (capacity=1024, scheduleMillis=1000): response-time " +
            "percentiles](response-percentiles-1.png)\n" +
            "![ResponseTime at 1000000 msg/s (capacity=1024, scheduleMillis=1000): response-time " +
            "percentiles](response-percentiles-2.png)\n", links);
        assertPng(dir.resolve("response-percentiles-1.png"));
        assertPng(dir.resolve("response-percentiles-2.png"));
    }

    @Test
    void shouldDrawNothingForResultsWithoutARateOrLatency() throws IOException
    {
        assertEquals("", SuiteCharts.draw(read("slow.json"), dir, "slow"));
    }

    @Test
    void shouldPlotThePercentilesOnTheSpectrumWithTheMaximumAtTheSampleCount() throws IOException
    {
        final Map<String, RatioReport.Result> at100k =
            ResponseTimeReport.groups(read("response.json"), new ArrayList<>()).values().iterator().next();
        final XYSeriesCollection curves = SuiteCharts.percentileCurves(at100k);

        assertEquals(2, curves.getSeriesCount());
        final XYSeries sluice = curves.getSeries(0);
        assertEquals("Sluice OBJECT_SPSC", sluice.getKey());
        // x: 1/(1-p) for p50, p99, p99.9, p99.99, then the maximum at 100 000 messages per iteration; y: microseconds
        final double[][] expected = {{2, 0.6}, {100, 4}, {1000, 15}, {10000, 40}, {100000, 99}};
        assertEquals(expected.length, sluice.getItemCount());
        for (int i = 0; i < expected.length; i++)
        {
            assertEquals(expected[i][0], sluice.getX(i).doubleValue(), expected[i][0] * 1e-9, "x of point " + i);
            assertEquals(expected[i][1], sluice.getY(i).doubleValue(), 1e-9, "y of point " + i);
        }
        assertEquals("JCTools SpscArrayQueue", curves.getSeries(1).getKey());
    }

    @Test
    void shouldLabelThePercentileAxisAsPercentages()
    {
        final List<Double> spectrum = List.of(2.0, 10.0, 100.0, 1000.0, 1e4, 1e5);
        assertEquals(List.of("50%", "90%", "99%", "99.9%", "99.99%", "99.999%"),
            spectrum.stream().map(SuiteCharts.PercentileAxis::label).toList());
        assertEquals(1000.0, SuiteCharts.spectrum(0.999), 1e-9);
    }
}
