package io.sluice.jmh.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A plain table of JMH results for the scenarios without a report of their own: per benchmark and set of
 * conditions, one row per variant (the {@code impl} or {@code policy} parameter) with the primary score and its
 * error, every secondary result (the {@code @AuxCounters}: delivered rates, percentiles, drops) and the bytes
 * allocated per operation.
 */
final class GenericReport
{
    private static final String[] VARIANT_PARAMS = {"impl", "policy", "mode"};

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
                    out.append(' ').append(null == metric ? "" :
                        String.format(Locale.ROOT, "%.4g ± %.2g %s", metric.score(), metric.error(), metric.unit()))
                        .append(" |");
                }
                out.append('\n');
            }
            out.append('\n');
        }
        out.append("Score: JMH's primary result, mean over the measured iterations of all forks ± its 99.9 % " +
            "confidence half-width; the other columns are the benchmark's secondary results.\n");
        return out.toString();
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
