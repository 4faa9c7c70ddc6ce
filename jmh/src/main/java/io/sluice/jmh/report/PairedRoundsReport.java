package io.sluice.jmh.report;

import io.sluice.jmh.report.CsvResults.Row;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Paired ratios from a rounds directory ({@code jmh/run-rounds.sh}): for each pair of values of one parameter (a
 * Sluice channel and its raw peer, a policy and its baseline), the ratio of their throughputs per round, then the mean
 * of those ratios with t(99.9 %) times their standard error, and a verdict against the pair's goal.
 * <pre>
 * java -cp jmh/target/benchmarks.jar io.sluice.jmh.report.PairedRoundsReport [--fail-on-goal] --param impl \
 *     [--metric delivered] --pair SLUICE_BINARY_SPSC_CLAIM/AGRONA_ONE_TO_ONE_CLAIM&gt;=0.85 [--pair ...] rounds-dir...
 * </pre>
 * {@code --metric} names the secondary result to compare (the channel benchmarks' {@code delivered} counter); without
 * it the primary score is compared. Only throughput results (a unit of operations per time) can be compared. Rows are
 * paired within a round and within the same benchmark and other parameters; a round missing one side is left out and
 * the count of rounds used is printed. Why rounds: see {@link CsvResults}.
 */
public final class PairedRoundsReport
{
    private final Goals goals = new Goals();

    private PairedRoundsReport()
    {
    }

    /**
     * A compared pair of parameter values and the least acceptable ratio (NaN: no goal).
     *
     * @param numerator   the value whose throughput is divided.
     * @param denominator the value it is compared with.
     * @param goal        least acceptable ratio, NaN if none.
     */
    record Pair(String numerator, String denominator, double goal)
    {
        static Pair parse(final String text)
        {
            final int slash = text.indexOf('/');
            final int ge = text.indexOf(">=");
            if (slash <= 0 || slash == text.length() - 1 || (ge >= 0 && ge < slash))
            {
                throw new IllegalArgumentException("--pair " + text + ": expected NUMERATOR/DENOMINATOR or " +
                    "NUMERATOR/DENOMINATOR>=GOAL, e.g. SLUICE_OBJECT_SPSC/JCTOOLS_SPSC_ARRAY_QUEUE>=0.85");
            }
            final String denominator = ge < 0 ? text.substring(slash + 1) : text.substring(slash + 1, ge);
            double goal = Double.NaN;
            if (ge >= 0)
            {
                try
                {
                    goal = Double.parseDouble(text.substring(ge + 2));
                }
                catch (final NumberFormatException ex)
                {
                    throw new IllegalArgumentException("--pair " + text + ": goal '" + text.substring(ge + 2) +
                        "' is not a number");
                }
            }
            return new Pair(text.substring(0, slash), denominator, goal);
        }
    }

    public static void main(final String[] args) throws IOException
    {
        boolean failOnGoal = false;
        String param = null;
        String metric = "";
        final List<Pair> pairs = new ArrayList<>();
        final List<Row> rows = new ArrayList<>();
        try
        {
            for (int i = 0; i < args.length; i++)
            {
                switch (args[i])
                {
                    case "--fail-on-goal" -> failOnGoal = true;
                    case "--param" -> param = value(args, ++i, "--param");
                    case "--metric" -> metric = value(args, ++i, "--metric");
                    case "--pair" -> pairs.add(Pair.parse(value(args, ++i, "--pair")));
                    default ->
                    {
                        if (args[i].startsWith("-"))
                        {
                            throw new IllegalArgumentException("unknown option " + args[i]);
                        }
                        rows.addAll(CsvResults.readAll(Path.of(args[i])));
                    }
                }
            }
            if (null == param || pairs.isEmpty() || rows.isEmpty())
            {
                throw new IllegalArgumentException("--param, at least one --pair and a rounds directory are needed");
            }
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println(ex.getMessage());
            System.err.println("usage: java -cp benchmarks.jar " + PairedRoundsReport.class.getName() +
                " [--fail-on-goal] --param NAME [--metric NAME] --pair NUM/DEN[>=GOAL]... rounds-dir...");
            System.exit(1);
            return;
        }
        final PairedRoundsReport report = new PairedRoundsReport();
        System.out.print(report.render(rows, param, metric, pairs));
        if (failOnGoal && report.goals.failed() > 0)
        {
            System.exit(2);
        }
    }

    private static String value(final String[] args, final int index, final String option)
    {
        if (index >= args.length)
        {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    String render(final List<Row> rows, final String param, final String metric, final List<Pair> pairs)
    {
        // group (benchmark and the other parameters) -> parameter value -> round -> rates
        final Map<String, Map<String, Map<String, List<Double>>>> groups = new TreeMap<>();
        for (final Row row : rows)
        {
            final String value = row.params().get(param);
            if (null == value || !metric.equals(row.metric()))
            {
                continue;
            }
            final String others = row.conditionsWithout(param);
            final String group = simpleName(row.primary()) + (others.isEmpty() ? "" : " (" + others + ")");
            groups.computeIfAbsent(group, k -> new LinkedHashMap<>())
                .computeIfAbsent(value, k -> new TreeMap<>())
                .computeIfAbsent(row.round(), k -> new ArrayList<>())
                .add(RatioReport.perMicrosecond(row.unit(), row.score()));
        }
        final StringBuilder out = new StringBuilder();
        out.append("# Paired rounds: ").append(param).append(", ")
            .append(metric.isEmpty() ? "primary score" : "`" + metric + "`").append("\n\n");
        if (groups.isEmpty())
        {
            out.append("No results with parameter `").append(param).append("` and metric `").append(metric)
                .append("`.\n\n");
        }
        for (final Map.Entry<String, Map<String, Map<String, List<Double>>>> group : groups.entrySet())
        {
            out.append("## ").append(group.getKey()).append("\n\n");
            out.append("| ").append(param).append(" | compared with | Rounds | Rate [M/s] | Rate compared with [M/s] " +
                "| Ratio | Goal |\n");
            out.append("|---|---|--:|--:|--:|--:|---|\n");
            for (final Pair pair : pairs)
            {
                renderPair(out, group.getKey(), group.getValue(), pair);
            }
            out.append('\n');
        }
        goals.render(out);
        out.append("Rates: mean over rounds of each fork's score, \u00b1 t(99.9 %, rounds - 1) \u00b7 sd / " +
            "\u221arounds. Ratio: mean of the per-round ratios (each fork against the fork of the other value in " +
            "the same round, run right before or after it), \u00b1 the same half-width of those ratios. A verdict " +
            "is \"within error\" when the goal lies inside the error.\n");
        return out.toString();
    }

    private void renderPair(
        final StringBuilder out, final String where, final Map<String, Map<String, List<Double>>> byValue,
        final Pair pair)
    {
        final Map<String, List<Double>> numerator = byValue.get(pair.numerator());
        final Map<String, List<Double>> denominator = byValue.get(pair.denominator());
        if (null == numerator || null == denominator)
        {
            return;
        }
        final List<String> rounds = new ArrayList<>();
        for (final String round : numerator.keySet())
        {
            if (denominator.containsKey(round))
            {
                rounds.add(round);
            }
        }
        final double[] a = new double[rounds.size()];
        final double[] b = new double[rounds.size()];
        final double[] ratios = new double[rounds.size()];
        for (int i = 0; i < rounds.size(); i++)
        {
            a[i] = CsvResults.mean(toArray(numerator.get(rounds.get(i))));
            b[i] = CsvResults.mean(toArray(denominator.get(rounds.get(i))));
            ratios[i] = a[i] / b[i];
        }
        out.append("| `").append(pair.numerator()).append("` | `").append(pair.denominator()).append("` | ")
            .append(rounds.size());
        if (rounds.isEmpty())
        {
            out.append(" | n/a | n/a | n/a | not measured (no round ran both) |\n");
            return;
        }
        final double ratio = CsvResults.mean(ratios);
        final double error = CsvResults.halfWidth(ratios);
        out.append(" | ").append(Goals.withError(CsvResults.mean(a), CsvResults.halfWidth(a), "%.1f"));
        out.append(" | ").append(Goals.withError(CsvResults.mean(b), CsvResults.halfWidth(b), "%.1f"));
        out.append(" | ").append(Goals.withError(ratio, error, "%.3f"));
        out.append(" | ").append(Double.isNaN(pair.goal()) ? "no goal" :
            goals.atLeast(ratio, error, pair.goal(), pair.numerator() + " / " + pair.denominator(), where));
        out.append(" |\n");
    }

    private static double[] toArray(final List<Double> values)
    {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static String simpleName(final String benchmark)
    {
        final int method = benchmark.lastIndexOf('.');
        final int type = method <= 0 ? -1 : benchmark.lastIndexOf('.', method - 1);
        return type < 0 ? benchmark : benchmark.substring(type + 1);
    }
}
