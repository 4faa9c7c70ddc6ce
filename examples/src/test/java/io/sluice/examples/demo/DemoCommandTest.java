package io.sluice.examples.demo;

import io.sluice.examples.SluiceCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoCommandTest
{
    private static final Pattern IDENTITY = Pattern.compile(
        "  ([a-z>-]+): offered ([\\d,]+)(?: \\+ recovered ([\\d,]+))? = delivered ([\\d,]+) \\+ " +
        "droppedNewest ([\\d,]+) \\+ droppedOldest ([\\d,]+) \\+ shed ([\\d,]+) \\+ " +
        "spilledPending ([\\d,]+) \\+ rejected ([\\d,]+) \\+ " +
        "timedOut ([\\d,]+) \\+ inFlight ([\\d,]+): holds");
    private static final Pattern SPILLED = Pattern.compile("spilled ([\\d,]+) to disk and drained back in order");
    private static final Pattern BACK_PRESSURED = Pattern.compile("back-pressured ([\\d.]+) s in total");
    private static final Pattern COMPLETE = Pattern.compile(
        "sensor ([ab]): sent ([\\d,]+)\\.\\.([\\d,]+); stored through ([\\d,]+).*: no sequence number missing");
    private static final Pattern REPEATS = Pattern.compile("records stored, ([\\d,]+) repeats removed");

    @Test
    void shouldPushBackFromTheSlowStoreToTheSensorsDrainTheSpillAndLoseNothing()
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int exit = assertTimeoutPreemptively(Duration.ofMinutes(3), () -> SluiceCommand.run(
            new PrintWriter(out), new PrintWriter(err), "demo", "--duration", "4", "--speed-up-at", "2.5",
            "--spill-limit", "4000", "--rate", "20000", "--interval", "0.5"));
        final String text = out.toString();
        assertEquals(0, exit, text + err);

        final List<long[]> identities = identities(text);
        assertEquals(3, identities.size(), text);
        final long[] store = identities.get(2);
        assertTrue(store[7] > 0, "the full spill refused offers, so the edge pushed back: " + text);
        final Matcher spilled = SPILLED.matcher(text);
        assertTrue(spilled.find() && parse(spilled.group(1)) > 4000, "spilled past the limit in total: " + text);
        final Matcher backPressured = BACK_PRESSURED.matcher(text);
        assertTrue(backPressured.find() && Double.parseDouble(backPressured.group(1)) > 0,
            "the sensors' edge was back-pressured: " + text);
        assertTrue(text.contains("bottleneck: aggregator->store: the store is slow and its spill is full, so it " +
            "pushes back through every stage to the sensors"), text);
        assertEquals(2, complete(text).size(), text);
        final long sent = complete(text).stream().mapToLong(s -> s[1] - s[0] + 1).sum();
        assertEquals(sent, identities.get(0)[0], "the sensors' edge took every reading sent");
        assertTrue(text.contains("lost: none."), text);
    }

    @Test
    void shouldResumeAfterAKillWithNoSequenceNumberMissing(@TempDir final Path work) throws Exception
    {
        final Path dir = work.resolve("demo");
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SluiceCommand.class.getName(), "demo",
            "--duration", "8", "--crash-at", "2", "--dir", dir.toString(), "--no-view", "--rate", "20000",
            "--spill-limit", "1000000"));
        final Path log = work.resolve("crash.log");
        final Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
            .start();
        final boolean ended = child.waitFor(2, TimeUnit.MINUTES);
        if (!ended)
        {
            child.destroyForcibly();
        }
        final String crashed = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(ended, "the crashing run did not end: " + crashed);
        assertEquals(137, child.exitValue(), crashed);
        final Matcher onDisk = Pattern.compile("with ([\\d,]+) records on disk in the spill").matcher(crashed);
        assertTrue(onDisk.find() && parse(onDisk.group(1)) > 0, "killed mid-spill: " + crashed);

        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int exit = assertTimeoutPreemptively(Duration.ofMinutes(3), () -> SluiceCommand.run(
            new PrintWriter(out), new PrintWriter(err), "demo", "--resume", "--dir", dir.toString(), "--duration",
            "2", "--speed-up-at", "0", "--no-view"));
        final String text = out.toString();
        assertEquals(0, exit, crashed + text + err);
        final List<long[]> identities = identities(text);
        assertEquals(3, identities.size(), text);
        assertTrue(identities.get(2)[1] > 0, "the store's edge recovered the spill: " + text);
        final List<long[]> sensors = complete(text);
        assertEquals(2, sensors.size(), text);
        for (final long[] sensor : sensors)
        {
            assertTrue(sensor[0] > 1, "resumed from the durable acknowledgement, not from 1: " + text);
            assertEquals(sensor[1], sensor[2], "stored through the last sent: " + text);
        }
        final Matcher repeats = REPEATS.matcher(text);
        assertTrue(repeats.find() && parse(repeats.group(1)) > 0, "the resent readings were removed: " + text);
        assertTrue(text.contains("lost: none."), text);
        assertTrue(Files.exists(dir), "a --dir given is kept");
    }

    @Test
    void shouldRefuseBadOptionsAndAResumeWithNothingToResume(@TempDir final Path work)
    {
        final StringWriter err = new StringWriter();
        assertEquals(2, SluiceCommand.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "demo",
            "--duration", "0"));
        assertTrue(err.toString().contains("--duration=0.0 is not allowed; allowed 0 < duration <= 86400"),
            err.toString());
        final StringWriter err2 = new StringWriter();
        assertEquals(2, SluiceCommand.run(new PrintWriter(new StringWriter()), new PrintWriter(err2), "demo",
            "--resume", "--dir", work.resolve("empty").toString()));
        assertTrue(err2.toString().contains("--resume: nothing to resume in"), err2.toString());
        final StringWriter err3 = new StringWriter();
        assertEquals(2, SluiceCommand.run(new PrintWriter(new StringWriter()), new PrintWriter(err3), "demo",
            "--crash-at", "40"));
        assertTrue(err3.toString().contains("--crash-at=40.0 is not allowed"), err3.toString());
    }

    /** Per edge: offered, recovered, delivered, droppedNewest, droppedOldest, shed, spilledPending, rejected, ... */
    private static List<long[]> identities(final String text)
    {
        final List<long[]> identities = new ArrayList<>();
        final Matcher matcher = IDENTITY.matcher(text);
        while (matcher.find())
        {
            final long[] values = new long[10];
            for (int group = 2; group <= 11; group++)
            {
                values[group - 2] = null == matcher.group(group) ? 0 : parse(matcher.group(group));
            }
            long right = 0;
            for (int i = 2; i < values.length; i++)
            {
                right += values[i];
            }
            assertEquals(values[0] + values[1], right, matcher.group());
            assertEquals(0, values[9], "in flight after the drain: " + matcher.group());
            assertEquals(0, values[6], "on disk after the drain: " + matcher.group());
            assertEquals(0, values[3] + values[4] + values[5] + values[8], "dropped, shed or timed out: " +
                matcher.group());
            identities.add(values);
        }
        return identities;
    }

    /** Per sensor: first sent, last sent, stored through. */
    private static List<long[]> complete(final String text)
    {
        final List<long[]> sensors = new ArrayList<>();
        final Matcher matcher = COMPLETE.matcher(text);
        while (matcher.find())
        {
            sensors.add(new long[] {parse(matcher.group(2)), parse(matcher.group(3)), parse(matcher.group(4))});
        }
        return sensors;
    }

    private static List<String> jvmFlags() throws Exception
    {
        try (InputStream in = SluiceCommand.class.getResourceAsStream("jvm.options"))
        {
            final String flags = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            return Arrays.asList(flags.split("\\s+"));
        }
    }

    private static long parse(final String number)
    {
        return Long.parseLong(number.replace(",", ""));
    }
}
