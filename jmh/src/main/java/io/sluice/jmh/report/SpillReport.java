package io.sluice.jmh.report;

import io.sluice.jmh.spill.SpillPathBenchmark;
import io.sluice.jmh.spill.SpillPolicyBenchmark;
import io.sluice.jmh.spill.SpillRoundTripThroughput;
import io.sluice.jmh.spill.SpillSyncBenchmark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JMH JSON results of the spill benchmarks ({@code io.sluice.jmh.spill}) and prints a Markdown report with a
 * verdict for each goal of the spill path:
 * <ol>
 *     <li>the spill path (channel and store) moves at least {@link SpillPathBenchmark#PEER_GOAL} of raw Chronicle's
 *     messages per second, per operation (append, drain, round trip), against the raw peer of the same run;</li>
 *     <li>a {@code SPILL} channel that never spills is at most {@link SpillPolicyBenchmark#OVERHEAD_GOAL} slower than
 *     the same channel with {@code DROP_NEWEST};</li>
 *     <li>the spill path allocates at most {@link RatioReport#ALLOCATION_GOAL} bytes per message: the benchmark
 *     thread's own allocation in {@code SpillPathBenchmark} and {@code gc.alloc.rate.norm} in
 *     {@code SpillRoundTripThroughput};</li>
 * </ol>
 * and the cost of {@code syncOnAppend} (no goal). Ratios are taken only between results of the same class, method and
 * parameters other than the variant under test.
 * <pre>
 * java -cp jmh/target/benchmarks.jar io.sluice.jmh.report.SpillReport [--fail-on-goal] spill.json...
 * </pre>
 * With {@code --fail-on-goal} the exit status is 2 if a goal is missed.
 */
public final class SpillReport
{
    static final String PATH_CLASS = SpillPathBenchmark.class.getSimpleName();
    static final String THROUGHPUT_CLASS = SpillRoundTripThroughput.class.getSimpleName();
    static final String POLICY_CLASS = SpillPolicyBenchmark.class.getSimpleName();
    static final String SYNC_CLASS = SpillSyncBenchmark.class.getSimpleName();
    static final String THREAD_BYTES = "threadBytesPerMessage";

    private final Goals goals = new Goals();

    SpillReport()
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
        final Goals.CommandLine commandLine = Goals.CommandLine.parse(args, SpillReport.class, "spill.json");
        final List<RatioReport.Result> results = new ArrayList<>();
        for (final Path file : commandLine.files())
        {
            results.addAll(RatioReport.read(file));
        }

        final SpillReport report = new SpillReport();
        System.out.print(report.render(results));
        if (commandLine.failOnGoal() && report.goals.failed() > 0)
        {
            System.exit(2);
        }
    }

    String render(final List<RatioReport.Result> results)
    {
        // "class.method (conditions)" -> variant -> result, in the order first seen
        final Map<String, Map<String, RatioReport.Result>> groups = new LinkedHashMap<>();
        final List<String> runShapes = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();
        for (final RatioReport.Result result : results)
        {
            final String variantParam = variantParam(result.benchmarkClass());
            final String variant = null == variantParam ? null : result.params().get(variantParam);
            if (null == variant)
            {
                skipped.add(result.benchmarkClass() + "." + result.method() + " " + result.params());
                continue;
            }
            if (!runShapes.contains(result.benchmarkClass() + ": " + result.runShape()))
            {
                runShapes.add(result.benchmarkClass() + ": " + result.runShape());
            }
            final String conditions = result.conditionsWithout(variantParam);
            final String key = result.benchmarkClass() + "." + result.method() +
                (conditions.isEmpty() ? "" : " (" + conditions + ")");
            if (null != groups.computeIfAbsent(key, k -> new LinkedHashMap<>()).putIfAbsent(variant, result))
            {
                skipped.add("duplicate " + key + " " + variant + " (first one kept)");
            }
        }

        final StringBuilder out = new StringBuilder();
        out.append("# Sluice spill benchmarks\n\n");
        for (final String runShape : runShapes)
        {
            out.append("Run: ").append(runShape).append(".\n");
        }
        out.append('\n');

        for (final Map.Entry<String, Map<String, RatioReport.Result>> group : groups.entrySet())
        {
            final String className = group.getKey().substring(0, group.getKey().indexOf('.'));
            if (PATH_CLASS.equals(className))
            {
                renderPath(out, group.getKey(), group.getValue());
            }
            else if (THROUGHPUT_CLASS.equals(className))
            {
                renderThroughput(out, group.getKey(), group.getValue());
            }
            else if (POLICY_CLASS.equals(className))
            {
                renderPolicy(out, group.getKey(), group.getValue());
            }
            else
            {
                renderSync(out, group.getKey(), group.getValue());
            }
        }

        goals.render(out);

        out.append("Times: JMH's score, the mean over all measured iterations of all forks \u00b1 the half-width of " +
            "its 99.9% confidence interval, per message (`@OperationsPerInvocation`). Rates are the same figures " +
            "inverted. Ratio: implementation messages/s over the raw peer's in the same run, error " +
            "r \u00b7 sqrt((ea/a)\u00b2 + (eb/b)\u00b2), treating both errors as independent. `gc.alloc.rate.norm`: " +
            "bytes per message allocated in the whole JVM over each iteration (JMH's own bookkeeping and the " +
            "iteration's set-up and tear-down included); thread B/msg: bytes the benchmark thread allocated inside " +
            "the measured calls per message (mean over the measured iterations: JMH's score of this EVENTS " +
            "counter is their sum). GCs: `gc.count` per iteration (likewise the mean, JMH's score being the sum). " +
            "A verdict is \"within error\" " +
            "when the goal lies inside the error.\n");
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

    private static String variantParam(final String benchmarkClass)
    {
        if (PATH_CLASS.equals(benchmarkClass) || THROUGHPUT_CLASS.equals(benchmarkClass) ||
            SYNC_CLASS.equals(benchmarkClass))
        {
            return "impl";
        }
        return POLICY_CLASS.equals(benchmarkClass) ? "policy" : null;
    }

    private void renderPath(final StringBuilder out, final String where, final Map<String, RatioReport.Result> byImpl)
    {
        out.append("## ").append(where).append("\n\n");
        out.append("| Implementation | Time [ns/msg] | Rate [M msg/s] | Ratio to raw peer | Peer goal " +
            "| gc.alloc.rate.norm [B/msg] | Thread [B/msg] | Alloc goal |\n");
        out.append("|---|--:|--:|---|---|--:|--:|---|\n");
        for (final SpillPathBenchmark.Impl impl : SpillPathBenchmark.Impl.values())
        {
            final RatioReport.Result result = byImpl.get(impl.name());
            if (null == result)
            {
                continue;
            }
            final RatioReport.Metric time = result.primary();
            out.append("| ").append(impl.label()).append(" (`").append(impl.name()).append("`)");
            out.append(" | ").append(Goals.withError(time.score(), time.error(), "%.1f"));
            out.append(" | ").append(Goals.withError(1e3 / time.score(),
                1e3 / time.score() * relative(time), "%.2f"));
            peerColumns(out, impl, byImpl, where, true);

            final RatioReport.Metric norm = result.secondary().get(RatioReport.ALLOC_NORM);
            final RatioReport.Metric thread = result.secondary().get(THREAD_BYTES);
            out.append(" | ").append(null == norm ? "n/a" : Goals.bytes(norm.score()));
            // JMH sums an EVENTS counter over the iterations of all forks: the per-iteration figure is the mean of the
            // raw data
            out.append(" | ").append(null == thread ? "n/a" : Goals.bytes(thread.perIteration()));
            out.append(" | ");
            if (null != impl.peer())
            {
                out.append(null == thread ? "not measured" : goals.atMost(thread.perIteration(),
                    RatioReport.ALLOCATION_GOAL, impl.name() + " thread bytes/message", where));
            }
            out.append(" |\n");
        }
        out.append('\n');
    }

    private void renderThroughput(
        final StringBuilder out, final String where, final Map<String, RatioReport.Result> byImpl)
    {
        out.append("## ").append(where).append("\n\n");
        out.append("| Implementation | Rate [M msg/s] | Ratio to raw peer | Peer goal | gc.alloc.rate.norm [B/msg] " +
            "| Alloc goal | GCs |\n");
        out.append("|---|--:|---|---|--:|---|--:|\n");
        for (final SpillPathBenchmark.Impl impl : SpillPathBenchmark.Impl.values())
        {
            final RatioReport.Result result = byImpl.get(impl.name());
            if (null == result)
            {
                continue;
            }
            final RatioReport.Metric rate = result.primary();
            out.append("| ").append(impl.label()).append(" (`").append(impl.name()).append("`)");
            out.append(" | ").append(Goals.withError(rate.score(), rate.error(), "%.2f"));
            peerColumns(out, impl, byImpl, where, false);

            final RatioReport.Metric norm = result.secondary().get(RatioReport.ALLOC_NORM);
            out.append(" | ").append(null == norm ? "n/a (run with -prof gc)" : Goals.bytes(norm.score()));
            out.append(" | ");
            if (null != impl.peer())
            {
                out.append(null == norm ? "not measured" : goals.atMost(norm.score(), RatioReport.ALLOCATION_GOAL,
                    impl.name() + " gc.alloc.rate.norm bytes/message", where));
            }
            final RatioReport.Metric gcs = result.secondary().get(PipelineReport.GC_COUNT);
            // gc.count is summed over every measured iteration of every fork (AggregationPolicy.SUM): per iteration
            // is the mean of its rawData
            out.append(" | ").append(null == gcs ? "n/a" : Goals.format(gcs.perIteration(), "%.1f")).append(" |\n");
        }
        out.append('\n');
    }

    /**
     * The ratio and goal cells of an implementation against its raw peer, for a time score (lower is better) or a
     * rate score (higher is better).
     */
    private void peerColumns(
        final StringBuilder out,
        final SpillPathBenchmark.Impl impl,
        final Map<String, RatioReport.Result> byImpl,
        final String where,
        final boolean timeScore)
    {
        if (null == impl.peer())
        {
            out.append(" | \u2014 | ");
            return;
        }
        final RatioReport.Result peer = byImpl.get(impl.peer());
        final String what = impl.name() + " / " + impl.peer();
        if (null == peer)
        {
            out.append(" | peer ").append(impl.peer()).append(" not in this run | not measured");
            goals.note(what + ": not measured, the peer is not in this run [" + where + "]");
            return;
        }
        final RatioReport.Result numerator = timeScore ? peer : byImpl.get(impl.name());
        final RatioReport.Result denominator = timeScore ? byImpl.get(impl.name()) : peer;
        final double ratio = numerator.primary().score() / denominator.primary().score();
        final double error = ratio * Math.hypot(relative(numerator.primary()), relative(denominator.primary()));
        out.append(" | ").append(Goals.withError(ratio, error, "%.3f")).append(" of `").append(impl.peer())
            .append('`');
        out.append(" | ").append(goals.atLeast(ratio, error, SpillPathBenchmark.PEER_GOAL, what, where));
    }

    private void renderPolicy(
        final StringBuilder out, final String where, final Map<String, RatioReport.Result> byPolicy)
    {
        out.append("## ").append(where).append("\n\n");
        final String goal = Goals.format(SpillPolicyBenchmark.OVERHEAD_GOAL * 100, "%.0f");
        out.append("| Policy | Rate [M msg/s] | Ratio to DROP_NEWEST | Cost | Goal (cost \u2264 ").append(goal)
            .append("%) | gc.alloc.rate.norm [B/msg] |\n");
        out.append("|---|--:|---|--:|---|--:|\n");
        final RatioReport.Result drop = byPolicy.get("DROP_NEWEST");
        for (final String policy : List.of("SPILL", "DROP_NEWEST"))
        {
            final RatioReport.Result result = byPolicy.get(policy);
            if (null == result)
            {
                continue;
            }
            final RatioReport.Metric rate = result.primary();
            out.append("| `").append(policy).append('`');
            out.append(" | ").append(Goals.withError(rate.score(), rate.error(), "%.1f"));
            if ("SPILL".equals(policy) && null != drop)
            {
                final double ratio = rate.score() / drop.primary().score();
                final double error = ratio * Math.hypot(relative(rate), relative(drop.primary()));
                out.append(" | ").append(Goals.withError(ratio, error, "%.3f"));
                out.append(" | ").append(Goals.withError((1 - ratio) * 100, error * 100, "%.1f")).append('%');
                out.append(" | ").append(goals.atLeast(ratio, error, 1 - SpillPolicyBenchmark.OVERHEAD_GOAL,
                    "SPILL / DROP_NEWEST (never spilling)", where));
            }
            else
            {
                out.append(" | \u2014 | | ");
            }
            final RatioReport.Metric norm = result.secondary().get(RatioReport.ALLOC_NORM);
            out.append(" | ").append(null == norm ? "n/a" : Goals.bytes(norm.score())).append(" |\n");
        }
        out.append('\n');
    }

    private void renderSync(final StringBuilder out, final String where, final Map<String, RatioReport.Result> byImpl)
    {
        out.append("## ").append(where).append("\n\n");
        out.append("| Appender | Time [ns/msg] | Appends/s | Slower than `STORE` (no sync) by |\n");
        out.append("|---|--:|--:|--:|\n");
        final RatioReport.Result base = byImpl.get(SpillSyncBenchmark.Impl.STORE.name());
        for (final SpillSyncBenchmark.Impl impl : SpillSyncBenchmark.Impl.values())
        {
            final RatioReport.Result result = byImpl.get(impl.name());
            if (null == result)
            {
                continue;
            }
            final RatioReport.Metric time = result.primary();
            out.append("| ").append(impl.label()).append(" (`").append(impl.name()).append("`)");
            out.append(" | ").append(Goals.withError(time.score(), time.error(), "%.0f"));
            out.append(" | ").append(Goals.format(1e9 / time.score(), "%.0f"));
            if (null != base && impl != SpillSyncBenchmark.Impl.STORE)
            {
                final double factor = time.score() / base.primary().score();
                final double error = factor * Math.hypot(relative(time), relative(base.primary()));
                out.append(" | ").append(Goals.withError(factor, error, "%.1f")).append('x');
            }
            else
            {
                out.append(" | \u2014");
            }
            out.append(" |\n");
        }
        out.append('\n');
    }

    private static double relative(final RatioReport.Metric metric)
    {
        return metric.error() / metric.score();
    }
}
