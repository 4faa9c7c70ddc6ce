package io.sluice.jmh.report;

import io.sluice.jmh.channel.Implementation;
import io.sluice.jmh.latency.PingPong;
import io.sluice.jmh.latency.ResponseTime;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The charts of the benchmark suite's report, drawn with JFreeChart into PNG files beside {@code report.md}:
 * <ul>
 *     <li>rate bars: for every benchmark class and set of conditions with a {@code delivered} counter, messages
 *     delivered per second of each variant (the {@code impl} or {@code mode} parameter), with JMH's 99.9 % error as
 *     an error bar;</li>
 *     <li>ratio bars: for the channel benchmarks, each Sluice channel's delivered rate divided by each peer's in the
 *     same run, with the propagated error, and the suite's goals as horizontal lines (0.9 of the raw peer, 1.0 of the
 *     Disruptor, 10 times ArrayBlockingQueue: {@link RatioReport.GoalSet#SUITE});</li>
 *     <li>round-trip bars: for {@link PingPong}, the mean round trip of each implementation with JMH's error;</li>
 *     <li>percentile curves: for {@link ResponseTime}, one chart per offered rate (and set of other parameters), the
 *     response time in microseconds on a log scale against the percentile on the usual "percentile spectrum" axis
 *     (1/(1-p) on a log scale, labelled 50%, 90%, 99%, 99.9%, 99.99%...), one line per implementation through the
 *     percentiles the benchmark reports (p50, p99, p99.9, p99.99, each the mean over the measured iterations) and
 *     the maximum, placed where the largest of n samples sits, at 1/(1-p) = n, n being the messages per
 *     iteration.</li>
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
        rateCharts(results, dir, scenario, links);
        roundTripCharts(results, dir, scenario, links);
        percentileCharts(results, dir, scenario, links);
        return links.toString();
    }

    /**
     * Delivered-rate bars and, for the channel benchmarks, ratio bars.
     */
    private static void rateCharts(
        final List<RatioReport.Result> results, final Path dir, final String scenario, final StringBuilder links)
        throws IOException
    {
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
                        ratios, RatioReport.GoalSet.SUITE.chartGoals());
                    links.append("![").append(group.getKey()).append(": ratios to the peers](").append(ratioFile)
                        .append(")\n");
                }
            }
        }
    }

    /**
     * For {@link PingPong}: the mean round trip of each implementation, per set of conditions.
     */
    private static void roundTripCharts(
        final List<RatioReport.Result> results, final Path dir, final String scenario, final StringBuilder links)
        throws IOException
    {
        final Map<String, Map<String, RatioReport.Result>> groups = new LinkedHashMap<>();
        for (final RatioReport.Result result : results)
        {
            final String impl = result.params().get(PingPongReport.IMPL);
            if (PingPongReport.BENCHMARK_CLASS.equals(result.benchmarkClass()) && null != impl)
            {
                final String conditions = result.conditionsWithout(PingPongReport.IMPL);
                groups.computeIfAbsent(PingPongReport.BENCHMARK_CLASS + (conditions.isEmpty() ? "" :
                    " (" + conditions + ")"), k -> new LinkedHashMap<>()).putIfAbsent(impl, result);
            }
        }
        int n = 0;
        for (final Map.Entry<String, Map<String, RatioReport.Result>> group : groups.entrySet())
        {
            n++;
            final DefaultStatisticalCategoryDataset times = new DefaultStatisticalCategoryDataset();
            for (final Map.Entry<String, RatioReport.Result> variant : group.getValue().entrySet())
            {
                final RatioReport.Metric roundTrip = variant.getValue().primary();
                times.add(roundTrip.score(), roundTrip.error(), "round trip", variant.getKey());
            }
            final String file = scenario + "-roundtrip-" + n + ".png";
            save(dir.resolve(file), group.getKey() + ": mean round trip", "round trip [ns]", times, List.of());
            links.append("![").append(group.getKey()).append(": mean round trip](").append(file).append(")\n");
        }
    }

    /**
     * For {@link ResponseTime}: one chart of the percentile curves per rate (and set of other parameters).
     */
    private static void percentileCharts(
        final List<RatioReport.Result> results, final Path dir, final String scenario, final StringBuilder links)
        throws IOException
    {
        int n = 0;
        for (final Map<String, RatioReport.Result> group : ResponseTimeReport.groups(results, new ArrayList<>())
            .values())
        {
            n++;
            final String title = ResponseTimeReport.title(group);
            final String file = scenario + "-percentiles-" + n + ".png";
            savePercentiles(dir.resolve(file), title, percentileCurves(group));
            links.append("![").append(title).append(": response-time percentiles](").append(file).append(")\n");
        }
    }

    /**
     * One series per implementation: (1/(1-p), latency in microseconds) for each reported percentile, and the
     * maximum at 1/(1-p) = messages per iteration. Values that a log axis cannot show (0 or less, NaN) are left out.
     */
    static XYSeriesCollection percentileCurves(final Map<String, RatioReport.Result> byImpl)
    {
        final XYSeriesCollection curves = new XYSeriesCollection();
        for (final ResponseTime.Impl impl : ResponseTime.Impl.values())
        {
            final RatioReport.Result result = byImpl.get(impl.name());
            if (null == result)
            {
                continue;
            }
            final XYSeries series = new XYSeries(impl.label(), true, false);
            for (final ResponseTimeReport.Percentile percentile : ResponseTimeReport.PERCENTILES)
            {
                addPoint(series, spectrum(percentile.fraction()), result.secondary().get(percentile.metric()));
            }
            final RatioReport.Metric messages = result.secondary().get(ResponseTimeReport.MESSAGES);
            final double samples = null == messages ? Double.NaN : messages.perIteration();
            final double last = spectrum(ResponseTimeReport.PERCENTILES
                .get(ResponseTimeReport.PERCENTILES.size() - 1).fraction());
            if (samples > last)
            {
                addPoint(series, samples, result.secondary().get(ResponseTimeReport.MAX));
            }
            curves.addSeries(series);
        }
        return curves;
    }

    private static void addPoint(final XYSeries series, final double x, final RatioReport.Metric nanos)
    {
        final double micros = null == nanos ? Double.NaN : nanos.perIteration() / 1e3;
        if (micros > 0)
        {
            series.add(x, micros);
        }
    }

    /**
     * The percentile spectrum's abscissa of a fraction p: 1/(1-p), so that 90%, 99%, 99.9%... lie a decade apart.
     *
     * @param fraction p, below 1.
     * @return 1/(1-p).
     */
    static double spectrum(final double fraction)
    {
        return 1.0 / (1.0 - fraction);
    }

    private static void savePercentiles(final Path file, final String title, final XYSeriesCollection curves)
        throws IOException
    {
        double right = spectrum(0.9999);
        for (int s = 0; s < curves.getSeriesCount(); s++)
        {
            right = Math.max(right, curves.getSeries(s).getMaxX());
        }
        final PercentileAxis percentiles = new PercentileAxis(right * 2);
        final LatencyAxis latency = new LatencyAxis();
        final XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        final XYPlot plot = new XYPlot(curves, percentiles, latency, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        final JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.addSubtitle(new TextTitle("mean over the measured iterations; the last point of a line is the " +
            "maximum, at 1/(1-p) = messages per iteration"));
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }

    /**
     * A log axis of microseconds with ticks at 1, 2 and 5 times each power of ten (only the powers of ten when the
     * range spans more than four decades), labelled as plain numbers.
     */
    static final class LatencyAxis extends LogAxis
    {
        private static final long serialVersionUID = 1L;

        LatencyAxis()
        {
            super("response time [\u00b5s], log scale");
        }

        @Override
        public List<ValueTick> refreshTicks(
            final Graphics2D g2, final AxisState state, final Rectangle2D dataArea, final RectangleEdge edge)
        {
            final DecimalFormat format = new DecimalFormat("#,##0.###", DecimalFormatSymbols.getInstance(Locale.ROOT));
            final double lower = getLowerBound();
            final double upper = getUpperBound();
            final boolean decadesOnly = upper / lower > 1e4;
            final List<ValueTick> ticks = new ArrayList<>();
            final boolean vertical = RectangleEdge.isLeftOrRight(edge);
            for (double decade = Math.pow(10, Math.floor(Math.log10(lower))); decade <= upper; decade *= 10)
            {
                for (final double step : decadesOnly ? new double[]{ 1 } : new double[]{ 1, 2, 5 })
                {
                    final double value = decade * step;
                    if (value >= lower && value <= upper)
                    {
                        ticks.add(new NumberTick(value, format.format(value), vertical ? TextAnchor.CENTER_RIGHT :
                            TextAnchor.TOP_CENTER, TextAnchor.CENTER, 0.0));
                    }
                }
            }
            return ticks;
        }
    }

    /**
     * The percentile spectrum axis: a log axis of 1/(1-p) from just below 50% ({@code 1/(1-p) = 2}), with a tick and
     * a percentage label at 50% and at every decade (90%, 99%, 99.9%, ...).
     */
    static final class PercentileAxis extends LogAxis
    {
        private static final long serialVersionUID = 1L;

        PercentileAxis(final double upper)
        {
            super("percentile (1/(1-p), log scale)");
            setAutoRange(false);
            setRange(1.5, upper);
        }

        /**
         * The label of a point of the axis: the percentile p of 1/(1-p), e.g. "99.9%".
         *
         * @param spectrum 1/(1-p).
         * @return the percentage.
         */
        static String label(final double spectrum)
        {
            final double percent = 100.0 * (1.0 - 1.0 / spectrum);
            final DecimalFormat format =
                new DecimalFormat("0.######", DecimalFormatSymbols.getInstance(Locale.ROOT));
            return format.format(percent) + "%";
        }

        @Override
        public List<ValueTick> refreshTicks(
            final Graphics2D g2, final AxisState state, final Rectangle2D dataArea, final RectangleEdge edge)
        {
            final List<ValueTick> ticks = new ArrayList<>();
            final boolean vertical = RectangleEdge.isLeftOrRight(edge);
            for (double value = 2; value <= getUpperBound(); value = value == 2 ? 10 : value * 10)
            {
                ticks.add(new NumberTick(value, label(value), vertical ? TextAnchor.CENTER_RIGHT :
                    TextAnchor.TOP_CENTER, TextAnchor.CENTER, 0.0));
            }
            return ticks;
        }
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
