package io.sluice.jmh.report;

import io.sluice.jmh.latency.PingPong;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JMH JSON results of {@link PingPong} and prints a Markdown report: per set of conditions, one row per
 * implementation with the mean round trip and JMH's error (the benchmark's primary score, {@code AverageTime} in
 * ns), the ratio to raw JCTools ping-pong of the same run with the propagated error and, for Sluice, a verdict against
 * {@link PingPong.Impl#maxRatioToPeer()} (at most 1.25); bytes allocated per round trip and per message (a round trip
 * carries two), with a verdict against {@link RatioReport#ALLOCATION_GOAL}.
 * <pre>
 * java -cp jmh/target/benchmarks.jar io.sluice.jmh.report.PingPongReport [--fail-on-goal] pingpong.json...
 * </pre>
 * With {@code --fail-on-goal} the exit status is 2 if a goal is missed.
 */
public final class PingPongReport
{
    static final String BENCHMARK_CLASS = PingPong.class.getSimpleName();
    static final String IMPL = "impl";

    /**
     * Messages per round trip: the ping and its echo.
     */
    static final int MESSAGES_PER_ROUND_TRIP = 2;

    private final Goals goals = new Goals();

    PingPongReport()
    {
    }

    /**
     * Print the report of result files.
     *
     * @param args {@code [--fail-on-goal] pingpong.json...}.
     * @throws IOException if a file cannot be read.
     */
    public static void main(final String[] args) throws IOException
    {
        final Goals.CommandLine commandLine = Goals.CommandLine.parse(args, PingPongReport.class, "pingpong.json");
        final List<RatioReport.Result> results = new ArrayList<>();
        for (final Path file : commandLine.files())
        {
            results.addAll(RatioReport.read(file));
        }

        final PingPongReport report = new PingPongReport();
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

    String render(final List<RatioReport.Result> results)
    {
        // conditions -> impl -> result, in the order first seen
        final Map<String, Map<String, RatioReport.Result>> groups = new LinkedHashMap<>();
        final List<String> skipped = new ArrayList<>();
        final List<String> runShapes = new ArrayList<>();
        for (final RatioReport.Result result : results)
        {
            final String impl = result.params().get(IMPL);
            if (!BENCHMARK_CLASS.equals(result.benchmarkClass()) || null == impl)
            {
                skipped.add(result.benchmarkClass() + "." + result.method() + " " + result.params());
                continue;
            }
            if (!runShapes.contains(result.runShape()))
            {
                runShapes.add(result.runShape());
            }
            if (null != groups.computeIfAbsent(result.conditionsWithout(IMPL), k -> new LinkedHashMap<>())
                .putIfAbsent(impl, result))
            {
                skipped.add("duplicate " + result.benchmarkClass() + " " + result.params() + " (first one kept)");
            }
        }

        final StringBuilder out = new StringBuilder();
        out.append("# Sluice ping-pong round trip\n\n");
        for (final String runShape : runShapes)
        {
            out.append("Run: ").append(runShape).append(".\n");
        }
        out.append('\n');

        for (final Map.Entry<String, Map<String, RatioReport.Result>> byConditions : groups.entrySet())
        {
            renderTable(out, byConditions.getKey(), byConditions.getValue());
        }

        goals.render(out);

        out.append("Round trip: JMH's primary score, the mean time of one ping and its echo over all measured " +
            "iterations of all forks, \u00b1 JMH's 99.9% confidence half-width. Ratio: round trip / the round trip " +
            "of raw JCTools in the same run and parameters, error r \u00b7 sqrt((ea/a)\u00b2 + (eb/b)\u00b2), " +
            "treating both errors as independent; lower is better, and the goal is a ceiling. B/round trip: " +
            "`gc.alloc.rate.norm` per benchmark call (one round trip; every thread of the JVM is counted, the echo " +
            "thread included); B/msg: the same over the two messages of a round trip. A verdict is \"within " +
            "error\" when the goal lies inside the ratio's error.\n");
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
        final StringBuilder out, final String conditions, final Map<String, RatioReport.Result> byImpl)
    {
        final String where = BENCHMARK_CLASS + (conditions.isEmpty() ? "" : " (" + conditions + ")");
        final String reference = reference();
        out.append("## ").append(where).append("\n\n");
        out.append("| Implementation | Round trip [ns] | Ratio to ").append(label(reference))
            .append(" | Goal | Alloc [B/round trip] | Alloc [B/msg] | Alloc goal |\n");
        out.append("|---|--:|---|---|--:|--:|---|\n");

        for (final PingPong.Impl impl : PingPong.Impl.values())
        {
            final RatioReport.Result result = byImpl.get(impl.name());
            if (null == result)
            {
                continue;
            }
            final RatioReport.Metric roundTrip = result.primary();
            out.append("| ").append(impl.label()).append(" (`").append(impl.name()).append("`)");
            out.append(" | ").append(Goals.withError(roundTrip.score(), roundTrip.error(), "%.1f"));

            // ratio to raw JCTools: the peer of a Sluice row, the reference of every other row
            final String peerName = null == impl.peer() ? reference : impl.peer();
            final RatioReport.Result peer = byImpl.get(peerName);
            final String what = impl.label() + " / " + label(peerName);
            if (impl.name().equals(peerName))
            {
                out.append(" | \u2014 | ");
            }
            else if (null == peer)
            {
                out.append(" | ").append(peerName).append(" not in this run | ");
                if (impl.isSluice())
                {
                    out.append("not measured");
                    goals.note(what + ": not measured, the peer is not in this run [" + where + "]");
                }
            }
            else
            {
                final double[] ratio = ratio(roundTrip, peer.primary());
                out.append(" | ").append(Goals.withError(ratio[0], ratio[1], "%.3f"));
                out.append(" | ").append(impl.isSluice() && !Double.isNaN(impl.maxRatioToPeer()) ?
                    goals.ratioAtMost(ratio[0], ratio[1], impl.maxRatioToPeer(), what, where) : "no goal");
            }

            // allocation
            final RatioReport.Metric norm = result.secondary().get(RatioReport.ALLOC_NORM);
            if (null == norm)
            {
                out.append(" | n/a (run with -prof gc) | n/a | ").append(impl.isSluice() ? "not measured" : "");
                if (impl.isSluice())
                {
                    goals.note(impl.label() + " bytes/message: not measured, run with -prof gc [" + where + "]");
                }
            }
            else
            {
                final double perMessage = norm.score() / MESSAGES_PER_ROUND_TRIP;
                out.append(" | ").append(Goals.bytes(norm.score()));
                out.append(" | ").append(Goals.bytes(perMessage));
                out.append(" | ").append(impl.isSluice() ? goals.atMost(perMessage, RatioReport.ALLOCATION_GOAL,
                    impl.label() + " bytes/message", where) : "");
            }
            out.append(" |\n");
        }
        out.append('\n');
    }

    /**
     * The implementation every other is compared with: the raw peer of the Sluice implementation (raw JCTools).
     */
    static String reference()
    {
        for (final PingPong.Impl impl : PingPong.Impl.values())
        {
            if (impl.isSluice() && null != impl.peer())
            {
                return impl.peer();
            }
        }
        throw new IllegalStateException("no Sluice implementation with a peer in " + BENCHMARK_CLASS);
    }

    static String label(final String implName)
    {
        for (final PingPong.Impl impl : PingPong.Impl.values())
        {
            if (impl.name().equals(implName))
            {
                return impl.label();
            }
        }
        return implName;
    }

    /**
     * The ratio of two scores and its error, propagated from the two (independent) errors.
     *
     * @return {ratio, error}.
     */
    static double[] ratio(final RatioReport.Metric numerator, final RatioReport.Metric denominator)
    {
        final double ratio = numerator.score() / denominator.score();
        final double relA = numerator.error() / numerator.score();
        final double relB = denominator.error() / denominator.score();
        return new double[]{ ratio, ratio * Math.sqrt(relA * relA + relB * relB) };
    }
}
