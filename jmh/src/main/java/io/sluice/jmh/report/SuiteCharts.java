package io.sluice.jmh.report;

import io.sluice.jmh.channel.Implementation;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The charts of the benchmark suite's report, drawn with JFreeChart into PNG files beside {@code report.md}:
 * <ul>
 *     <li>rate bars: for every benchmark class and set of conditions with a {@code delivered} counter, messages
 *     delivered per second of each variant (the {@code impl} or {@code mode} parameter), with JMH's 99.9 % error as
 *     an error bar;</li>
 *     <li>ratio bars: for the channel benchmarks, each Sluice channel's delivered rate divided by each peer's in the
 *     same run, with the propagated error, and the goals as horizontal lines (0.85 of the raw peer, 10 times
 *     ArrayBlockingQueue).</li>
 * </ul>
 * Rendering needs no display ({@code java.awt.headless}) but does need a font the JDK can find.
 */
final class SuiteCharts
{
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 560;

    private SuiteCharts()
    {
    }

    /**
     * Draw the charts of one scenario's results.
     *
     * @param results  the scenario's results.
     * @param dir      where the PNG files go.
     * @param scenario file name prefix.
     * @return Markdown image links to the files written, one per line; empty if nothing to draw.
     * @throws IOException if a file cannot be written.
     */
    static String draw(final List<RatioReport.Result> results, final Path dir, final String scenario) throws IOException
    {
        System.setProperty("java.awt.headless", "true");
        final StringBuilder links = new StringBuilder();
        int n = 0;
        for (final Map.Entry<String, Map<String, RatioReport.Result>> group : groups(results).entrySet())
        {
            final Map<String, RatioReport.Result> byVariant = group.getValue();
            n++;
            final String rateFile = scenario + "-rate-" + n + ".png";
            final DefaultStatisticalCategoryDataset rates = new DefaultStatisticalCategoryDataset();
            for (final Map.Entry<String, RatioReport.Result> variant : byVariant.entrySet())
            {
                final RatioReport.Metric delivered = variant.getValue().secondary().get(RatioReport.DELIVERED);
                rates.add(RatioReport.perMicrosecond(delivered),
                    RatioReport.perMicrosecond(delivered, delivered.error()), "delivered", variant.getKey());
            }
            save(dir.resolve(rateFile), group.getKey(), "delivered [M msg/s]", rates, List.of());
            links.append("![").append(group.getKey()).append(": delivered rate](").append(rateFile).append(")\n");

            final Implementation[] impls = RatioReport.BENCHMARKS.get(className(group.getKey()));
            if (null != impls)
            {
                final DefaultStatisticalCategoryDataset ratios = ratios(impls, byVariant);
                if (ratios.getColumnCount() > 0)
                {
                    final String ratioFile = scenario + "-ratio-" + n + ".png";
                    save(dir.resolve(ratioFile), group.getKey() + ": Sluice / peer", "ratio of delivered rates",
                        ratios, List.of(0.85, 1.0, RatioReport.BASELINE_GOAL));
                    links.append("![").append(group.getKey()).append(": ratios to the peers](").append(ratioFile)
                        .append(")\n");
                }
            }
        }
        return links.toString();
    }

    private static DefaultStatisticalCategoryDataset ratios(
        final Implementation[] impls, final Map<String, RatioReport.Result> byVariant)
    {
        final DefaultStatisticalCategoryDataset ratios = new DefaultStatisticalCategoryDataset();
        for (final Implementation sluice : impls)
        {
            final RatioReport.Result numerator = byVariant.get(sluice.name());
            if (!sluice.isSluice() || null == numerator)
            {
                continue;
            }
            for (final Implementation peer : impls)
            {
                final RatioReport.Result denominator = byVariant.get(peer.name());
                if (peer.isSluice() || null == denominator)
                {
                    continue;
                }
                final double[] ratio = RatioReport.ratio(numerator, denominator);
                ratios.add(ratio[0], ratio[1], "vs " + peer.name(), sluice.name());
            }
        }
        return ratios;
    }

    /**
     * Results with a delivered counter, by "class (conditions)" and then by variant, in the order first seen.
     */
    static Map<String, Map<String, RatioReport.Result>> groups(final List<RatioReport.Result> results)
    {
        final Map<String, Map<String, RatioReport.Result>> groups = new LinkedHashMap<>();
        for (final RatioReport.Result result : results)
        {
            final String variantParam = result.params().containsKey("impl") ? "impl" : "mode";
            final String variant = result.params().get(variantParam);
            if (null == variant || !result.secondary().containsKey(RatioReport.DELIVERED))
            {
                continue;
            }
            final String conditions = result.conditionsWithout(variantParam);
            final String key = result.benchmarkClass() + (conditions.isEmpty() ? "" : " (" + conditions + ")");
            groups.computeIfAbsent(key, k -> new LinkedHashMap<>()).putIfAbsent(variant, result);
        }
        return groups;
    }

    private static String className(final String groupKey)
    {
        final int space = groupKey.indexOf(' ');
        return space < 0 ? groupKey : groupKey.substring(0, space);
    }

    private static void save(
        final Path file,
        final String title,
        final String rangeLabel,
        final DefaultStatisticalCategoryDataset data,
        final List<Double> markers) throws IOException
    {
        final CategoryAxis categories = new CategoryAxis();
        categories.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        final StatisticalBarRenderer renderer = new StatisticalBarRenderer();
        renderer.setErrorIndicatorPaint(Color.BLACK);
        final NumberAxis range = new NumberAxis(rangeLabel);
        double top = 0;
        for (int row = 0; row < data.getRowCount(); row++)
        {
            for (int column = 0; column < data.getColumnCount(); column++)
            {
                final Number mean = data.getMeanValue(row, column);
                final Number error = data.getStdDevValue(row, column);
                if (null != mean)
                {
                    top = Math.max(top, mean.doubleValue() + (null == error ? 0 : error.doubleValue()));
                }
            }
        }
        for (final double marker : markers)
        {
            top = Math.max(top, marker);
        }
        // rates and ratios are never negative: an error bar below zero is cut at the axis
        range.setRange(0, top > 0 ? top * 1.05 : 1);
        final CategoryPlot plot = new CategoryPlot(data, categories, range, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        final List<Double> shown = new ArrayList<>();
        for (final double marker : markers)
        {
            if (!shown.contains(marker))
            {
                final ValueMarker line = new ValueMarker(marker, Color.RED, new BasicStroke(1.0f));
                line.setLabel("goal " + marker);
                plot.addRangeMarker(line);
                shown.add(marker);
            }
        }
        final JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, data.getRowCount() > 1);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }
}
