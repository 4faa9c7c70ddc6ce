package io.sluice.jmh.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The goals of one report: a verdict per goal, the lines that list them and the pass/fail counts, plus the number
 * formats every report shares. Used by {@link RatioReport}, {@link PipelineReport}, {@link SpillReport},
 * {@link PingPongReport}, {@link ResponseTimeReport} and {@link PairedRoundsReport}.
 */
final class Goals
{
    private int passed;
    private int failed;
    private final List<String> lines = new ArrayList<>();
    private final List<String> missed = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /**
     * Verdict on "ratio at least goal", taking the ratio's error into account; counted and listed.
     *
     * @return the table cell, e.g. "&ge; 0.80: PASS (within error)".
     */
    String atLeast(final double ratio, final double error, final double goal, final String what, final String where)
    {
        final String verdict = Verdicts.atLeast(ratio, error, goal);
        final String cell = "\u2265 " + format(goal, "%.2f") + ": " + verdict;
        count(verdict, what + " = " + withError(ratio, error, "%.3f") + ", goal " + cell + " [" + where + "]");
        return cell;
    }

    /**
     * Verdict on "ratio at most goal" (a time or a latency, where lower is better), taking the ratio's error into
     * account; counted and listed.
     *
     * @return the table cell, e.g. "&le; 1.25: FAIL (within error)".
     */
    String ratioAtMost(
        final double ratio, final double error, final double goal, final String what, final String where)
    {
        final String verdict = Verdicts.atMost(ratio, error, goal);
        final String cell = "\u2264 " + format(goal, "%.2f") + ": " + verdict;
        count(verdict, what + " = " + withError(ratio, error, "%.3f") + ", goal " + cell + " [" + where + "]");
        return cell;
    }

    /**
     * Verdict on "bytes at most goal"; counted and listed.
     *
     * @return the table cell, e.g. "&le; 0.01: PASS".
     */
    String atMost(final double value, final double goal, final String what, final String where)
    {
        final String verdict = Double.isNaN(value) ? "n/a" : value <= goal ? "PASS" : "FAIL";
        final String cell = "\u2264 " + format(goal, "%.2f") + ": " + verdict;
        count(verdict, what + " = " + bytes(value) + ", goal " + cell + " [" + where + "]");
        return cell;
    }

    /**
     * Count and list a goal another report judged.
     *
     * @param met  whether it judged the goal met.
     * @param line the goal, its figure and its verdict.
     */
    void judged(final boolean met, final String line)
    {
        count(met ? "PASS" : "FAIL", line);
    }

    /**
     * List a goal that could not be judged (neither passed nor failed).
     */
    void note(final String line)
    {
        lines.add(line);
        notes.add(line);
    }

    int passed()
    {
        return passed;
    }

    int failed()
    {
        return failed;
    }

    /**
     * The lines of the goals missed: failed, within error or not, or without a figure to judge.
     *
     * @return the lines, in the order judged.
     */
    List<String> missed()
    {
        return List.copyOf(missed);
    }

    /**
     * The lines of the goals that could not be judged (see {@link #note}).
     *
     * @return the lines, in the order noted.
     */
    List<String> notes()
    {
        return List.copyOf(notes);
    }

    /**
     * Append the "Goals" section: every goal line and the pass/fail count.
     */
    void render(final StringBuilder out)
    {
        out.append("## Goals\n\n");
        for (final String line : lines)
        {
            out.append("- ").append(line).append('\n');
        }
        out.append('\n').append(passed).append(" passed, ").append(failed).append(" failed.\n\n");
    }

    private void count(final String verdict, final String line)
    {
        if (verdict.startsWith("PASS"))
        {
            passed++;
        }
        else
        {
            failed++;
            missed.add(line);
        }
        lines.add(line);
    }

    static String withError(final double value, final double error, final String format)
    {
        return format(value, format) + " \u00b1 " + (Double.isNaN(error) ? "n/a" : format(error, format));
    }

    static String bytes(final double value)
    {
        if (Double.isNaN(value))
        {
            return "n/a";
        }
        if (value == 0.0 || Math.abs(value) >= 0.01)
        {
            return format(value, "%.3f");
        }
        return format(value, "%.1e");
    }

    static String format(final double value, final String format)
    {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, format, value);
    }

    /**
     * The command line both report tools take: {@code [--fail-on-goal] result.json...}. Exits with 1 and a usage
     * line on a bad one.
     */
    record CommandLine(boolean failOnGoal, List<Path> files)
    {
        static CommandLine parse(final String[] args, final Class<?> tool, final String fileName)
        {
            boolean failOnGoal = false;
            final List<Path> files = new ArrayList<>();
            String problem = null;
            for (final String arg : args)
            {
                if ("--fail-on-goal".equals(arg))
                {
                    failOnGoal = true;
                }
                else if (arg.startsWith("-"))
                {
                    problem = "unknown option " + arg;
                    break;
                }
                else
                {
                    files.add(Path.of(arg));
                }
            }
            if (null == problem && files.isEmpty())
            {
                problem = "no result file given";
            }
            if (null != problem)
            {
                System.err.println(problem);
                System.err.println("usage: java -cp benchmarks.jar " + tool.getName() + " [--fail-on-goal] " +
                    fileName + "...");
                System.exit(1);
            }
            return new CommandLine(failOnGoal, List.copyOf(files));
        }
    }
}
