package io.sluice.examples.telemetry;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TelemetryExampleTest
{
    private static final Pattern IDENTITY = Pattern.compile(
        "offered ([\\d,]+) = delivered ([\\d,]+) \\+ droppedNewest ([\\d,]+) \\+ droppedOldest ([\\d,]+) \\+ " +
        "shed ([\\d,]+) \\+ spilledPending ([\\d,]+) \\+ rejected ([\\d,]+) \\+ timedOut ([\\d,]+) \\+ " +
        "inFlight ([\\d,]+)");
    private static final Pattern PUBLISHED = Pattern.compile("group (\\d+): published ([\\d,]+) of");
    private static final Pattern GROUP_REFUSED = Pattern.compile("time\\(s\\): ([\\d,]+) claims refused,");
    private static final Pattern INGEST_REFUSED = Pattern.compile("([\\d,]+) claims refused \\(BACK_PRESSURED");
    private static final Pattern SPILLED =
        Pattern.compile("spilled ([\\d,]+) to disk .*drained back ([\\d,]+) in order");
    private static final Pattern FEED_AGE = Pattern.compile("age of the readings it read: p50 [\\d.]+ (us|ms|s),");

    @TempDir
    Path dir;

    @Test
    void shouldConserveEveryChannelKeepTheDashboardFreshAndArchiveEveryReadingInOrder()
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final Path spill = dir.resolve("spill");
        final int exit = assertTimeoutPreemptively(Duration.ofMinutes(2), () -> new CommandLine(
            new TelemetryExample()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(
            "--seconds", "2", "--producers", "3", "--rate", "50000", "--dir", spill.toString()));

        final String text = out.toString();
        assertEquals(0, exit, text + err);

        // (a) the identity holds on every channel, with nothing in flight after the stream ended
        final Matcher identity = IDENTITY.matcher(text);
        final long[][] channels = new long[3][];
        int found = 0;
        while (identity.find())
        {
            final long[] fields = new long[9];
            long rest = 0;
            for (int group = 1; group <= 9; group++)
            {
                fields[group - 1] = parse(identity.group(group));
                rest += group > 1 ? fields[group - 1] : 0;
            }
            assertEquals(fields[0], rest, identity.group());
            assertEquals(0, fields[8], "in flight after the end of stream: " + identity.group());
            assertTrue(found < 3, text);
            channels[found++] = fields;
        }
        assertEquals(3, found, text);
        final long[] ingest = channels[0];
        final long[] feed = channels[1];
        final long[] archive = channels[2];
        assertTrue(text.indexOf("== ingest") < text.indexOf("== dashboard-feed") &&
            text.indexOf("== dashboard-feed") < text.indexOf("== archive"), text);

        // every reading the groups published went through the ingest channel to both outbound channels
        final Matcher published = PUBLISHED.matcher(text);
        long total = 0;
        int groups = 0;
        while (published.find())
        {
            groups++;
            total += parse(published.group(2));
        }
        assertEquals(3, groups, text);
        assertTrue(total > 0, text);
        assertEquals(total, ingest[0], text);
        assertEquals(ingest[0], ingest[1], "the ingest channel loses nothing: " + text);
        assertEquals(ingest[1], feed[0], text);
        assertEquals(ingest[1], archive[0], text);

        // backpressure is counted by the groups as by the channel: every refused claim once, and it is no offer
        final Matcher groupRefused = GROUP_REFUSED.matcher(text);
        long refused = 0;
        while (groupRefused.find())
        {
            refused += parse(groupRefused.group(1));
        }
        final Matcher ingestRefused = INGEST_REFUSED.matcher(text);
        assertTrue(ingestRefused.find(), text);
        assertEquals(refused, parse(ingestRefused.group(1)), text);

        // (b) the dashboard: oldest readings dropped, the newest delivered, what it read was fresh
        assertTrue(feed[3] > 0, "the slow dashboard made the feed drop its oldest readings: " + text);
        assertEquals(feed[0], feed[1] + feed[3], "a DROP_OLDEST feed only delivers or drops oldest: " + text);
        assertTrue(text.contains("reached the dashboard: yes; sequences only went up: yes"), text);
        final Matcher age = FEED_AGE.matcher(text);
        assertTrue(age.find(), text);
        // printed in us or ms below a second, in s from a second up
        assertTrue(!"s".equals(age.group(1)), "the median reading the dashboard read was under a second old: " + text);

        // the archive: overflow spilled and drained back, every reading once, in order
        final Matcher spilled = SPILLED.matcher(text);
        assertTrue(spilled.find(), text);
        assertTrue(parse(spilled.group(1)) > 0, "the stalled archive spilled: " + text);
        assertEquals(parse(spilled.group(1)), parse(spilled.group(2)), "everything spilled came back: " + text);
        assertEquals(archive[0], archive[1], "the archive delivered every reading: " + text);
        assertTrue(text.contains("every reading of every group archived once, in sequence order: yes"), text);
        assertTrue(text.contains("nothing lost without being counted: every channel conserved"), text);
        assertTrue(Files.isDirectory(spill), "--dir is kept");
    }

    @Test
    void shouldRejectBadOptionsNamingTheOptionAndWhatIsAllowed()
    {
        final StringWriter err = new StringWriter();
        final int exit = new CommandLine(new TelemetryExample()).setOut(new PrintWriter(new StringWriter()))
            .setErr(new PrintWriter(err)).execute("--producers", "0");
        assertEquals(2, exit);
        assertTrue(err.toString().contains("--producers=0 is not allowed; allowed 1..64"), err.toString());

        final StringWriter err2 = new StringWriter();
        assertEquals(2, new CommandLine(new TelemetryExample()).setOut(new PrintWriter(new StringWriter()))
            .setErr(new PrintWriter(err2)).execute("--rate", "-5"));
        assertTrue(err2.toString().contains("--rate=-5 is not allowed; allowed 1..10000000"), err2.toString());
    }

    @Test
    void shouldWriteAndReadEveryFieldOfAReadingInPlace()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        Reading.write(buffer, 8, 2, 17, 123_456_789_012L, 987_654_321L, 21.5);
        assertEquals(2, Reading.group(buffer, 8));
        assertEquals(17, Reading.sensor(buffer, 8));
        assertEquals(123_456_789_012L, Reading.sequence(buffer, 8));
        assertEquals(987_654_321L, Reading.timestampNanos(buffer, 8));
        assertEquals(21.5, Reading.value(buffer, 8));
        assertEquals(0, buffer.getLong(0), "nothing before the offset is touched");
        assertEquals(0, buffer.getLong(8 + Reading.LENGTH), "nothing after the reading is touched");
    }

    private static long parse(final String number)
    {
        return Long.parseLong(number.replace(",", ""));
    }
}
