package io.sluice.examples.stat;

import io.sluice.examples.SluiceCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StatCommandTest
{
    private static final long PID = ProcessHandle.current().pid();

    @TempDir
    Path base;

    private String out = "";
    private String err = "";

    private int stat(final String... args)
    {
        final StringWriter o = new StringWriter();
        final StringWriter e = new StringWriter();
        final Workload.FakeTime time = new Workload.FakeTime();
        final int exit = new CommandLine(new StatCommand(base, time, time, false))
            .setOut(new PrintWriter(o, true)).setErr(new PrintWriter(e, true)).execute(args);
        out = o.toString();
        err = e.toString();
        return exit;
    }

    private int sluice(final String... args)
    {
        final StringWriter o = new StringWriter();
        final StringWriter e = new StringWriter();
        final int exit = SluiceCommand.run(new PrintWriter(o, true), new PrintWriter(e, true), args);
        out = o.toString();
        err = e.toString();
        return exit;
    }

    @Test
    void shouldAttachByPidToThatProcessDefaultDirectory()
    {
        try (Workload work = new Workload(base.resolve(Long.toString(PID))).deliver(5))
        {
            assertEquals(0, stat("--pid", Long.toString(PID), "--once"), err);

            assertTrue(out.startsWith("sluice stat  pid " + PID + "  up "), out);
            assertTrue(out.contains(base.resolve(Long.toString(PID)).resolve("counters.dat").toString()), out);
            assertEquals(1, StatLoopTest.frames(out).size(), out);
            assertTrue(work.file().startsWith(base));
        }
    }

    @Test
    void shouldRefuseAPidThatIsNotRunning()
    {
        assertEquals(2, stat("--pid", "2147483647", "--once"));
        assertTrue(err.startsWith("--pid=2147483647 is not a running process\n"), err);
    }

    @Test
    void shouldAttachToTheOnlyLiveProcessWhenGivenNeitherDirNorPid() throws Exception
    {
        // a directory whose writer closed and kept its file does not count as live
        Files.createDirectories(base.resolve("999"));
        new SyntheticCounters(base.resolve("999").resolve("counters.dat")).closeAndKeep();
        try (Workload work = new Workload(base.resolve("app")).deliver(5))
        {
            assertEquals(0, stat("--once"), err);

            assertTrue(out.contains("averages since start  " + work.file()), out);
            assertTrue(out.contains("graph telemetry"), out);
        }
    }

    @Test
    void shouldListTheProcessesAndAskForAPidWhenSeveralAreLive()
    {
        try (Workload one = new Workload(base.resolve("one")); Workload two = new Workload(base.resolve("two")))
        {
            assertEquals(2, stat("--once"));

            assertTrue(err.startsWith("stat: 2 live Sluice processes under " + base +
                "; choose one with --pid PID (or --dir DIR)\n"), err);
            assertTrue(err.matches("(?s).*\\n  " + PID + " +live +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d  .*"),
                err);
            assertTrue(err.contains(base.resolve("one") + " (counters.dat)"), err);
            assertTrue(err.contains(base.resolve("two") + " (counters.dat)"), err);
            assertEquals("", out);
            assertTrue(one.file().startsWith(base) && two.file().startsWith(base));
        }
    }

    @Test
    void shouldSayThereIsNoLiveProcessAndListTheRest() throws Exception
    {
        assertEquals(2, stat());
        assertEquals("stat: no live Sluice process under " + base + "; start one (e.g. bin/sluice examples " +
            "backpressure), or give --dir DIR or --pid PID\n", err);

        Files.createDirectories(base.resolve("old"));
        new SyntheticCounters(base.resolve("old").resolve("counters.dat")).closeAndKeep();
        assertEquals(2, stat());
        assertTrue(err.contains("closed"), err);
        assertTrue(err.contains(base.resolve("old") + " (counters.dat)"), err);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--interval 0                | --interval=0 is not allowed; allowed a time from 10ms to 1h",
        "--interval fast             | --interval=fast is not allowed; allowed a time from 10ms to 1h",
        "--interval 2h               | --interval=2h is not allowed",
        "--count 0                   | --count=0 is not allowed; allowed 1 or more",
        "--count many                | Invalid value for option '--count': 'many' is not a long",
        "--pid 0                     | --pid=0 is not allowed; allowed a process id >= 1",
        "--dir /tmp/nowhere --pid 1  | --dir and --pid are mutually exclusive; give one",
        "--once --count 3            | --once and --count=3 contradict each other; give one",
        "--file ../x.dat             | --file=../x.dat is not allowed; allowed a file name in the directory",
        "--file counters             | --file=counters is not allowed",
        "--bogus                     | Unknown option: '--bogus'"
    })
    void shouldRejectABadOptionWithOneLineAndTheUsage(final String args, final String message)
    {
        assertEquals(2, sluice(("stat " + args.trim()).split(" ")));

        assertTrue(err.startsWith(message), err);
        assertEquals(1, err.substring(0, err.indexOf("Usage: sluice stat")).split("\n").length, err);
        assertEquals("", out);
    }

    @Test
    void shouldPrintHelp()
    {
        assertEquals(0, sluice("stat", "--help"));
        assertTrue(out.startsWith("Usage: sluice stat "), out);
        for (final String option : new String[]{ "--dir", "--file", "--pid", "--interval", "--count", "--once",
            "--no-color", "--no-clear", "--exit-when-gone" })
        {
            assertTrue(out.contains(option), option + " in\n" + out);
        }
        assertEquals(0, sluice("--help"));
        assertTrue(out.contains("stat"), out);
    }
}
