package io.sluice.jmh.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * JMH results in JMH's CSV format ({@code -rf csv}), as files or as a rounds directory, and the small-sample
 * statistics the paired reports use.
 * <p>
 * A rounds directory is what the interleaving run scripts write ({@code jmh/run-rounds.sh},
 * {@code jmh/run-metrics-benchmarks.sh}): one subdirectory {@code round-NN} per round, holding the CSV files of that
 * round's one-fork JMH invocations, one per compared condition, run one after another and in reverse order every
 * other round. JMH itself runs all forks of one parameter combination before the next, so two conditions it compares
 * run minutes apart; on a small shared host the rate of one condition drifts by up to 2x over such spans, and the
 * drift lands on one side of the ratio. Pairing each round's forks cancels it instead.
 */
public final class CsvResults
{
    /** The CSV header prefix of a parameter column. */
    static final String PARAM = "Param: ";

    /** t(0.9995, df) for df = 1 .. 30: the two-sided 99.9 % quantile of Student's t distribution. */
    private static final double[] T_999 = {
        636.619, 31.599, 12.924, 8.610, 6.869, 5.959, 5.408, 5.041, 4.781, 4.587,
        4.437, 4.318, 4.221, 4.140, 4.073, 4.015, 3.965, 3.922, 3.883, 3.850,
        3.819, 3.792, 3.768, 3.745, 3.725, 3.707, 3.690, 3.674, 3.659, 3.646 };

    private CsvResults()
    {
    }

    /**
     * One CSV row: a benchmark (with ":metric" for secondary results), its score, error and unit, its parameters,
     * and the round it ran in ({@code ""} for results given as a CSV file rather than a rounds directory).
     *
     * @param benchmark the benchmark method's full name, with ":metric" for a secondary result.
     * @param score     the score.
     * @param error     JMH's 99.9 % error, NaN if none (one fork with one iteration).
     * @param unit      the score's unit.
     * @param params    the parameters, by name.
     * @param round     the round directory's name, or {@code ""}.
     */
    public record Row(String benchmark, double score, double error, String unit, Map<String, String> params,
        String round)
    {
        /**
         * The secondary result's name, {@code ""} for the primary score.
         *
         * @return the metric.
         */
        public String metric()
        {
            final int colon = benchmark.indexOf(':');
            return colon < 0 ? "" : benchmark.substring(colon + 1);
        }

        /**
         * The benchmark method without the metric.
         *
         * @return the method's full name.
         */
        public String primary()
        {
            final int colon = benchmark.indexOf(':');
            return colon < 0 ? benchmark : benchmark.substring(0, colon);
        }

        /**
         * The parameters other than those named, sorted, as {@code "a=1, b=2"}: rows with equal keys ran under the
         * same conditions apart from those parameters.
         *
         * @param excluded parameter names to leave out.
         * @return the key.
         */
        public String conditionsWithout(final String... excluded)
        {
            final StringBuilder builder = new StringBuilder();
            for (final Map.Entry<String, String> entry : new TreeMap<>(params).entrySet())
            {
                if (!List.of(excluded).contains(entry.getKey()))
                {
                    builder.append(builder.length() == 0 ? "" : ", ").append(entry.getKey()).append('=')
                        .append(entry.getValue());
                }
            }
            return builder.toString();
        }
    }

    /**
     * A condition key as {@link Row#conditionsWithout} makes it, without one parameter.
     *
     * @param conditions the key.
     * @param name       the parameter to leave out.
     * @return the key without {@code name=value}.
     */
    public static String without(final String conditions, final String name)
    {
        final StringBuilder builder = new StringBuilder();
        for (final String part : conditions.split(", "))
        {
            if (!part.startsWith(name + "=") && !part.isEmpty())
            {
                builder.append(builder.length() == 0 ? "" : ", ").append(part);
            }
        }
        return builder.toString();
    }

    /**
     * The rows of a CSV file, or of every {@code round-*}{@code /*.csv} of a rounds directory (each row tagged with
     * its round).
     *
     * @param path a CSV file or a rounds directory.
     * @return the rows.
     * @throws IOException if a file cannot be read.
     * @throws IllegalArgumentException if a file is not JMH CSV, or a directory holds no rounds.
     */
    public static List<Row> readAll(final Path path) throws IOException
    {
        if (!Files.isDirectory(path))
        {
            return read(path, "");
        }
        final List<Row> rows = new ArrayList<>();
        final List<Path> rounds;
        try (Stream<Path> list = Files.list(path))
        {
            rounds = list.filter(p -> Files.isDirectory(p) && p.getFileName().toString().startsWith("round-"))
                .sorted().toList();
        }
        for (final Path round : rounds)
        {
            final List<Path> files;
            try (Stream<Path> list = Files.list(round))
            {
                files = list.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
            }
            for (final Path file : files)
            {
                rows.addAll(read(file, round.getFileName().toString()));
            }
        }
        if (rows.isEmpty())
        {
            throw new IllegalArgumentException(path + ": no round-*/*.csv results in this directory");
        }
        return rows;
    }

    /**
     * The rows of one CSV file.
     *
     * @param file  written by JMH with {@code -rf csv}.
     * @param round the round to tag the rows with.
     * @return the rows.
     * @throws IOException if the file cannot be read.
     */
    public static List<Row> read(final Path file, final String round) throws IOException
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
                cells.get(unit), params, round));
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

    /**
     * The mean.
     *
     * @param values at least one.
     * @return their mean.
     */
    public static double mean(final double[] values)
    {
        double sum = 0;
        for (final double value : values)
        {
            sum += value;
        }
        return sum / values.length;
    }

    /**
     * Half-width of the 99.9 % confidence interval of the mean of a small sample, as JMH states its errors: t(0.9995,
     * n - 1) times the sample standard deviation over the square root of n.
     *
     * @param values the sample.
     * @return the half-width, NaN for fewer than two values.
     */
    public static double halfWidth(final double[] values)
    {
        final int n = values.length;
        if (n < 2)
        {
            return Double.NaN;
        }
        final double mean = mean(values);
        double squares = 0;
        for (final double value : values)
        {
            squares += (value - mean) * (value - mean);
        }
        return studentT999(n - 1) * Math.sqrt(squares / (n - 1)) / Math.sqrt(n);
    }

    /**
     * Two-sided 99.9 % quantile of Student's t distribution (t at 0.9995); above 30 degrees of freedom the value for
     * 30 is used, which overstates the error a little (3.646 against 3.291 in the limit).
     *
     * @param degreesOfFreedom at least 1.
     * @return the quantile.
     */
    public static double studentT999(final int degreesOfFreedom)
    {
        if (degreesOfFreedom < 1)
        {
            throw new IllegalArgumentException("degreesOfFreedom=" + degreesOfFreedom + ": must be at least 1");
        }
        return T_999[Math.min(degreesOfFreedom, T_999.length) - 1];
    }
}
