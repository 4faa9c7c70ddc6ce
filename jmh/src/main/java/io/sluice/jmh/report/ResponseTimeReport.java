package io.sluice.jmh.report;

import io.sluice.jmh.latency.LatencyPercentiles;
import io.sluice.jmh.latency.ResponseTime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JMH JSON results of {@link ResponseTime} and prints a Markdown report: per offered rate (and the other
 * parameters), one row per implementation with the response-time percentiles p50, p99, p99.9, p99.99 and the maximum
 * in microseconds, the ratio of the Sluice channel's p99.9 to raw JCTools' at the same rate with the propagated error
 * and, at {@link ResponseTime#P999_GOAL_RATE}, a verdict against {@link ResponseTime.Impl#maxP999RatioToPeer()} (at
 * most 1.5); the time the schedule took, the offers refused, and the bytes the producer and consumer threads allocated
 * per message with a verdict against {@link RatioReport#ALLOCATION_GOAL}.
 * <p>
 * The figures come from {@link LatencyPercentiles}, an {@code @AuxCounters(EVENTS)} state: JMH's score of each is the
 * <b>sum</b> over the measured iterations of all forks, so every figure here is read from {@code rawData}: the mean
 * of the per-iteration values, with the half-width of its 99.9% confidence interval computed from them
 * ({@link RatioReport.Metric#perIteration()}).
 * <pre>
 * java -cp jmh/target/benchmarks.jar io.sluice.jmh.report.ResponseTimeReport [--fail-on-goal] response.json...
 * </pre>
 * With {@code --fail-on-goal} the exit status is 2 if a goal is missed.
 */
public final class ResponseTimeReport
{
    static final String BENCHMARK_CLASS = ResponseTime.class.getSimpleName();
    static final String IMPL = "impl";
    static final String RATE = "rate";
    static final String MESSAGES = "messages";
    static final String REFUSED = "refusedOffers";
    static final String ALLOCATED = "allocatedBytesPerMessage";
    static final String MAX = "max";

    /**
     * The percentiles {@link LatencyPercentiles} reports: the secondary result's name, the column label and the
     * fraction of messages at or below it.
     *
     * @param metric   the secondary result.
     * @param label    e.g. "p99.9".
     * @param fraction e.g. 0.999.
     */
    record Percentile(String metric, String label, double fraction)
    {
    }

    /**
     * p50, p99, p99.9 and p99.99, in that order.
     */
    static final List<Percentile> PERCENTILES = List.of(
        new Percentile("p50", "p50", 0.5),
        new Percentile("p99", "p99", 0.99),
        new Percentile("p999", "p99.9", 0.999),
        new Percentile("p9999", "p99.99", 0.9999));

    /**
     * The percentile the goal is about.
     */
    static final String GOAL_PERCENTILE = "p999";

    private final Goals goals = new Goals();

    ResponseTimeReport()
    {
    }

    /**
     * Print the report of result files.
     *
     * @param args {@code [--fail-on-goal] response.json...}.
     * @throws IOException if a file cannot be read.
     */
    public static void main(final String[] args) throws IOException
    {
        final Goals.CommandLine commandLine =
            Goals.CommandLine.parse(args, ResponseTimeReport.class, "response.json");
        final List<RatioReport.Result> results = new ArrayList<>();
        for (final Path file : commandLine.files())
        {
            results.addAll(RatioReport.read(file));
        }

        final ResponseTimeReport report = new ResponseTimeReport();
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
     * The results of {@link ResponseTime} by conditions (the parameters other than {@code impl}, the rate among them)
     * and then by implementation, in the order first seen.
     *
     * @param results any results.
     * @param skipped gets a line for each result left out.
     * @return the groups.
     */
    static Map<String, Map<String, RatioReport.Result>> groups(
        final List<RatioReport.Result> results, final List<String> skipped)
    {
        final Map<String, Map<String, RatioReport.Result>> groups = new LinkedHashMap<>();
        for (final RatioReport.Result result : results)
        {
            final String impl = result.params().get(IMPL);
            if (!BENCHMARK_CLASS.equals(result.benchmarkClass()) || null == impl)
            {
                skipped.add(result.benchmarkClass() + "." + result.method() + " " + result.params());
                continue;
            }
            if (null != groups.computeIfAbsent(result.conditionsWithout(IMPL), k -> new LinkedHashMap<>())
                .putIfAbsent(impl, result))
            {
                skipped.add("duplicate " + result.benchmarkClass() + " " + result.params() + " (first one kept)");
            }
        }
        return groups;
    }

    /**
     * A group's title: the benchmark, the rate and the other parameters.
     *
     * @param group one of {@link #groups}.
     * @return e.g. "ResponseTime at 100000 msg/s (capacity=1024, scheduleMillis=1000)".
     */
    static String title(final Map<String, RatioReport.Result> group)
    {
        final RatioReport.Result first = group.values().iterator().next();
        final String rate = first.params().get(RATE);
        final String others = first.conditionsWithout(IMPL).replaceAll("(^|, )" + RATE + "=[^,]*", "")
            .replaceFirst("^, ", "");
        return BENCHMARK_CLASS + (null == rate ? "" : " at " + rate + " msg/s") +
            (others.isEmpty() ? "" : " (" + others + ")");
    }

    String render(final List<RatioReport.Result> results)
    {
        final List<String> skipped = new ArrayList<>();
        final Map<String, Map<String, RatioReport.Result>> groups = groups(results, skipped);
        final List<String> runShapes = new ArrayList<>();
        for (final Map<String, RatioReport.Result> group : groups.values())
        {
            for (final RatioReport.Result result : group.values())
            {
                if (!runShapes.contains(result.runShape()))
                {
                    runShapes.add(result.runShape());
                }
            }
        }

        final StringBuilder out = new StringBuilder();
        out.append("# Sluice response time at fixed rates\n\n");
        for (final String runShape : runShapes)
        {
            out.append("Run: ").append(runShape).append(".\n");
        }
        out.append('\n');

        for (final Map<String, RatioReport.Result> group : groups.values())
        {
            renderTable(out, group);
        }

        goals.render(out);

        out.append("Percentiles: response time from each message's intended send time to its receipt, in " +
            "microseconds; each figure is the mean over all measured iterations of all forks of that iteration's " +
            "percentile (JMH's `rawData`: the percentiles are `@AuxCounters(EVENTS)` counters, whose JMH score is " +
            "the sum over the iterations), \u00b1 the half-width of its 99.9% confidence interval; max: the mean of " +
            "the iterations' maxima, and the largest of them. Ratio: Sluice p99.9 / JCTools p99.9 at the same rate " +
            "and parameters, error r \u00b7 sqrt((ea/a)\u00b2 + (eb/b)\u00b2), treating both errors as independent; " +
            "lower is better, the goal is a ceiling, judged at ").append(ResponseTime.P999_GOAL_RATE)
            .append(" msg/s. Schedule: JMH's primary score, the time one iteration's schedule took (the schedule's " +
            "length plus the last message's response time). Refused: offers refused per iteration (0: the queue " +
            "never filled). Alloc: bytes the producer and consumer threads allocated per message during the " +
            "schedule (mean per iteration). A verdict is \"within error\" when the goal lies inside the ratio's " +
            "error.\n");
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

    private void renderTable(final StringBuilder out, final Map<String, RatioReport.Result> byImpl)
    {
        final String where = title(byImpl);
        final RatioReport.Result first = byImpl.values().iterator().next();
        final boolean goalRate = String.valueOf(ResponseTime.P999_GOAL_RATE).equals(first.params().get(RATE));
        out.append("## ").append(where).append("\n\n");
        out.append("| Implementation |");
        for (final Percentile percentile : PERCENTILES)
        {
            out.append(' ').append(percentile.label()).append(" [\u00b5s] |");
        }
        out.append(" max [\u00b5s] | p99.9 ratio to raw peer | Goal | Schedule [ms] | Refused offers " +
            "| Alloc [B/msg] | Alloc goal |\n");
        out.append("|---|").append("--:|".repeat(PERCENTILES.size())).append("--:|---|---|--:|--:|--:|---|\n");

        for (final ResponseTime.Impl impl : ResponseTime.Impl.values())
        {
            final RatioReport.Result result = byImpl.get(impl.name());
            if (null == result)
            {
                continue;
            }
            out.append("| ").append(impl.label()).append(" (`").append(impl.name()).append("`)");
            for (final Percentile percentile : PERCENTILES)
            {
                out.append(" | ").append(micros(result.secondary().get(percentile.metric())));
            }
            final RatioReport.Metric max = result.secondary().get(MAX);
            out.append(" | ").append(micros(max));
            if (null != max && !Double.isNaN(max.rawMax()))
            {
                out.append(" (worst ").append(Goals.format(max.rawMax() / 1e3, "%.2f")).append(')');
            }

            // p99.9 against the raw peer at the same rate
            if (null == impl.peer())
            {
                out.append(" | \u2014 | ");
            }
            else
            {
                final RatioReport.Result peer = byImpl.get(impl.peer());
                final String what = impl.label() + " p99.9 / " + label(impl.peer()) + " p99.9";
                if (null == peer)
                {
                    out.append(" | peer ").append(impl.peer()).append(" not in this run | ");
                    if (goalRate)
                    {
                        out.append("not measured");
                        goals.note(what + ": not measured, the peer is not in this run [" + where + "]");
                    }
                }
                else
                {
                    final double[] ratio = ratio(result.secondary().get(GOAL_PERCENTILE),
                        peer.secondary().get(GOAL_PERCENTILE));
                    out.append(" | ").append(Goals.withError(ratio[0], ratio[1], "%.3f")).append(" of ")
                        .append(label(impl.peer()));
                    out.append(" | ").append(goalRate && !Double.isNaN(impl.maxP999RatioToPeer()) ?
                        goals.ratioAtMost(ratio[0], ratio[1], impl.maxP999RatioToPeer(), what, where) :
                        "no goal (judged at " + ResponseTime.P999_GOAL_RATE + " msg/s)");
                }
            }

            final RatioReport.Metric schedule = result.primary();
            out.append(" | ").append(Goals.withError(schedule.score(), schedule.error(), "%.2f"));
            final RatioReport.Metric refused = result.secondary().get(REFUSED);
            out.append(" | ").append(null == refused ? "n/a" : Goals.format(refused.perIteration(), "%.0f"));

            // allocation on the producer and consumer threads, per message
            final RatioReport.Metric allocated = result.secondary().get(ALLOCATED);
            final double perMessage = null == allocated ? Double.NaN : allocated.perIteration();
            out.append(" | ").append(Goals.bytes(perMessage)).append(" | ");
            if (impl.isSluice())
            {
                out.append(goals.atMost(perMessage, RatioReport.ALLOCATION_GOAL, impl.label() + " bytes/message",
                    where));
            }
            out.append(" |\n");
        }
        out.append('\n');
    }

    /**
     * A per-iteration figure in ns as microseconds with its error.
     */
    private static String micros(final RatioReport.Metric metric)
    {
        if (null == metric)
        {
            return "n/a";
        }
        return Goals.withError(metric.perIteration() / 1e3, metric.perIterationError() / 1e3, "%.2f");
    }

    /**
     * The ratio of two per-iteration figures and its error, propagated from the two (independent) errors.
     *
     * @return {ratio, error}; NaN if either is missing.
     */
    static double[] ratio(final RatioReport.Metric numerator, final RatioReport.Metric denominator)
    {
        if (null == numerator || null == denominator)
        {
            return new double[]{ Double.NaN, Double.NaN };
        }
        final double a = numerator.perIteration();
        final double b = denominator.perIteration();
        final double ratio = a / b;
        final double relA = numerator.perIterationError() / a;
        final double relB = denominator.perIterationError() / b;
        return new double[]{ ratio, ratio * Math.sqrt(relA * relA + relB * relB) };
    }

    static String label(final String implName)
    {
        for (final ResponseTime.Impl impl : ResponseTime.Impl.values())
        {
            if (impl.name().equals(implName))
            {
                return impl.label();
            }
        }
        return implName;
    }
}
