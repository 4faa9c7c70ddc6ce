package io.sluice.jmh.metrics;

import io.sluice.jmh.report.RatioReport;

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
 * Reads the JMH results of {@link MetricsOverheadBenchmark} in JMH's CSV format ({@code -rf csv}) and prints a
 * Markdown report: per kind (and any other parameter but {@code metrics}), messages delivered per microsecond with
 * metrics off and on, the on/off ratio with its propagated error, the throughput cost against
 * {@value MetricsOverheadBenchmark#THROUGHPUT_COST_GOAL}, and bytes allocated per delivered message against
 * {@value MetricsOverheadBenchmark#ALLOCATION_GOAL}.
 * <pre>
 * java -cp jmh/target/benchmarks.jar io.sluice.jmh.metrics.MetricsOverheadReport [--fail-on-goal] result.csv...
 * </pre>
 * With {@code --fail-on-goal} the exit status is 2 if a goal is missed (a verdict "within error" counts as its side).
 */
public final class MetricsOverheadReport
{
    static final String BENCHMARK = MetricsOverheadBenchmark.class.getName() + ".throughput";
    static final String DELIVERED = "delivered";
    static final String ALLOC_NORM = "gc.alloc.rate.norm";
    static final String PARAM = "Param: ";

    private int failed;
    private final List<String> verdicts = new ArrayList<>();

    private MetricsOverheadReport()
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
                rows.addAll(read(Path.of(arg)));
            }
        }
        if (rows.isEmpty())
        {
            System.err.println("usage: java -cp benchmarks.jar " + MetricsOverheadReport.class.getName() +
                " [--fail-on-goal] result.csv...   (JMH results written with -rf csv)");
            System.exit(1);
        }
        final MetricsOverheadReport report = new MetricsOverheadReport();
        System.out.print(report.render(rows));
        if (failOnGoal && report.failed > 0)
        {
            System.exit(2);
        }
    }

    /**
     * One CSV row: a benchmark (with ":metric" for secondary results), its score, error and unit, its parameters.
     */
    record Row(String benchmark, double score, double error, String unit, Map<String, String> params)
    {
        String metric()
        {
            final int colon = benchmark.indexOf(':');
            return colon < 0 ? "" : benchmark.substring(colon + 1);
        }

        String primary()
        {
            final int colon = benchmark.indexOf(':');
            return colon < 0 ? benchmark : benchmark.substring(0, colon);
        }

        /**
         * The parameters other than metrics, sorted: rows with equal keys ran under the same conditions.
         */
        String conditions()
        {
            final StringBuilder builder = new StringBuilder();
            for (final Map.Entry<String, String> entry : new TreeMap<>(params).entrySet())
            {
                if (!"metrics".equals(entry.getKey()))
                {
                    builder.append(builder.length() == 0 ? "" : ", ").append(entry.getKey()).append('=')
                        .append(entry.getValue());
                }
            }
            return builder.toString();
        }
    }

    static List<Row> read(final Path file) throws IOException
    {
        final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty())
        {
            throw new IllegalArgumentException(file + ": empty");
        }
        final List<String> header = split(lines.get(0));
        final int benchmark = column(file, header, "Benchmark");
        final int score = column(file, header, "Score");
        final int error = column(file, header, "Score Error (99.9%)");
        final int unit = column(file, header, "Unit");
        final List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++)
        {
            if (lines.get(i).isBlank())
            {
                continue;
            }
            final List<String> cells = split(lines.get(i));
            final Map<String, String> params = new LinkedHashMap<>();
            for (int c = 0; c < header.size() && c < cells.size(); c++)
            {
                if (header.get(c).startsWith(PARAM) && !cells.get(c).isEmpty())
                {
                    params.put(header.get(c).substring(PARAM.length()), cells.get(c));
                }
            }
            rows.add(new Row(cells.get(benchmark), number(cells.get(score)), number(cells.get(error)),
                cells.get(unit), params));
        }
        return rows;
    }

    private static int column(final Path file, final List<String> header, final String name)
    {
        final int index = header.indexOf(name);
        if (index < 0)
        {
            throw new IllegalArgumentException(file + ": no column \"" + name + "\"; write the results with -rf csv");
        }
        return index;
    }

    /**
     * Split a CSV line: comma separated, fields optionally in double quotes (a doubled quote inside is one quote).
     */
    static List<String> split(final String line)
    {
        final List<String> cells = new ArrayList<>();
        final StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++)
        {
            final char c = line.charAt(i);
            if (quoted)
            {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"')
                {
                    cell.append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.add(cell.toString());
                cell.setLength(0);
            }
            else
            {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    private static double number(final String cell)
    {
        try
        {
            return Double.parseDouble(cell.trim());
        }
        catch (final NumberFormatException ex)
        {
            return Double.NaN;
        }
    }

    String render(final List<Row> rows)
    {
        // conditions -> metrics (OFF/ON) -> metric name ("" for the primary score) -> row
        final Map<String, Map<String, Map<String, Row>>> groups = new LinkedHashMap<>();
        for (final Row row : rows)
        {
            if (!BENCHMARK.equals(row.primary()) || null == row.params().get("metrics"))
            {
                continue;
            }
            groups.computeIfAbsent(row.conditions(), k -> new LinkedHashMap<>())
                .computeIfAbsent(row.params().get("metrics"), k -> new LinkedHashMap<>())
                .putIfAbsent(row.metric(), row);
        }

        final StringBuilder out = new StringBuilder();
        out.append("# Metrics overhead (MetricsOverheadBenchmark)\n\n");
        out.append("| Conditions | Delivered OFF [M msg/s] | Delivered ON [M msg/s] | ON / OFF | Throughput cost " +
            "| Cost goal | Alloc OFF [B/msg] | Alloc ON [B/msg] | Alloc goal |\n");
        out.append("|---|--:|--:|--:|--:|---|--:|--:|---|\n");
        for (final Map.Entry<String, Map<String, Row>> off : groupsOf(groups, "OFF").entrySet())
        {
            final Map<String, Row> on = groups.get(off.getKey()).get("ON");
            renderLine(out, off.getKey(), off.getValue(), on);
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
        out.append("Delivered: the consumer's `delivered` counter (mean over all measured iterations of all forks, " +
            "\u00b1 JMH's 99.9% confidence half-width). ON / OFF error: r \u00b7 sqrt((ea/a)\u00b2 + (eb/b)\u00b2), " +
            "the two errors taken as independent; cost = 1 - ON / OFF. Alloc: `gc.alloc.rate.norm` (bytes per " +
            "benchmark call, offer and take calls together, whole JVM including the publisher thread) \u00d7 calls " +
            "per \u00b5s / delivered per \u00b5s. A verdict is \"within error\" when the goal lies inside the " +
            "error.\n");
        return out.toString();
    }

    private static Map<String, Map<String, Row>> groupsOf(
        final Map<String, Map<String, Map<String, Row>>> groups, final String metrics)
    {
        final Map<String, Map<String, Row>> result = new LinkedHashMap<>();
        for (final Map.Entry<String, Map<String, Map<String, Row>>> entry : groups.entrySet())
        {
            result.put(entry.getKey(), entry.getValue().getOrDefault(metrics, Map.of()));
        }
        return result;
    }

    private void renderLine(
        final StringBuilder out, final String conditions, final Map<String, Row> off, final Map<String, Row> on)
    {
        out.append("| ").append(conditions);
        final Row offDelivered = off.get(DELIVERED);
        final Row onDelivered = null == on ? null : on.get(DELIVERED);
        out.append(" | ").append(null == offDelivered ? "not run" : rate(offDelivered));
        out.append(" | ").append(null == onDelivered ? "not run" : rate(onDelivered));
        if (null != offDelivered && null != onDelivered)
        {
            final double a = perMicrosecond(onDelivered, onDelivered.score());
            final double b = perMicrosecond(offDelivered, offDelivered.score());
            final double ratio = a / b;
            final double relA = perMicrosecond(onDelivered, onDelivered.error()) / a;
            final double relB = perMicrosecond(offDelivered, offDelivered.error()) / b;
            final double error = ratio * Math.sqrt(relA * relA + relB * relB);
            out.append(" | ").append(withError(ratio, error, "%.3f"));
            out.append(" | ").append(withError(100.0 * (1.0 - ratio), 100.0 * error, "%.1f")).append(" %");
            out.append(" | ").append(costVerdict(ratio, error, conditions));
        }
        else
        {
            out.append(" | n/a | n/a | not measured");
        }
        out.append(" | ").append(bytesPerMessage(off));
        out.append(" | ").append(bytesPerMessage(on));
        final double onBytes = null == on ? Double.NaN : bytesPerMessageValue(on);
        out.append(" | ").append(allocationVerdict(onBytes, conditions));
        out.append(" |\n");
    }

    private String costVerdict(final double ratio, final double error, final String conditions)
    {
        final double goal = 1.0 - MetricsOverheadBenchmark.THROUGHPUT_COST_GOAL;
        final String verdict;
        if (Double.isNaN(ratio))
        {
            verdict = "n/a";
        }
        else if (Double.isNaN(error))
        {
            verdict = ratio >= goal ? "PASS (no error estimate)" : "FAIL (no error estimate)";
        }
        else if (ratio - error >= goal)
        {
            verdict = "PASS";
        }
        else if (ratio >= goal)
        {
            verdict = "PASS (within error)";
        }
        else if (ratio + error >= goal)
        {
            verdict = "FAIL (within error)";
        }
        else
        {
            verdict = "FAIL";
        }
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
            failed++;
        }
        verdicts.add(line);
    }

    private static String rate(final Row delivered)
    {
        return withError(perMicrosecond(delivered, delivered.score()), perMicrosecond(delivered, delivered.error()),
            "%.1f");
    }

    private static String bytesPerMessage(final Map<String, Row> rows)
    {
        if (null == rows)
        {
            return "not run";
        }
        final double value = bytesPerMessageValue(rows);
        return Double.isNaN(value) ? "n/a" : format(value, "%.4f");
    }

    /**
     * Bytes per delivered message: {@code gc.alloc.rate.norm} is per benchmark call (offer and take calls alike),
     * so multiply by calls per microsecond (the primary score) and divide by messages delivered per microsecond.
     */
    private static double bytesPerMessageValue(final Map<String, Row> rows)
    {
        final Row norm = rows.get(ALLOC_NORM);
        final Row primary = rows.get("");
        final Row delivered = rows.get(DELIVERED);
        if (null == norm || null == primary || null == delivered)
        {
            return Double.NaN;
        }
        return norm.score() * perMicrosecond(primary, primary.score()) /
            perMicrosecond(delivered, delivered.score());
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
