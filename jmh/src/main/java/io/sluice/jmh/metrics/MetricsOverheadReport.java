package io.sluice.jmh.metrics;

import io.sluice.jmh.report.CsvResults;
import io.sluice.jmh.report.CsvResults.Row;
import io.sluice.jmh.report.RatioReport;
import io.sluice.jmh.report.Verdicts;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the JMH results of {@link MetricsOverheadBenchmark} in JMH's CSV format ({@code -rf csv}) and prints a
 * Markdown report: per group ({@code throughput}, two threads; {@code roundTrip}, one thread, its lines labelled so),
 * per kind (and any other parameter but {@code metrics}), messages delivered per microsecond with
 * metrics off and on, the on/off ratio with its propagated error, the throughput cost against
 * {@value MetricsOverheadBenchmark#THROUGHPUT_COST_GOAL}, and bytes allocated per delivered message against
 * {@value MetricsOverheadBenchmark#ALLOCATION_GOAL}.
 * <pre>
 * java -cp jmh/target/benchmarks.jar io.sluice.jmh.metrics.MetricsOverheadReport [--fail-on-goal] results...
 * </pre>
 * Each argument is a CSV file of one JMH run, or a rounds directory as {@code jmh/run-metrics-benchmarks.sh} writes
 * it ({@code round-NN/*.csv}, one-fork invocations with OFF and ON alternating). From two or more rounds the ratio is
 * paired: each round's ON fork against that round's OFF fork, so that host drift between forks (seen on this
 * 2-core machine as a 2x change of one kind's rate over minutes) cancels instead of landing on one side.
 * With {@code --fail-on-goal} the exit status is 2 if a goal is missed (a verdict "within error" counts as its side).
 */
public final class MetricsOverheadReport
{
    static final String BENCHMARK = MetricsOverheadBenchmark.class.getName() + ".throughput";
    static final String ROUND_TRIP = MetricsOverheadBenchmark.class.getName() + ".roundTrip";
    /** How the conditions of a {@code roundTrip} line begin (the two-thread group's lines have no such label). */
    static final String ROUND_TRIP_LABEL = "one thread (roundTrip), ";
    static final String DELIVERED = "delivered";
    static final String ALLOC_NORM = "gc.alloc.rate.norm";
    static final String SAMPLE_INTERVAL = "sampleInterval";
    static final String PART = "no goal (one part of ON)";


    private final List<String> verdicts = new ArrayList<>();
    private final List<String> met = new ArrayList<>();
    private final List<String> missed = new ArrayList<>();
    private final List<String> notJudged = new ArrayList<>();

    /**
     * A report; {@link #render} fills in its verdicts.
     */
    public MetricsOverheadReport()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        boolean failOnGoal = false;
        final List<Row> rows = new ArrayList<>();
        for (final String arg : args)
        {
            if ("--fail-on-goal".equals(arg))
            {
                failOnGoal = true;
            }
            else
            {
                rows.addAll(CsvResults.readAll(Path.of(arg)));
            }
        }
        if (rows.isEmpty())
        {
            System.err.println("usage: java -cp benchmarks.jar " + MetricsOverheadReport.class.getName() +
                " [--fail-on-goal] results...   (JMH results written with -rf csv, or a rounds directory)");
            System.exit(1);
        }
        final MetricsOverheadReport report = new MetricsOverheadReport();
        System.out.print(report.render(rows));
        if (failOnGoal && !report.missed.isEmpty())
        {
            System.exit(2);
        }
    }

    /**
     * The report of these results: the table, the goal lines and how the figures were made.
     *
     * @param rows JMH's results of {@link MetricsOverheadBenchmark}, one run or paired rounds (see the class comment);
     *             rows of other benchmarks are left out.
     * @return the Markdown.
     */
    public String render(final List<Row> rows)
    {
        // OFF key -> round -> metric name ("" for the primary score) -> rows; ON key -> the same.
        // The OFF key leaves sampleInterval out (it does not apply with metrics off): every ON condition is compared
        // with the OFF runs of its kind.
        final Map<String, Map<String, Map<String, List<Row>>>> offRuns = new LinkedHashMap<>();
        final Map<String, Map<String, Map<String, List<Row>>>> onRuns = new LinkedHashMap<>();
        for (final Row row : rows)
        {
            final String metrics = row.params().get("metrics");
            final boolean roundTrip = ROUND_TRIP.equals(row.primary());
            if (!(roundTrip || BENCHMARK.equals(row.primary())) || null == metrics)
            {
                continue;
            }
            final boolean off = "OFF".equals(metrics);
            final String label = roundTrip ? ROUND_TRIP_LABEL : "";
            final String key = off ? label + row.conditionsWithout("metrics", SAMPLE_INTERVAL) :
                ("ON".equals(metrics) ? "" : "metrics=" + metrics + ", ") + label + row.conditionsWithout("metrics");
            (off ? offRuns : onRuns).computeIfAbsent(key, k -> new TreeMap<>())
                .computeIfAbsent(row.round(), k -> new LinkedHashMap<>())
                .computeIfAbsent(row.metric(), k -> new ArrayList<>())
                .add(row);
        }

        final StringBuilder out = new StringBuilder();
        out.append("# Metrics overhead (MetricsOverheadBenchmark)\n\n");
        out.append("| Conditions | Rounds | Delivered OFF [M msg/s] | Delivered ON [M msg/s] | ON / OFF " +
            "| Throughput cost | Cost goal | Alloc OFF [B/msg] | Alloc ON [B/msg] | Alloc goal |\n");
        out.append("|---|--:|--:|--:|--:|--:|---|--:|--:|---|\n");
        boolean paired = false;
        for (final Map.Entry<String, Map<String, Map<String, List<Row>>>> on : onRuns.entrySet())
        {
            final Map<String, Map<String, List<Row>>> off = offRuns.getOrDefault(offKey(on.getKey()), Map.of());
            paired |= renderLine(out, on.getKey(), off, on.getValue());
        }
        for (final Map.Entry<String, Map<String, Map<String, List<Row>>>> off : offRuns.entrySet())
        {
            if (onRuns.keySet().stream().noneMatch(key -> offKey(key).equals(off.getKey())))
            {
                renderLine(out, off.getKey(), off.getValue(), Map.of());
            }
        }
        out.append('\n');
        if (!verdicts.isEmpty())
        {
            out.append("Goals:\n");
            for (final String line : verdicts)
            {
                out.append("- ").append(line).append('\n');
            }
            out.append('\n');
        }
        if (paired)
        {
            out.append("Rounds: the OFF and ON forks of a kind ran as separate one-fork JMH invocations, " +
                "alternating within each round and in reverse order every other round (OFF, ON, ON, OFF, ...), so " +
                "that a drift of the host between forks falls on both sides. Delivered: the consumer's " +
                "`delivered` counter, mean over rounds of each fork's mean \u00b1 t(99.9 %, rounds - 1) \u00b7 " +
                "sd / \u221arounds. ON / OFF: mean of the per-round ratios (each ON fork against the OFF fork of " +
                "its round) \u00b1 the same confidence half-width of those ratios; cost = 1 - ON / OFF. ");
        }
        else
        {
            out.append("Delivered: the consumer's `delivered` counter (mean over all measured iterations of all " +
                "forks, \u00b1 JMH's 99.9% confidence half-width). ON / OFF error: r \u00b7 sqrt((ea/a)\u00b2 + " +
                "(eb/b)\u00b2), the two errors taken as independent; cost = 1 - ON / OFF. ");
        }
        out.append("Alloc: `gc.alloc.rate.norm` (bytes per operation: an offer or a take call in `throughput`, a " +
            "message offered and taken in `roundTrip`; whole JVM, the publisher thread included) \u00d7 operations " +
            "per \u00b5s / delivered per \u00b5s, mean over forks. A " +
            "verdict is \"within error\" when the goal lies inside the error.\n");
        return out.toString();
    }

    /**
     * The key of the OFF runs an ON (or part) condition is compared with.
     */
    private static String offKey(final String onKey)
    {
        return CsvResults.without(CsvResults.without(onKey, SAMPLE_INTERVAL), "metrics");
    }

    /**
     * One line of the table: ON against OFF over the rounds both ran in.
     *
     * @return true if the figures came from two or more paired rounds (else from one JMH run's errors).
     */
    private boolean renderLine(
        final StringBuilder out,
        final String conditions,
        final Map<String, Map<String, List<Row>>> off,
        final Map<String, Map<String, List<Row>>> on)
    {
        final List<String> rounds = new ArrayList<>();
        for (final String round : on.keySet())
        {
            if (off.containsKey(round) && null != off.get(round).get(DELIVERED) &&
                null != on.get(round).get(DELIVERED))
            {
                rounds.add(round);
            }
        }
        out.append("| ").append(conditions).append(" | ").append(rounds.size());
        final double onBytes = bytesPerMessage(on);
        final boolean paired = rounds.size() >= 2;
        if (rounds.isEmpty())
        {
            out.append(" | ").append(off.isEmpty() ? "not run" : "no ON run to pair");
            out.append(" | ").append(on.isEmpty() ? "not run" : "no OFF run to pair");
            out.append(" | n/a | n/a | not measured");
        }
        else if (!paired)
        {
            final Row offDelivered = off.get(rounds.get(0)).get(DELIVERED).get(0);
            final Row onDelivered = on.get(rounds.get(0)).get(DELIVERED).get(0);
            out.append(" | ").append(rate(offDelivered)).append(" | ").append(rate(onDelivered));
            final double a = perMicrosecond(onDelivered, onDelivered.score());
            final double b = perMicrosecond(offDelivered, offDelivered.score());
            final double ratio = a / b;
            final double relA = perMicrosecond(onDelivered, onDelivered.error()) / a;
            final double relB = perMicrosecond(offDelivered, offDelivered.error()) / b;
            appendCost(out, ratio, ratio * Math.sqrt(relA * relA + relB * relB), conditions);
        }
        else
        {
            final double[] offRates = new double[rounds.size()];
            final double[] onRates = new double[rounds.size()];
            final double[] ratios = new double[rounds.size()];
            for (int i = 0; i < rounds.size(); i++)
            {
                offRates[i] = meanRate(off.get(rounds.get(i)).get(DELIVERED));
                onRates[i] = meanRate(on.get(rounds.get(i)).get(DELIVERED));
                ratios[i] = onRates[i] / offRates[i];
            }
            out.append(" | ").append(withError(CsvResults.mean(offRates), CsvResults.halfWidth(offRates), "%.1f"));
            out.append(" | ").append(withError(CsvResults.mean(onRates), CsvResults.halfWidth(onRates), "%.1f"));
            appendCost(out, CsvResults.mean(ratios), CsvResults.halfWidth(ratios), conditions);
        }
        out.append(" | ").append(bytesCell(bytesPerMessage(off)));
        out.append(" | ").append(bytesCell(onBytes));
        out.append(" | ").append(on.isEmpty() ? "not measured" :
            isPart(conditions) ? PART : allocationVerdict(onBytes, conditions));
        out.append(" |\n");
        return paired;
    }

    /**
     * A line for SAMPLING or PUBLISHER (one part of ON, run to see what each part costs): no goal applies.
     */
    private static boolean isPart(final String conditions)
    {
        return conditions.startsWith("metrics=");
    }

    private void appendCost(final StringBuilder out, final double ratio, final double error, final String conditions)
    {
        out.append(" | ").append(withError(ratio, error, "%.3f"));
        out.append(" | ").append(withError(100.0 * (1.0 - ratio), 100.0 * error, "%.1f")).append(" %");
        out.append(" | ").append(isPart(conditions) ? PART : costVerdict(ratio, error, conditions));
    }

    private static double meanRate(final List<Row> delivered)
    {
        double sum = 0;
        for (final Row row : delivered)
        {
            sum += perMicrosecond(row, row.score());
        }
        return sum / delivered.size();
    }

    private String costVerdict(final double ratio, final double error, final String conditions)
    {
        final double goal = 1.0 - MetricsOverheadBenchmark.THROUGHPUT_COST_GOAL;
        final String verdict = Verdicts.atLeast(ratio, error, goal);
        final String cell = "\u2264 " + format(100.0 * MetricsOverheadBenchmark.THROUGHPUT_COST_GOAL, "%.0f") +
            " %: " + verdict;
        count(verdict, "throughput ON / OFF = " + withError(ratio, error, "%.3f") + ", cost goal " + cell +
            " [" + conditions + "]");
        return cell;
    }

    private String allocationVerdict(final double bytes, final String conditions)
    {
        final String verdict = Double.isNaN(bytes) ? "n/a (run with -prof gc)" :
            bytes <= MetricsOverheadBenchmark.ALLOCATION_GOAL ? "PASS" : "FAIL";
        final String cell = "\u2264 " + format(MetricsOverheadBenchmark.ALLOCATION_GOAL, "%.2f") + ": " + verdict;
        count(verdict, "bytes per message with metrics ON = " + format(bytes, "%.4f") + ", goal " + cell + " [" +
            conditions + "]");
        return cell;
    }

    private void count(final String verdict, final String line)
    {
        if (verdict.startsWith("FAIL"))
        {
            missed.add(line);
        }
        else if (verdict.startsWith("PASS"))
        {
            met.add(line);
        }
        else
        {
            notJudged.add(line);
        }
        verdicts.add(line);
    }

    /**
     * The goals {@link #render} judged met ("PASS", within error or not), one line each.
     */
    public List<String> goalsMet()
    {
        return List.copyOf(met);
    }

    /**
     * The goals {@link #render} judged missed ("FAIL", within error or not), one line each.
     */
    public List<String> goalsMissed()
    {
        return List.copyOf(missed);
    }

    /**
     * The goals {@link #render} could not judge (no figure: "n/a"), one line each.
     */
    public List<String> goalsNotJudged()
    {
        return List.copyOf(notJudged);
    }

    private static String rate(final Row delivered)
    {
        return withError(perMicrosecond(delivered, delivered.score()), perMicrosecond(delivered, delivered.error()),
            "%.1f");
    }

    private static String bytesCell(final double value)
    {
        return Double.isNaN(value) ? "n/a" : format(value, "%.4f");
    }

    /**
     * Bytes per delivered message, mean over the forks (rounds) given: {@code gc.alloc.rate.norm} is per benchmark
     * call (offer and take calls alike), so multiply by calls per microsecond (the primary score) and divide by
     * messages delivered per microsecond.
     */
    private static double bytesPerMessage(final Map<String, Map<String, List<Row>>> rounds)
    {
        double sum = 0;
        int count = 0;
        for (final Map<String, List<Row>> metrics : rounds.values())
        {
            final List<Row> norms = metrics.get(ALLOC_NORM);
            final List<Row> primaries = metrics.get("");
            final List<Row> delivered = metrics.get(DELIVERED);
            if (null == norms || null == primaries || null == delivered)
            {
                continue;
            }
            for (int i = 0; i < norms.size() && i < primaries.size() && i < delivered.size(); i++)
            {
                sum += norms.get(i).score() * perMicrosecond(primaries.get(i), primaries.get(i).score()) /
                    perMicrosecond(delivered.get(i), delivered.get(i).score());
                count++;
            }
        }
        return 0 == count ? Double.NaN : sum / count;
    }

    /**
     * A throughput in operations per microsecond, whatever JMH's output unit was.
     */
    static double perMicrosecond(final Row row, final double value)
    {
        return RatioReport.perMicrosecond(row.unit(), value);
    }

    private static String withError(final double value, final double error, final String format)
    {
        if (Double.isNaN(value))
        {
            return "n/a";
        }
        return Double.isNaN(error) ? format(value, format) : format(value, format) + " \u00b1 " + format(error, format);
    }

    private static String format(final double value, final String format)
    {
        return String.format(Locale.ROOT, format, value);
    }
}
