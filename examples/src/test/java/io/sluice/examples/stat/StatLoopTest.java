package io.sluice.examples.stat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StatLoopTest
{
    private static final long PID = ProcessHandle.current().pid();
    private static final Pattern FRAME_START = Pattern.compile("(?m)^(\u001b\\[H\u001b\\[2J)?sluice stat  pid ");

    @TempDir
    Path base;

    private String out = "";
    private String err = "";

    private int stat(final Workload.FakeTime time, final boolean terminal, final String... args)
    {
        final StringWriter o = new StringWriter();
        final StringWriter e = new StringWriter();
        final int exit = new CommandLine(new StatCommand(base, time, time, terminal))
            .setOut(new PrintWriter(o, true)).setErr(new PrintWriter(e, true)).execute(args);
        out = o.toString();
        err = e.toString();
        return exit;
    }

    @Test
    void shouldShowEveryEdgeAndStageWithRatesBetweenFrames()
    {
        final Path dir = base.resolve("app");
        try (Workload work = new Workload(dir).deliver(1000))
        {
            // between the frames one (fake) second passes and 2,000 more messages go through
            final Workload.FakeTime time = new Workload.FakeTime(() -> work.deliver(2000));

            assertEquals(0, stat(time, false, "--dir", dir.toString(), "--count", "2"), err);

            final List<String> frames = frames(out);
            assertEquals(2, frames.size(), out);
            assertEquals(1, time.sleeps());
            final String first = frames.get(0);
            assertTrue(first.startsWith("sluice stat  pid " + PID + "  up "), first);
            assertTrue(first.contains("averages since start  " + work.file()), first);
            assertTrue(first.contains("graph telemetry  INVOKER  running  bottleneck: none"), first);

            final String second = frames.get(1);
            assertTrue(second.contains("rates over 1.00s  " + work.file()), second);
            final List<String> in = row(second, Workload.EDGE_IN, 0);
            assertEquals(List.of(Workload.EDGE_IN, "BLOCK", "[............]", "0/64"), in.subList(0, 4));
            assertEquals(List.of("2000", "2000"), in.subList(5, 7), "in/s and out/s: " + in);
            assertTrue(in.get(7).endsWith("%"), in.toString());
            final List<String> outEdge = row(second, Workload.EDGE_OUT, 0);
            assertEquals(List.of(Workload.EDGE_OUT, "BLOCK", "[............]", "0/128"), outEdge.subList(0, 4));
            assertEquals(List.of("2000", "2000"), outEdge.subList(5, 7), "in/s and out/s: " + outEdge);
            assertEquals(List.of(Workload.EDGE_OUT, "0", "0", "0", "0", "0", "0", "0"),
                row(second, Workload.EDGE_OUT, 1).subList(0, 8), "nothing dropped, shed, refused or spilled");

            // stage: name, role, duty/s, busy, in/s, out/s, errors, dead, breaker, p50, p99
            final List<String> src = row(second, "src", 0);
            assertEquals(List.of("src", "source"), src.subList(0, 2));
            assertEquals(List.of("0", "2000", "0", "0", "-"), src.subList(4, 9), src.toString());
            final List<String> parser = row(second, "parser", 0);
            assertEquals(List.of("parser", "stage"), parser.subList(0, 2));
            assertEquals(List.of("2000", "2000", "0", "0", "-"), parser.subList(4, 9), parser.toString());
            final List<String> store = row(second, "store", 0);
            assertEquals(List.of("store", "sink"), store.subList(0, 2));
            assertEquals(List.of("2000", "0", "0", "0", "-"), store.subList(4, 9), store.toString());
            assertFalse(out.contains("\u001b"), "plain text when not a terminal");
        }
    }

    @Test
    void shouldWaitForTheFileAndAttachOnceItIsThere()
    {
        final Path dir = base.resolve("late");
        final Workload[] work = new Workload[1];
        try
        {
            final Workload.FakeTime time = new Workload.FakeTime(
                () -> work[0] = new Workload(dir).deliver(10),
                () ->
                {
                });

            assertEquals(0, stat(time, false, "--dir", dir.toString(), "--count", "1"), err);

            assertTrue(out.startsWith("waiting for " + dir.resolve("counters.dat") + "\n"), out);
            assertEquals(1, frames(out).size(), out);
            assertTrue(out.contains("\n\nsluice stat  pid " + PID), out);
            assertEquals(1, time.sleeps(), "attached at the first look after the file appeared");
        }
        finally
        {
            if (null != work[0])
            {
                work[0].close();
            }
        }
    }

    @Test
    void shouldReattachWhenTheCountersFileIsReplacedBetweenFrames()
    {
        final Path dir = base.resolve("app");
        final Workload[] work = { new Workload(dir).deliver(10) };
        try
        {
            final Workload.FakeTime time = new Workload.FakeTime(() ->
            {
                work[0].close();
                work[0] = new Workload(dir).deliver(3);
            });

            assertEquals(0, stat(time, false, "--dir", dir.toString(), "--count", "2"), err);

            assertEquals(2, frames(out).size(), out);
            final int restarted = out.indexOf("process " + PID + " restarted its metrics");
            assertTrue(restarted > 0, out);
            assertTrue(out.indexOf("averages since start", restarted) > restarted, "the new file from its start");
            assertFalse(out.contains("exited"), out);
        }
        finally
        {
            work[0].close();
        }
    }

    @Test
    void shouldSayTheProcessExitedThenWaitAndReattach()
    {
        final Path dir = base.resolve("app");
        final Workload[] work = { new Workload(dir).deliver(10) };
        try
        {
            final Workload.FakeTime time = new Workload.FakeTime(
                () -> work[0].close(),
                () -> work[0] = new Workload(dir).deliver(3));

            assertEquals(0, stat(time, false, "--dir", dir.toString(), "--count", "2"), err);

            final int exited = out.indexOf("process " + PID + " exited\n");
            final int waiting = out.indexOf("waiting for " + dir.resolve("counters.dat") + "\n");
            final int restarted = out.indexOf("process " + PID + " restarted its metrics");
            assertTrue(exited > 0 && waiting > exited && restarted > waiting, out);
            assertEquals(2, frames(out).size(), out);
            assertEquals(2, time.sleeps());
        }
        finally
        {
            work[0].close();
        }
    }

    @Test
    void shouldEndWhenTheProcessExitsWithExitWhenGone()
    {
        final Path dir = base.resolve("app");
        final Workload work = new Workload(dir).deliver(10);
        try
        {
            final Workload.FakeTime time = new Workload.FakeTime(work::close);

            assertEquals(0, stat(time, false, "--dir", dir.toString(), "--exit-when-gone"), err);

            assertEquals(1, frames(out).size(), out);
            assertTrue(out.endsWith("\nprocess " + PID + " exited\n"), out);
            assertEquals(1, time.sleeps());
        }
        finally
        {
            work.close();
        }
    }

    @Test
    void shouldRedrawInPlaceOnATerminalAndRepeatTheLastEventUnderTheFrame()
    {
        final Path dir = base.resolve("app");
        final Workload[] work = { new Workload(dir).deliver(10) };
        try
        {
            final Workload.FakeTime time = new Workload.FakeTime(() ->
            {
                work[0].close();
                work[0] = new Workload(dir).deliver(3);
            });

            assertEquals(0, stat(time, true, "--dir", dir.toString(), "--count", "2"), err);

            assertTrue(out.startsWith(StatLoop.CLEAR_SCREEN + "sluice stat  pid "), out);
            assertEquals(2, out.split(Pattern.quote(StatLoop.CLEAR_SCREEN), -1).length - 1, out);
            assertTrue(out.endsWith("last event: process " + PID + " restarted its metrics (new counters file)\n"),
                out);

            work[0].deliver(1);
            final Workload.FakeTime again = new Workload.FakeTime();
            assertEquals(0, stat(again, true, "--dir", dir.toString(), "--once", "--no-clear"), err);
            assertFalse(out.contains(StatLoop.CLEAR_SCREEN), out);
        }
        finally
        {
            work[0].close();
        }
    }

    /**
     * The frames of an output: each starts at a header line.
     */
    static List<String> frames(final String text)
    {
        final List<String> frames = new ArrayList<>();
        final Matcher matcher = FRAME_START.matcher(text);
        int start = -1;
        while (matcher.find())
        {
            if (start >= 0)
            {
                frames.add(text.substring(start, matcher.start()));
            }
            start = matcher.start();
        }
        if (start >= 0)
        {
            frames.add(text.substring(start));
        }
        return frames;
    }

    /**
     * The cells of the n-th row (over every table of a frame) that starts with a name.
     */
    static List<String> row(final String frame, final String name, final int n)
    {
        int seen = 0;
        for (final String line : frame.split("\n"))
        {
            if (line.startsWith(name + " ") && seen++ == n)
            {
                return List.of(line.trim().split("\\s{2,}"));
            }
        }
        throw new AssertionError("no row " + n + " for " + name + " in\n" + frame);
    }
}
