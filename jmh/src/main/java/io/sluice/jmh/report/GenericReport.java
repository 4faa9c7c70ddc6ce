package io.sluice.jmh.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A plain table of JMH results for the scenarios without a report of their own: per benchmark and set of
 * conditions, one row per variant (the {@code impl} or {@code policy} parameter) with the primary score and its
 * error, every secondary result (the {@code @AuxCounters}: delivered rates, depths, drops) and the bytes
 * allocated per operation. No goals are judged.
 * <p>
 * A secondary result JMH aggregates by summing ({@code @AuxCounters(EVENTS)}, unit {@code #}; see
 * {@link RatioReport.Metric#summed()}) is shown per iteration ({@code #/iter}): the mean of its {@code rawData} and
 * the 99.9% half-width computed from them, not JMH's score, which is the sum over every measured iteration.
 */
final class GenericReport
{
    private static final String[] VARIANT_PARAMS = {"impl", "policy", "mode"};

    private final Goals goals = new Goals();

    /**
     * The goals this report judged: none.
     *
     * @return empty goals.
     */
    Goals goals()
    {
        return goals;
    }

    /**
     * The table.
     *
     * @param results JMH results of one scenario.
     * @return Markdown.
     */
    String render(final List<RatioReport.Result> results)
    {
        final Map<String, Map<String, RatioReport.Result>> groups = new LinkedHashMap<>();
        for (final RatioReport.Result result : results)
        {
            final String variantParam = variantParam(result);
            final String variant = null == variantParam ? "-" : result.params().get(variantParam);
            final String conditions = null == variantParam ? result.conditionsWithout("") :
                result.conditionsWithout(variantParam);
            final String key = result.benchmarkClass() + "." + result.method() +
                (conditions.isEmpty() ? "" : " (" + conditions + ")");
            groups.computeIfAbsent(key, k -> new LinkedHashMap<>()).putIfAbsent(variant, result);
        }

        final StringBuilder out = new StringBuilder();
        for (final Map.Entry<String, Map<String, RatioReport.Result>> group : groups.entrySet())
        {
            out.append("### ").append(group.getKey()).append("\n\n");
            final RatioReport.Result first = group.getValue().values().iterator().next();
            out.append("| Variant | Score | Unit |");
            final List<String> secondary = first.secondary().keySet().stream()
                .filter(name -> !name.startsWith("gc.") || name.equals(RatioReport.ALLOC_NORM)).sorted().toList();
            for (final String name : secondary)
            {
                out.append(' ').append(name).append(" |");
            }
            out.append('\n').append("|---|--:|---|").append("--:|".repeat(secondary.size())).append('\n');
            for (final Map.Entry<String, RatioReport.Result> variant : group.getValue().entrySet())
            {
                final RatioReport.Metric primary = variant.getValue().primary();
                out.append("| `").append(variant.getKey()).append("` | ")
                    .append(String.format(Locale.ROOT, "%.3f ± %.3f", primary.score(), primary.error()))
                    .append(" | ").append(primary.unit()).append(" |");
                for (final String name : secondary)
                {
                    final RatioReport.Metric metric = variant.getValue().secondary().get(name);
                    out.append(' ').append(cell(metric)).append(" |");
                }
                out.append('\n');
            }
            out.append('\n');
        }
        out.append("Score: JMH's primary result, mean over the measured iterations of all forks ± its 99.9 % " +
            "confidence half-width; the other columns are the benchmark's secondary results, the same way. A " +
            "`#/iter` figure is an `@AuxCounters(EVENTS)` counter per iteration: the mean of its values over the " +
            "measured iterations ± the half-width computed from them (JMH's own score of such a counter is their " +
            "sum).\n");
        return out.toString();
    }

    /**
     * A secondary result's cell: JMH's score and error, or, for a result JMH sums over the iterations, the mean and
     * error per iteration.
     */
    static String cell(final RatioReport.Metric metric)
    {
        if (null == metric)
        {
            return "";
        }
        if (metric.summed())
        {
            // JMH's score of an EVENTS counter is the sum over every measured iteration of every fork: not a figure
            // of one iteration, and growing with the run's length. Its mean per iteration is what the counter means.
            return String.format(Locale.ROOT, "%.4g ± %.2g %s/iter", metric.perIteration(),
                metric.perIterationError(), metric.unit());
        }
        return String.format(Locale.ROOT, "%.4g ± %.2g %s", metric.score(), metric.error(), metric.unit());
    }

    private static String variantParam(final RatioReport.Result result)
    {
        for (final String name : VARIANT_PARAMS)
        {
            if (result.params().containsKey(name))
            {
                return name;
            }
        }
        return null;
    }
}
