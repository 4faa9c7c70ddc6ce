package io.sluice.jmh.report;

import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The report tests' fixtures and helpers. The JSON fixtures under {@code src/test/resources/io/sluice/jmh/report/suite}
 * are in the shape JMH 1.37 writes ({@code -rf json}): {@code pipeline.json} is a real quick run's; the others are
 * hand-made in the same shape with chosen numbers, 2 forks of 3 measured iterations each, scores and errors consistent
 * with their {@code rawData} (errors as JMH states them, t(0.9995, n - 1) s / sqrt(n)), and the
 * {@code @AuxCounters(EVENTS)} counters ({@code "#"}) and {@code gc.count} summed over the iterations, as JMH sums
 * them.
 */
final class ReportFixtures
{
    /**
     * The fixture JSON files, one per scenario they stand for.
     */
    static final List<String> FILES =
        List.of("object.json", "binary.json", "pipeline.json", "pingpong.json", "response.json", "slow.json");

    private ReportFixtures()
    {
    }

    static Path fixture(final String name)
    {
        try
        {
            return Path.of(ReportFixtures.class.getResource("suite/" + name).toURI());
        }
        catch (final URISyntaxException | NullPointerException ex)
        {
            throw new IllegalStateException("no fixture " + name, ex);
        }
    }

    static List<RatioReport.Result> read(final String name) throws IOException
    {
        return RatioReport.read(fixture(name));
    }

    /**
     * Copy fixtures into a directory, as a results directory of the suite.
     */
    static void copy(final Path dir, final List<String> names) throws IOException
    {
        for (final String name : names)
        {
            Files.copy(fixture(name), dir.resolve(name));
        }
    }

    /**
     * A metric as {@link RatioReport#read} makes it.
     */
    static RatioReport.Metric metric(final String unit, final double score, final double error, final double... raw)
    {
        return new RatioReport.Metric(score, error, unit, raw, raw.length);
    }

    /**
     * An {@code @AuxCounters(EVENTS)} counter as JMH writes it: unit {@code #}, the score the sum of the values, no
     * error.
     */
    static RatioReport.Metric events(final double... raw)
    {
        return metric("#", Arrays.stream(raw).sum(), Double.NaN, raw);
    }

    static RatioReport.Result result(
        final String benchmarkClass, final String method, final Map<String, String> params,
        final RatioReport.Metric primary, final Map<String, RatioReport.Metric> secondary)
    {
        return new RatioReport.Result(benchmarkClass, params, primary, secondary, "test run", method);
    }

    /**
     * The cells of the table row whose first cell is {@code label}, in the first table that has one.
     */
    static List<String> row(final String markdown, final String label)
    {
        for (final String line : markdown.split("\n"))
        {
            if (line.startsWith("| "))
            {
                final List<String> cells = cells(line);
                if (cells.get(0).equals(label))
                {
                    return cells;
                }
            }
        }
        return fail("no row '" + label + "' in:\n" + markdown);
    }

    /**
     * The cells of the table row whose first cell is {@code label} in the section under the heading that starts
     * with {@code heading}.
     */
    static List<String> row(final String markdown, final String heading, final String label)
    {
        final int start = markdown.indexOf(heading);
        assertTrue(start >= 0, "no heading '" + heading + "' in:\n" + markdown);
        return row(markdown.substring(start), label);
    }

    static List<String> cells(final String line)
    {
        final List<String> cells = new ArrayList<>();
        for (final String cell : line.substring(1, line.length() - 1).split("\\|", -1))
        {
            cells.add(cell.trim());
        }
        return cells;
    }

    /**
     * Whether the JDK can find a font: JFreeChart draws text, and a JDK without any font cannot.
     */
    static boolean canDrawText()
    {
        try
        {
            return GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames().length > 0;
        }
        catch (final RuntimeException | Error ex)
        {
            return false;
        }
    }

    /**
     * The file is a PNG image ImageIO can read, of the charts' size.
     */
    static void assertPng(final Path file) throws IOException
    {
        assertTrue(Files.isRegularFile(file), file + " missing");
        assertTrue(Files.size(file) > 0, file + " empty");
        final byte[] magic = Arrays.copyOf(Files.readAllBytes(file), 8);
        assertEquals("\u0089PNG\r\n\u001a\n", new String(magic, StandardCharsets.ISO_8859_1),
            file + " is not a PNG");
        final BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, file + " unreadable");
        assertEquals(1000, image.getWidth(), file.toString());
        assertEquals(560, image.getHeight(), file.toString());
    }
}
