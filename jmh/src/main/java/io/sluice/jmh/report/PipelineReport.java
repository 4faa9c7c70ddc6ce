package io.sluice.jmh.report;

import io.sluice.jmh.pipeline.PipelineBenchmark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JMH JSON results of {@link PipelineBenchmark} and prints a Markdown report: per mode, messages delivered to
 * the sink per second with JMH's error; for each Sluice graph, the ratio to its hand-wired peer of the same run with
 * the propagated error and a verdict against {@link PipelineBenchmark.Wiring#PEER_GOAL}; bytes allocated per
 * benchmark call and per delivered message, with a verdict against {@link RatioReport#ALLOCATION_GOAL}.
 * <pre>
 * java -cp jmh/target/benchmarks.jar io.sluice.jmh.report.PipelineReport [--fail-on-goal] pipeline.json...
 * </pre>
 * Ratios are only formed between results with the same parameters other than {@code mode}. With
 * {@code --fail-on-goal} the exit status is 2 if a goal is missed.
 */
public final class PipelineReport
{
    static final String BENCHMARK_CLASS = PipelineBenchmark.class.getSimpleName();
    static final String MODE = "mode";
    static final String GC_COUNT = "gc.count";

    private final Goals goals = new Goals();

    PipelineReport()
    {
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

    public static void main(final String[] args) throws IOException
    {
        final Goals.CommandLine commandLine = Goals.CommandLine.parse(args, PipelineReport.class, "pipeline.json");

        final List<RatioReport.Result> results = new ArrayList<>();
        for (final Path file : commandLine.files())
        {
            results.addAll(RatioReport.read(file));
        }

        final PipelineReport report = new PipelineReport();
        System.out.print(report.render(results));
        if (commandLine.failOnGoal() && report.goals.failed() > 0)
        {
            System.exit(2);
        }
    }

    String render(final List<RatioReport.Result> results)
    {
        // conditions -> mode -> result, in the order first seen
        final Map<String, Map<String, RatioReport.Result>> groups = new LinkedHashMap<>();
        final List<String> skipped = new ArrayList<>();
        final List<String> runShapes = new ArrayList<>();
        for (final RatioReport.Result result : results)
        {
            final String mode = result.params().get(MODE);
            if (!BENCHMARK_CLASS.equals(result.benchmarkClass()) || null == mode)
            {
                skipped.add(result.benchmarkClass() + " " + result.params());
                continue;
            }
            if (!runShapes.contains(result.runShape()))
            {
                runShapes.add(result.runShape());
            }
            final RatioReport.Result previous = groups
                .computeIfAbsent(result.conditionsWithout(MODE), k -> new LinkedHashMap<>())
                .putIfAbsent(mode, result);
            if (null != previous)
            {
                skipped.add("duplicate " + result.benchmarkClass() + " " + result.params() + " (first one kept)");
            }
        }

        final StringBuilder out = new StringBuilder();
        out.append("# Sluice pipeline benchmark\n\n");
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

        out.append("Delivered: messages the sink received per second, the benchmark's `delivered` counter (mean " +
            "over all measured iterations of all forks, \u00b1 JMH's 99.9% confidence half-width). Ratio: Sluice " +
            "delivered / hand-wired delivered in the same run and parameters, error r \u00b7 sqrt((ea/a)\u00b2 + " +
            "(eb/b)\u00b2), treating both errors as independent. B/op: `gc.alloc.rate.norm` per benchmark call " +
            "(one call samples the sink about once a millisecond; every thread of the JVM is counted); B/msg: the " +
            "same bytes per delivered message. GCs: `gc.count` per iteration (the mean of its per-iteration " +
            "values: JMH's score of it is the sum over all iterations). A verdict is \"within error\" when the " +
            "goal lies inside the ratio's error.\n");
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
        final StringBuilder out, final String conditions, final Map<String, RatioReport.Result> byMode)
    {
        final String where = BENCHMARK_CLASS + (conditions.isEmpty() ? "" : " (" + conditions + ")");
        out.append("## ").append(where).append("\n\n");
        out.append("| Mode | Delivered [M msg/s] | Ratio to hand-wired | Goal | Alloc [B/op] | Alloc [B/msg] " +
            "| Alloc goal | GCs |\n");
        out.append("|---|--:|---|---|--:|--:|---|--:|\n");

        for (final PipelineBenchmark.Wiring mode : PipelineBenchmark.Wiring.values())
        {
            final RatioReport.Result result = byMode.get(mode.name());
            if (null == result)
            {
                continue;
            }
            final RatioReport.Metric delivered = result.secondary().get(RatioReport.DELIVERED);
            final double rate = RatioReport.perMicrosecond(delivered);
            final double rateError = RatioReport.perMicrosecond(delivered, null == delivered ? 0 : delivered.error());

            out.append("| ").append(mode.label()).append(" (`").append(mode.name()).append("`)");
            out.append(" | ").append(Goals.withError(rate, rateError, "%.1f"));

            // ratio to the hand-wired peer
            if (mode.isSluice())
            {
                final String peerName = mode.peer();
                final RatioReport.Result peer = byMode.get(peerName);
                final String what = mode.name() + " / " + peerName;
                if (null != peer)
                {
                    final double[] ratio = RatioReport.ratio(result, peer);
                    out.append(" | ").append(Goals.withError(ratio[0], ratio[1], "%.3f")).append(" of ")
                        .append(peerName);
                    out.append(" | ").append(goals.atLeast(
                        ratio[0], ratio[1], PipelineBenchmark.Wiring.PEER_GOAL, what, where));
                }
                else
                {
                    out.append(" | peer ").append(peerName).append(" not in this run | not measured");
                    goals.note(what + ": not measured, the peer is not in this run [" + where + "]");
                }
            }
            else
            {
                out.append(" | \u2014 | ");
            }

            // allocation
            final RatioReport.Metric norm = result.secondary().get(RatioReport.ALLOC_NORM);
            if (null == norm)
            {
                out.append(" | n/a (run with -prof gc) | n/a | ").append(mode.isSluice() ? "not measured" : "");
                if (mode.isSluice())
                {
                    goals.note(mode.name() + " bytes/message: not measured, run with -prof gc [" + where + "]");
                }
            }
            else
            {
                final double perMessage = norm.score() * RatioReport.perMicrosecond(result.primary()) / rate;
                out.append(" | ").append(Goals.bytes(norm.score()));
                out.append(" | ").append(Goals.bytes(perMessage));
                out.append(" | ").append(mode.isSluice() ?
                    goals.atMost(perMessage, RatioReport.ALLOCATION_GOAL, mode.name() + " bytes/message", where) : "");
            }
            final RatioReport.Metric gcs = result.secondary().get(GC_COUNT);
            // gc.count is summed over every measured iteration of every fork (AggregationPolicy.SUM): per iteration
            // is the mean of its rawData
            out.append(" | ").append(null == gcs ? "n/a" : Goals.format(gcs.perIteration(), "%.1f"));
            out.append(" |\n");
        }
        out.append('\n');
    }
}
