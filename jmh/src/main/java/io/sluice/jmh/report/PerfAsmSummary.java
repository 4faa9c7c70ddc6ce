package io.sluice.jmh.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sums the samples of JMH perfasm's hottest regions by Java source line: for each region, the share of samples on
 * the instructions that C2 compiled from each line, innermost frame first (the method the instruction's bytecode
 * belongs to, after inlining). A region of a few hundred annotated instructions becomes a short table that says
 * which lines of which methods the loop spends its time in (a queue store, a counter, a type check).
 * <p>
 * An instruction that HotSpot prints without a source annotation is counted under the line of the annotated
 * instruction before it, as perfasm prints the annotation after the first instruction of each run. With cpu-clock
 * sampling (no hardware counters) a sample lands on or just after the instruction that was waiting, so a share
 * belongs to a line and its neighbours rather than to one instruction.
 * <p>
 * Usage: {@code java -cp jmh/target/benchmarks.jar io.sluice.jmh.report.PerfAsmSummary PERFASM_OUTPUT [LINES]}
 * (LINES: rows per region, 25 unless given). {@code jmh/perfasm.sh} runs it after the profile.
 */
public final class PerfAsmSummary
{
    private static final Pattern REGION = Pattern.compile("^\\.\\.\\.\\.\\[Hottest Region (\\d+)]");
    private static final Pattern END_OF_REGIONS = Pattern.compile("^\\.\\.\\.\\.\\[Hottest Regions]");
    private static final Pattern INSTRUCTION = Pattern.compile("^\\s*(?:([0-9]+\\.[0-9]+)%)?[^0-9;]*0x[0-9a-f]+:\\s");
    private static final Pattern FRAME =
        Pattern.compile("^[^;0-9]*; - ([\\w.$/]+)::([\\w$<>]+)@\\d+ \\(line (\\d+)\\)");

    private PerfAsmSummary()
    {
    }

    /**
     * Summarise a perfasm output file.
     *
     * @param args the file, and optionally the rows to print per region.
     * @throws IOException if the file cannot be read.
     */
    public static void main(final String[] args) throws IOException
    {
        if (args.length < 1 || args.length > 2)
        {
            System.err.println("usage: PerfAsmSummary PERFASM_OUTPUT [LINES]");
            System.exit(2);
        }
        final int rows = args.length == 2 ? Integer.parseInt(args[1]) : 25;
        final List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        System.out.print(summarise(lines, rows));
    }

    /**
     * The summary of perfasm's output.
     *
     * @param lines the output, line by line.
     * @param rows  most source lines to list per region.
     * @return one table per hottest region, Markdown.
     */
    public static String summarise(final List<String> lines, final int rows)
    {
        final StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < lines.size())
        {
            final Matcher region = REGION.matcher(lines.get(i));
            if (END_OF_REGIONS.matcher(lines.get(i)).find())
            {
                break;
            }
            if (!region.find())
            {
                i++;
                continue;
            }
            final String title = i + 1 < lines.size() ? lines.get(i + 1).trim() : "";
            final Map<String, Double> byLine = new LinkedHashMap<>();
            double total = 0;
            String last = "(no source)";
            double pending = 0;
            boolean pendingOpen = false;
            i++;
            while (i < lines.size() && !REGION.matcher(lines.get(i)).find() &&
                !END_OF_REGIONS.matcher(lines.get(i)).find())
            {
                final String line = lines.get(i);
                final Matcher instruction = INSTRUCTION.matcher(line);
                final Matcher frame = FRAME.matcher(line);
                if (instruction.find() && !line.trim().startsWith(";"))
                {
                    if (pendingOpen)
                    {
                        byLine.merge(last, pending, Double::sum);
                    }
                    pending = null == instruction.group(1) ? 0 : Double.parseDouble(instruction.group(1));
                    pendingOpen = true;
                    total += pending;
                }
                else if (frame.find() && pendingOpen)
                {
                    // the first frame after an instruction is its innermost one
                    last = simpleName(frame.group(1)) + "::" + frame.group(2) + ":" + frame.group(3);
                    byLine.merge(last, pending, Double::sum);
                    pendingOpen = false;
                }
                i++;
            }
            if (pendingOpen)
            {
                byLine.merge(last, pending, Double::sum);
            }
            out.append("## Region ").append(region.group(1)).append(": ").append(title).append('\n')
                .append(String.format(Locale.ROOT, "%n%.2f %% of all samples%n%n", total))
                .append("| Samples | Source line (innermost frame) |\n|--:|---|\n");
            final List<Map.Entry<String, Double>> sorted = new ArrayList<>(byLine.entrySet());
            sorted.sort((a, b) -> Double.compare(b.getValue(), a.getValue()));
            for (int k = 0; k < Math.min(rows, sorted.size()); k++)
            {
                out.append(String.format(Locale.ROOT, "| %.2f %% | `%s` |%n", sorted.get(k).getValue(),
                    sorted.get(k).getKey()));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String simpleName(final String className)
    {
        final int dot = Math.max(className.lastIndexOf('.'), className.lastIndexOf('/'));
        return className.substring(dot + 1);
    }
}
