package io.sluice.jmh.report;

import io.sluice.jmh.channel.BinaryChannelThroughput;
import io.sluice.jmh.channel.Implementation;
import io.sluice.jmh.channel.ObjectChannelThroughput;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads JMH JSON results of the channel benchmarks and prints a Markdown report: per implementation, messages
 * delivered per second with JMH's error, the ratio to its raw peer and to ArrayBlockingQueue with the propagated
 * error, bytes allocated per operation and per delivered message, and a pass/fail verdict for each goal.
 * <pre>
 * java -cp jmh/target/benchmarks.jar io.sluice.jmh.report.RatioReport [--fail-on-goal] result.json...
 * </pre>
 * Ratios are only formed between results of the same benchmark class with the same parameters (other than
 * {@code impl}), i.e. within one run of one class. With {@code --fail-on-goal} the exit status is 2 if a goal is
 * missed.
 */
public final class RatioReport
{
    /**
     * Goal: a Sluice channel delivers at least this many times what ArrayBlockingQueue does.
     */
    public static final double BASELINE_GOAL = 10.0;

    /**
     * Goal: a Sluice channel allocates at most this many bytes per delivered message.
     */
    public static final double ALLOCATION_GOAL = 0.01;

    static final String DELIVERED = "delivered";
    static final String OFFERS_MADE = "offersMade";
    static final String OFFERS_REFUSED = "offersRefused";
    static final String ALLOC_NORM = "gc.alloc.rate.norm";

    static final Map<String, Implementation[]> BENCHMARKS = Map.of(
        ObjectChannelThroughput.class.getSimpleName(), ObjectChannelThroughput.Impl.values(),
        BinaryChannelThroughput.class.getSimpleName(), BinaryChannelThroughput.Impl.values());

    private final Goals goals = new Goals();

    RatioReport()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final Goals.CommandLine commandLine = Goals.CommandLine.parse(args, RatioReport.class, "result.json");

        final List<Result> results = new ArrayList<>();
        for (final Path file : commandLine.files())
        {
            results.addAll(read(file));
        }

        final RatioReport report = new RatioReport();
        System.out.print(report.render(results));
        if (commandLine.failOnGoal() && report.goals.failed() > 0)
        {
            System.exit(2);
        }
    }

    /**
     * One JMH metric: score, error (half-width of the 99.9% confidence interval, NaN if JMH could not tell), unit, and
     * the plain mean of the per-iteration values (NaN if none): JMH sums an {@code @AuxCounters(EVENTS)} counter over
     * the iterations of a fork in its score, so a per-iteration ratio kept in such a counter is read from the mean.
     */
    record Metric(double score, double error, String unit, double rawMean)
    {
    }

    /**
     * One benchmark result: the benchmark's class, its parameters and metrics, and the benchmark method.
     */
    record Result(
        String benchmarkClass,
        Map<String, String> params,
        Metric primary,
        Map<String, Metric> secondary,
        String runShape,
        String method)
    {
        String impl()
        {
            return params.get("impl");
        }

        /**
         * The parameters other than impl: results with equal keys were measured under the same conditions.
         */
        String conditions()
        {
            return conditionsWithout("impl");
        }

        /**
         * The parameters other than the one that names the variant under test, sorted by name.
         */
        String conditionsWithout(final String variantParam)
        {
            final StringBuilder builder = new StringBuilder();
            for (final Map.Entry<String, String> entry : new TreeMap<>(params).entrySet())
            {
                if (!variantParam.equals(entry.getKey()))
                {
                    builder.append(builder.length() == 0 ? "" : ", ").append(entry.getKey()).append('=')
                        .append(entry.getValue());
                }
            }
            return builder.toString();
        }
    }

    @SuppressWarnings("unchecked")
    static List<Result> read(final Path file) throws IOException
    {
        final Object document = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
        if (!(document instanceof List))
        {
            throw new IllegalArgumentException(file + ": not a JMH JSON result (expected an array of results)");
        }

        final List<Result> results = new ArrayList<>();
        for (final Object element : (List<Object>)document)
        {
            final Map<String, Object> result = (Map<String, Object>)element;
            final String benchmark = String.valueOf(result.get("benchmark"));
            final int lastDot = benchmark.lastIndexOf('.');
            final String className = benchmark.substring(benchmark.lastIndexOf('.', lastDot - 1) + 1, lastDot);

            final Map<String, String> params = new LinkedHashMap<>();
            final Object rawParams = result.get("params");
            if (rawParams instanceof Map)
            {
                for (final Map.Entry<String, Object> entry : ((Map<String, Object>)rawParams).entrySet())
                {
                    params.put(entry.getKey(), String.valueOf(entry.getValue()));
                }
            }

            final Map<String, Metric> secondary = new LinkedHashMap<>();
            final Object rawSecondary = result.get("secondaryMetrics");
            if (rawSecondary instanceof Map)
            {
                for (final Map.Entry<String, Object> entry : ((Map<String, Object>)rawSecondary).entrySet())
                {
                    // JMH before 1.37 prefixed profiler metrics with a middle dot
                    final String name = entry.getKey().startsWith("\u00b7") ?
                        entry.getKey().substring(1) : entry.getKey();
                    secondary.put(name, metric(entry.getValue()));
                }
            }

            final String runShape = String.format(Locale.ROOT, "%s forks x %s x %s measurement, %s x %s warmup, " +
                "JMH %s, JDK %s", integer(result.get("forks")), integer(result.get("measurementIterations")),
                result.get("measurementTime"), integer(result.get("warmupIterations")), result.get("warmupTime"),
                result.get("jmhVersion"), result.get("jdkVersion"));
            results.add(new Result(className, params, metric(result.get("primaryMetric")), secondary, runShape,
                benchmark.substring(lastDot + 1)));
        }
        return results;
    }

    @SuppressWarnings("unchecked")
    private static Metric metric(final Object value)
    {
        if (!(value instanceof Map))
        {
            return new Metric(Double.NaN, Double.NaN, "", Double.NaN);
        }
        final Map<String, Object> map = (Map<String, Object>)value;
        return new Metric(Json.toDouble(map.get("score")), Json.toDouble(map.get("scoreError")),
            String.valueOf(map.get("scoreUnit")), rawMean(map.get("rawData")));
    }

    /**
     * The mean of JMH's {@code rawData}: one list of per-iteration values per fork.
     */
    private static double rawMean(final Object rawData)
    {
        double sum = 0;
        int count = 0;
        if (rawData instanceof List)
        {
            for (final Object fork : (List<?>)rawData)
            {
                if (fork instanceof List)
                {
                    for (final Object value : (List<?>)fork)
                    {
                        final double number = Json.toDouble(value);
                        if (!Double.isNaN(number))
                        {
                            sum += number;
                            count++;
                        }
                    }
                }
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    private static String integer(final Object value)
    {
        final double number = Json.toDouble(value);
        return Double.isNaN(number) ? String.valueOf(value) : String.valueOf((long)number);
    }

    String render(final List<Result> results)
    {
        // class -> conditions -> impl -> result, in the order first seen
        final Map<String, Map<String, Map<String, Result>>> groups = new LinkedHashMap<>();
        final List<String> skipped = new ArrayList<>();
        final List<String> runShapes = new ArrayList<>();
        for (final Result result : results)
        {
            if (!BENCHMARKS.containsKey(result.benchmarkClass()) || null == result.impl())
            {
                skipped.add(result.benchmarkClass() + " " + result.params());
                continue;
            }
            if (!runShapes.contains(result.runShape()))
            {
                runShapes.add(result.runShape());
            }
            final Result previous = groups
                .computeIfAbsent(result.benchmarkClass(), k -> new LinkedHashMap<>())
                .computeIfAbsent(result.conditions(), k -> new LinkedHashMap<>())
                .putIfAbsent(result.impl(), result);
            if (null != previous)
            {
                skipped.add("duplicate " + result.benchmarkClass() + " " + result.params() + " (first one kept)");
            }
        }

        final StringBuilder out = new StringBuilder();
        out.append("# Sluice channel benchmarks\n\n");
        for (final String runShape : runShapes)
        {
            out.append("Run: ").append(runShape).append(".\n");
        }
        out.append('\n');

        for (final Map.Entry<String, Map<String, Map<String, Result>>> byClass : groups.entrySet())
        {
            for (final Map.Entry<String, Map<String, Result>> byConditions : byClass.getValue().entrySet())
            {
                renderTable(out, byClass.getKey(), byConditions.getKey(), byConditions.getValue());
            }
        }

        goals.render(out);

        out.append("Delivered: the consumer's `delivered` counter, messages per second summed over the iteration " +
            "(mean over all measured iterations of all forks, \u00b1 JMH's 99.9% confidence half-width). " +
            "Ratio error: r \u00b7 sqrt((ea/a)\u00b2 + (eb/b)\u00b2), treating both errors as independent. " +
            "B/op: `gc.alloc.rate.norm` per benchmark call (offer and poll calls together); B/msg: the same bytes " +
            "per delivered message. A verdict is \"within error\" when the goal lies inside the ratio's error.\n");
        if (!skipped.isEmpty())
        {
            out.append("\nNot reported:\n");
            for (final String line : skipped)
            {
                out.append("- ").append(line).append('\n');
            }
        }
        return out.toString();
    }

    private void renderTable(
        final StringBuilder out,
        final String benchmarkClass,
        final String conditions,
        final Map<String, Result> byImpl)
    {
        out.append("## ").append(benchmarkClass).append(conditions.isEmpty() ? "" : " (" + conditions + ")")
            .append("\n\n");
        out.append("| Implementation | Delivered [M msg/s] | Offers refused | Ratio to raw peer | Peer goal " +
            "| Ratio to ArrayBlockingQueue | ABQ goal | Alloc [B/op] | Alloc [B/msg] | Alloc goal |\n");
        out.append("|---|--:|--:|---|---|--:|---|--:|--:|---|\n");

        final Result baseline = findBaseline(benchmarkClass, byImpl);
        for (final Implementation impl : BENCHMARKS.get(benchmarkClass))
        {
            final Result result = byImpl.get(impl.name());
            if (null == result)
            {
                continue;
            }
            final String where = benchmarkClass + (conditions.isEmpty() ? "" : " (" + conditions + ")");
            final Metric delivered = result.secondary().get(DELIVERED);
            final double rate = perMicrosecond(delivered);
            final double rateError = perMicrosecond(delivered, delivered.error());

            out.append("| ").append(impl.label());
            out.append(" | ").append(withError(rate, rateError, "%.1f"));
            out.append(" | ").append(refusedShare(result));

            // ratio to the raw peer
            final Result peer = null == impl.peer() ? null : byImpl.get(impl.peer());
            if (null != peer)
            {
                final double[] ratio = ratio(result, peer);
                out.append(" | ").append(withError(ratio[0], ratio[1], "%.3f")).append(" of ")
                    .append(label(benchmarkClass, impl.peer()));
                if (impl.isSluice() && !Double.isNaN(impl.peerGoal()))
                {
                    out.append(" | ").append(verdictAtLeast(ratio[0], ratio[1], impl.peerGoal(),
                        impl.label() + " / " + label(benchmarkClass, impl.peer()), where));
                }
                else
                {
                    out.append(" | no goal");
                }
            }
            else if (null != impl.peer())
            {
                out.append(" | peer ").append(impl.peer()).append(" not in this run | ");
                goals.note(impl.label() + " / " + label(benchmarkClass, impl.peer()) + ": not measured, the " +
                    "peer is not in this run [" + where + "]");
            }
            else
            {
                out.append(" | \u2014 | ");
            }

            // ratio to ArrayBlockingQueue
            if (null != baseline && !impl.isBaseline())
            {
                final double[] ratio = ratio(result, baseline);
                out.append(" | ").append(withError(ratio[0], ratio[1], "%.2f"));
                out.append(" | ").append(impl.isSluice() ? verdictAtLeast(ratio[0], ratio[1], BASELINE_GOAL,
                    impl.label() + " / ArrayBlockingQueue", where) : "");
            }
            else
            {
                out.append(impl.isBaseline() ? " | 1 | " : " | baseline not in this run | ");
                if (impl.isSluice())
                {
                    goals.note(impl.label() + " / ArrayBlockingQueue: not measured, the baseline is not in " +
                        "this run [" + where + "]");
                }
            }

            // allocation
            final Metric norm = result.secondary().get(ALLOC_NORM);
            if (null == norm)
            {
                out.append(" | n/a (run with -prof gc) | n/a | ");
                out.append(impl.isSluice() ? "not measured" : "");
                if (impl.isSluice())
                {
                    goals.note(impl.label() + " bytes/message: not measured, run with -prof gc [" + where + "]");
                }
            }
            else
            {
                final double perMessage = norm.score() * perMicrosecond(result.primary()) / rate;
                out.append(" | ").append(bytes(norm.score()));
                out.append(" | ").append(bytes(perMessage));
                out.append(" | ").append(impl.isSluice() ? verdictAtMost(perMessage, ALLOCATION_GOAL,
                    impl.label() + " bytes/message", where) : "");
            }
            out.append(" |\n");
        }
        out.append('\n');
    }

    private static Result findBaseline(final String benchmarkClass, final Map<String, Result> byImpl)
    {
        for (final Implementation impl : BENCHMARKS.get(benchmarkClass))
        {
            if (impl.isBaseline())
            {
                return byImpl.get(impl.name());
            }
        }
        return null;
    }

    private static String label(final String benchmarkClass, final String implName)
    {
        for (final Implementation impl : BENCHMARKS.get(benchmarkClass))
        {
            if (impl.name().equals(implName))
            {
                return impl.label();
            }
        }
        return implName;
    }

    /**
     * Ratio of two results' delivered rates and its error, propagated from the two (independent) errors.
     */
    static double[] ratio(final Result numerator, final Result denominator)
    {
        final Metric a = numerator.secondary().get(DELIVERED);
        final Metric b = denominator.secondary().get(DELIVERED);
        final double va = perMicrosecond(a);
        final double vb = perMicrosecond(b);
        final double ratio = va / vb;
        final double relA = perMicrosecond(a, a.error()) / va;
        final double relB = perMicrosecond(b, b.error()) / vb;
        return new double[]{ ratio, ratio * Math.sqrt(relA * relA + relB * relB) };
    }

    private static String refusedShare(final Result result)
    {
        final Metric made = result.secondary().get(OFFERS_MADE);
        final Metric refused = result.secondary().get(OFFERS_REFUSED);
        if (null == made || null == refused)
        {
            return "n/a";
        }
        final double attempts = made.score() + refused.score();
        return String.format(Locale.ROOT, "%.1f%%", 100.0 * refused.score() / attempts);
    }

    /**
     * A throughput in operations per microsecond (millions per second), whatever JMH's output unit was.
     */
    static double perMicrosecond(final Metric metric)
    {
        return null == metric ? Double.NaN : perMicrosecond(metric, metric.score());
    }

    static double perMicrosecond(final Metric metric, final double value)
    {
        return null == metric ? Double.NaN : perMicrosecond(metric.unit(), value);
    }

    /**
     * A throughput in operations per microsecond, from a value in a JMH throughput unit such as {@code ops/ms}.
     *
     * @param unit  JMH's unit, "ops/" followed by ns, us, ms, s, min, hr or day.
     * @param value the value in that unit.
     * @return the value per microsecond.
     */
    public static double perMicrosecond(final String unit, final double value)
    {
        final String per = unit.substring(unit.indexOf('/') + 1);
        switch (per)
        {
            case "ns":
                return value * 1e3;
            case "us":
                return value;
            case "ms":
                return value / 1e3;
            case "s":
                return value / 1e6;
            case "min":
                return value / 60e6;
            case "hr":
                return value / 3600e6;
            case "day":
                return value / 86400e6;
            default:
                throw new IllegalArgumentException("unknown throughput unit " + unit);
        }
    }

    private String verdictAtLeast(
        final double ratio, final double error, final double goal, final String what, final String where)
    {
        return goals.atLeast(ratio, error, goal, what, where);
    }

    private String verdictAtMost(final double value, final double goal, final String what, final String where)
    {
        return goals.atMost(value, goal, what, where);
    }

    private static String withError(final double value, final double error, final String format)
    {
        return Goals.withError(value, error, format);
    }

    private static String bytes(final double value)
    {
        return Goals.bytes(value);
    }
}
