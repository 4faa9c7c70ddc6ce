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
 * java -cp jmh/target/benchmarks.jar io.sluice.jmh.report.RatioReport [--suite-goals] [--fail-on-goal] result.json...
 * </pre>
 * Ratios are only formed between results of the same benchmark class with the same parameters (other than
 * {@code impl}), i.e. within one run of one class. With {@code --fail-on-goal} the exit status is 2 if a goal is
 * missed. The goals are those of {@link GoalSet#CHANNEL} (what {@code jmh/run-channel-benchmarks.sh} reports) unless
 * {@code --suite-goals} asks for {@link GoalSet#SUITE}, the goals the benchmark suite ({@link BenchSuite}) judges.
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

    /**
     * The Disruptor's row of {@code ObjectChannelThroughput}: a second peer of the object SPSC channel in
     * {@link GoalSet#SUITE}.
     */
    static final String DISRUPTOR = ObjectChannelThroughput.Impl.DISRUPTOR_SINGLE_PRODUCER.name();

    static final String DELIVERED = "delivered";
    static final String OFFERS_MADE = "offersMade";
    static final String OFFERS_REFUSED = "offersRefused";
    static final String ALLOC_NORM = "gc.alloc.rate.norm";

    static final Map<String, Implementation[]> BENCHMARKS = Map.of(
        ObjectChannelThroughput.class.getSimpleName(), ObjectChannelThroughput.Impl.values(),
        BinaryChannelThroughput.class.getSimpleName(), BinaryChannelThroughput.Impl.values());

    /**
     * Which goals the channels are judged against: the channel benchmarks' own (the first channel issue, the
     * default of the command line and of {@code jmh/run-channel-benchmarks.sh}) or the benchmark suite's (issue 6,
     * section 3, in {@code report.md} of {@link BenchSuite}).
     */
    enum GoalSet
    {
        /**
         * Each Sluice SPSC channel at least {@link Implementation#peerGoal()} (0.85) of its raw peer, every Sluice
         * channel at least {@link #BASELINE_GOAL} times ArrayBlockingQueue and at most {@link #ALLOCATION_GOAL}
         * bytes per message; no goal against the Disruptor.
         */
        CHANNEL(Double.NaN, Double.NaN),

        /**
         * The suite's goals: each Sluice SPSC channel (object and binary) at least 0.9 of its raw peer, the object
         * SPSC channel at least 1.0 of the Disruptor's single producer, and, as in {@link #CHANNEL}, 10 times
         * ArrayBlockingQueue and 0.01 bytes per message.
         */
        SUITE(0.9, 1.0);

        private final double peerGoal;
        private final double disruptorGoal;

        GoalSet(final double peerGoal, final double disruptorGoal)
        {
            this.peerGoal = peerGoal;
            this.disruptorGoal = disruptorGoal;
        }

        /**
         * The smallest acceptable ratio of an implementation to its raw peer.
         *
         * @param impl the implementation.
         * @return the goal, NaN if none applies (the implementations without a goal of their own keep none).
         */
        double peerGoal(final Implementation impl)
        {
            if (!impl.isSluice() || Double.isNaN(impl.peerGoal()))
            {
                return Double.NaN;
            }
            return Double.isNaN(peerGoal) ? impl.peerGoal() : peerGoal;
        }

        /**
         * The smallest acceptable ratio of an implementation to the Disruptor's single producer: the object SPSC
         * channel (the Sluice implementation with a peer goal in the class that has a Disruptor row) in
         * {@link #SUITE}.
         *
         * @param impl the implementation.
         * @return the goal, NaN if none applies.
         */
        double disruptorGoal(final Implementation impl)
        {
            return impl.isSluice() && !Double.isNaN(impl.peerGoal()) ? disruptorGoal : Double.NaN;
        }

        /**
         * Whether the tables have the columns of the ratio to the Disruptor.
         *
         * @return true if a goal against the Disruptor is judged.
         */
        boolean comparesDisruptor()
        {
            return !Double.isNaN(disruptorGoal);
        }

        /**
         * The goals as horizontal lines of the ratio charts.
         *
         * @return the distinct goals, ascending.
         */
        List<Double> chartGoals()
        {
            final List<Double> lines = new ArrayList<>();
            lines.add(Double.isNaN(peerGoal) ? 0.85 : peerGoal);
            lines.add(Double.isNaN(disruptorGoal) ? 1.0 : disruptorGoal);
            lines.add(BASELINE_GOAL);
            return lines;
        }
    }

    private final Goals goals = new Goals();
    private final GoalSet goalSet;

    RatioReport()
    {
        this(GoalSet.CHANNEL);
    }

    RatioReport(final GoalSet goalSet)
    {
        this.goalSet = goalSet;
    }

    /**
     * Print the report of result files.
     *
     * @param args {@code [--suite-goals] [--fail-on-goal] result.json...}.
     * @throws IOException if a file cannot be read.
     */
    public static void main(final String[] args) throws IOException
    {
        final List<String> rest = new ArrayList<>(List.of(args));
        final GoalSet goalSet = rest.remove("--suite-goals") ? GoalSet.SUITE : GoalSet.CHANNEL;
        final Goals.CommandLine commandLine =
            Goals.CommandLine.parse(rest.toArray(new String[0]), RatioReport.class, "result.json");

        final List<Result> results = new ArrayList<>();
        for (final Path file : commandLine.files())
        {
            results.addAll(read(file));
        }

        final RatioReport report = new RatioReport(goalSet);
        System.out.print(report.render(results));
        if (commandLine.failOnGoal() && report.goals.failed() > 0)
        {
            System.exit(2);
        }
    }

    /**
     * The goals this report judged.
     *
     * @return its goals.
     */
    Goals goals()
    {
        return goals;
    }

    /**
     * One JMH metric: score, error (half-width of the 99.9% confidence interval, NaN if JMH could not tell), unit, the
     * per-iteration values of all forks ({@code rawData}, empty if JMH wrote none) and the number of measured
     * iterations of the run (forks times iterations).
     * <p>
     * JMH 1.37 aggregates a result over the iterations and forks with the result's own policy, which the JSON does not
     * name. Rates ({@code @AuxCounters(OPERATIONS)}, {@code ThroughputResult}) and {@code gc.alloc.rate.norm} are
     * averaged ({@code AggregationPolicy.AVG}): their score is the mean per iteration. An
     * {@code @AuxCounters(EVENTS)} counter is a {@code ScalarResult} with unit {@code #} and
     * {@code AggregationPolicy.SUM}, as are the gc profiler's {@code gc.count} and {@code gc.time}: their score is
     * the <b>sum</b> over every measured iteration of every fork, their error NaN. A per-iteration figure (a
     * percentile, a depth, a count per iteration) is then the mean of {@code rawData}: see {@link #perIteration()}.
     */
    record Metric(double score, double error, String unit, double[] raw, int iterations)
    {
        /**
         * The plain mean of the per-iteration values; without {@code rawData}, a summed score divided by the
         * number of iterations.
         *
         * @return the mean, NaN if it cannot be told.
         */
        double rawMean()
        {
            if (raw.length == 0)
            {
                return "#".equals(unit) && iterations > 0 ? score / iterations : Double.NaN;
            }
            return CsvResults.mean(raw);
        }

        /**
         * Half-width of the 99.9% confidence interval of {@link #rawMean()}, as JMH states its errors.
         *
         * @return the half-width, NaN for fewer than two values.
         */
        double rawError()
        {
            return CsvResults.halfWidth(raw);
        }

        /**
         * The largest per-iteration value.
         *
         * @return the maximum, NaN if none.
         */
        double rawMax()
        {
            double max = Double.NaN;
            for (final double value : raw)
            {
                max = Double.isNaN(max) ? value : Math.max(max, value);
            }
            return max;
        }

        /**
         * Whether JMH's score is the sum over the iterations ({@code AggregationPolicy.SUM}) rather than their mean:
         * the unit {@code #} of an {@code @AuxCounters(EVENTS)} counter, or a score without an error that equals the
         * sum of two or more per-iteration values and not their mean ({@code gc.count}, {@code gc.time}).
         *
         * @return true if the score is a sum.
         */
        boolean summed()
        {
            if ("#".equals(unit))
            {
                return true;
            }
            if (raw.length < 2 || !Double.isNaN(error))
            {
                return false;
            }
            double sum = 0;
            for (final double value : raw)
            {
                sum += value;
            }
            return close(score, sum) && !close(score, sum / raw.length);
        }

        /**
         * The figure per iteration: the mean of the per-iteration values for a summed result (its score is their
         * sum, see {@link #summed()}), the score otherwise.
         *
         * @return the value per iteration.
         */
        double perIteration()
        {
            return summed() ? rawMean() : score;
        }

        /**
         * The error of {@link #perIteration()}: computed from the per-iteration values for a summed result (JMH
         * gives none), JMH's otherwise.
         *
         * @return the half-width of the 99.9% confidence interval, NaN if unknown.
         */
        double perIterationError()
        {
            return summed() ? rawError() : error;
        }

        private static boolean close(final double a, final double b)
        {
            return Math.abs(a - b) <= 1e-9 * Math.max(1.0, Math.max(Math.abs(a), Math.abs(b)));
        }
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

            // measured iterations of the run: the divisor of a summed score when JMH wrote no rawData
            final double measured = Json.toDouble(result.get("forks")) *
                Json.toDouble(result.get("measurementIterations"));
            final int iterations = Double.isNaN(measured) ? 0 : (int)measured;
            final Map<String, Metric> secondary = new LinkedHashMap<>();
            final Object rawSecondary = result.get("secondaryMetrics");
            if (rawSecondary instanceof Map)
            {
                for (final Map.Entry<String, Object> entry : ((Map<String, Object>)rawSecondary).entrySet())
                {
                    // JMH before 1.37 prefixed profiler metrics with a middle dot
                    final String name = entry.getKey().startsWith("\u00b7") ?
                        entry.getKey().substring(1) : entry.getKey();
                    secondary.put(name, metric(entry.getValue(), iterations));
                }
            }

            final String runShape = String.format(Locale.ROOT, "%s forks x %s x %s measurement, %s x %s warmup, " +
                "JMH %s, JDK %s", integer(result.get("forks")), integer(result.get("measurementIterations")),
                result.get("measurementTime"), integer(result.get("warmupIterations")), result.get("warmupTime"),
                result.get("jmhVersion"), result.get("jdkVersion"));
            results.add(new Result(className, params, metric(result.get("primaryMetric"), iterations), secondary,
                runShape, benchmark.substring(lastDot + 1)));
        }
        return results;
    }

    @SuppressWarnings("unchecked")
    private static Metric metric(final Object value, final int iterations)
    {
        if (!(value instanceof Map))
        {
            return new Metric(Double.NaN, Double.NaN, "", new double[0], iterations);
        }
        final Map<String, Object> map = (Map<String, Object>)value;
        return new Metric(Json.toDouble(map.get("score")), Json.toDouble(map.get("scoreError")),
            String.valueOf(map.get("scoreUnit")), rawValues(map.get("rawData")), iterations);
    }

    /**
     * JMH's {@code rawData}, one list of per-iteration values per fork, as one array (forks in order).
     */
    private static double[] rawValues(final Object rawData)
    {
        final List<Double> values = new ArrayList<>();
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
                            values.add(number);
                        }
                    }
                }
            }
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
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
        if (goalSet == GoalSet.SUITE)
        {
            out.append("\nGoals (the suite's, issue 6): each Sluice SPSC channel \u2265 ")
                .append(Goals.format(GoalSet.SUITE.peerGoal, "%.2f")).append(" of its raw peer, the object SPSC " +
                "channel \u2265 ").append(Goals.format(GoalSet.SUITE.disruptorGoal, "%.2f"))
                .append(" of the Disruptor's single producer, every Sluice channel \u2265 ")
                .append(Goals.format(BASELINE_GOAL, "%.0f")).append(" x ArrayBlockingQueue and \u2264 ")
                .append(Goals.format(ALLOCATION_GOAL, "%.2f")).append(" bytes per message.\n");
        }
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
        // the Disruptor's columns: only where the goal set judges a goal against it and the class has its row
        final boolean disruptorColumns = goalSet.comparesDisruptor() && hasImpl(benchmarkClass, DISRUPTOR);
        out.append("| Implementation | Delivered [M msg/s] | Offers refused | Ratio to raw peer | Peer goal ");
        out.append(disruptorColumns ? "| Ratio to the Disruptor | Disruptor goal " : "");
        out.append("| Ratio to ArrayBlockingQueue | ABQ goal | Alloc [B/op] | Alloc [B/msg] | Alloc goal |\n");
        out.append("|---|--:|--:|---|---|").append(disruptorColumns ? "--:|---|" : "").append("--:|---|--:|--:|---|\n");

        final Result baseline = findBaseline(benchmarkClass, byImpl);
        final Result disruptor = byImpl.get(DISRUPTOR);
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
                final double peerGoal = goalSet.peerGoal(impl);
                if (!Double.isNaN(peerGoal))
                {
                    out.append(" | ").append(verdictAtLeast(ratio[0], ratio[1], peerGoal,
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

            if (disruptorColumns)
            {
                disruptorColumns(out, impl, result, disruptor, where);
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

    /**
     * The ratio to the Disruptor's single producer and its goal ({@link GoalSet#disruptorGoal}).
     */
    private void disruptorColumns(
        final StringBuilder out, final Implementation impl, final Result result, final Result disruptor,
        final String where)
    {
        final double goal = goalSet.disruptorGoal(impl);
        final String what = impl.label() + " / " + label(ObjectChannelThroughput.class.getSimpleName(), DISRUPTOR);
        if (DISRUPTOR.equals(impl.name()))
        {
            out.append(" | 1 | ");
        }
        else if (null == disruptor)
        {
            out.append(" | Disruptor not in this run | ");
            if (!Double.isNaN(goal))
            {
                goals.note(what + ": not measured, the Disruptor is not in this run [" + where + "]");
            }
        }
        else
        {
            final double[] ratio = ratio(result, disruptor);
            out.append(" | ").append(withError(ratio[0], ratio[1], "%.3f"));
            out.append(" | ").append(Double.isNaN(goal) ? "" : verdictAtLeast(ratio[0], ratio[1], goal, what, where));
        }
    }

    private static boolean hasImpl(final String benchmarkClass, final String implName)
    {
        for (final Implementation impl : BENCHMARKS.get(benchmarkClass))
        {
            if (impl.name().equals(implName))
            {
                return true;
            }
        }
        return false;
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
