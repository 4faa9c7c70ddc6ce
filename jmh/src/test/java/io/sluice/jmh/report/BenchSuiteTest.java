package io.sluice.jmh.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.sluice.jmh.report.ReportFixtures.assertPng;
import static io.sluice.jmh.report.ReportFixtures.canDrawText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The suite's command line and {@code --report-only}, on fixture JSON: nothing here starts JMH.
 */
class BenchSuiteTest
{
    private static final Pattern IMAGE = Pattern.compile("!\\[[^\\]]*\\]\\(([^)]+\\.png)\\)");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldListTheScenarios() throws IOException
    {
        assertEquals(0, execute("--list"));
        final List<String> lines = out().lines().toList();
        assertEquals(BenchSuite.Scenario.values().length, lines.size(), out());
        for (final BenchSuite.Scenario scenario : BenchSuite.Scenario.values())
        {
            assertTrue(lines.stream().anyMatch(line -> line.startsWith(scenario.label + " ") &&
                line.endsWith(scenario.description)), out());
        }
        assertEquals("", err());
    }

    @Test
    void shouldPrintTheHelp() throws IOException
    {
        assertEquals(0, execute("--help"));
        assertTrue(out().startsWith("usage: bench [--profile quick|full]"), out());
        assertTrue(out().contains("--report-only"), out());
        out.reset();
        assertEquals(0, execute("-h"));
        assertTrue(out().startsWith("usage: bench"), out());
    }

    @Test
    void shouldRefuseABadCommandLineWithStatusTwo() throws IOException
    {
        assertBadCommandLine("unknown option --bogus", "--bogus");
        assertBadCommandLine("--profile: 'slow' is not a profile; allowed: quick, full", "--profile", "slow");
        assertBadCommandLine("--profile needs quick or full", "--profile");
        assertBadCommandLine("--scenario: 'nope' is not a scenario; allowed: object, binary, pipeline, spill, burst, " +
            "mpsc2, pingpong, response, slow, metrics", "--scenario", "object,nope");
        assertBadCommandLine("--scenario needs one or more of", "--scenario");
        assertBadCommandLine("--out needs a directory", "--report-only", "--out");
        // nothing was run or written
        try (Stream<Path> files = Files.list(dir))
        {
            assertEquals(0, files.count());
        }
    }

    @Test
    void shouldWriteTheReportFromTheJsonAlreadyThere() throws IOException
    {
        ReportFixtures.copy(dir, ReportFixtures.FILES);
        // a previous run's log: --report-only must leave it alone
        Files.writeString(dir.resolve("object.log"), "JMH's log of the run\n");

        assertEquals(0, execute("--report-only", "--out", dir.toString()), err());

        final String report = Files.readString(dir.resolve("report.md"), StandardCharsets.UTF_8);
        assertEquals(report, out(), "the report is also printed");
        assertTrue(report.startsWith("# Sluice benchmark suite\n\n| | |\n|---|---|\n"), report);
        assertTrue(report.contains("| command | `BenchSuite --report-only --out " + dir + "` |"), report);

        // the verdicts of the whole run first, every goal missed by name
        assertTrue(report.contains("## Goals of this run\n\n13 passed, 10 missed, 1 not judged.\n"), report);
        assertTrue(report.contains("- object: Sluice OBJECT_SPSC / LMAX Disruptor 4 (single producer, poller) = " +
            "0.979 \u00b1 0.055, goal \u2265 1.00: FAIL (within error) [ObjectChannelThroughput (capacity=1024)]\n"),
            report);
        assertTrue(report.contains("- pingpong: Sluice OBJECT_SPSC pair / JCTools SpscArrayQueue pair = 1.500 " +
            "\u00b1 0.045, goal \u2264 1.25: FAIL [PingPong (capacity=64)]\n"), report);
        assertTrue(report.contains("- response: Sluice OBJECT_SPSC bytes/message = 0.020, goal \u2264 0.01: FAIL"),
            report);
        assertTrue(report.contains("Not judged:\n\n- object: Sluice OBJECT_MPSC (1 producer) / JCTools " +
            "MpscArrayQueue (1 producer): not measured"), report);

        // every scenario in order, the channels judged against the suite's goals
        int previous = -1;
        for (final BenchSuite.Scenario scenario : BenchSuite.Scenario.values())
        {
            final int at = report.indexOf("\n## " + scenario.label + ": " + scenario.description + "\n");
            assertTrue(at > previous, scenario.label + " missing or out of order");
            previous = at;
        }
        assertTrue(report.contains("| Sluice OBJECT_SPSC | 95.0 \u00b1 2.0 | 1.0% | 0.950 \u00b1 0.028 of JCTools " +
            "SpscArrayQueue | \u2265 0.90: PASS | 0.979 \u00b1 0.055 | \u2265 1.00: FAIL (within error) |"), report);
        assertTrue(report.contains("### ResponseTime at 100000 msg/s (capacity=1024, scheduleMillis=1000)"), report);
        assertTrue(report.contains("#### SlowConsumer.offer (capacity=1024, workNanos=1000)"), report);
        for (final String missing : List.of("spill", "burst", "mpsc2"))
        {
            assertTrue(report.contains("Not run (--report-only, no " + missing + ".json)."), report);
        }
        assertEquals("JMH's log of the run\n", Files.readString(dir.resolve("object.log")));
        assertFalse(Files.exists(dir.resolve("spill.log")), "--report-only opened a log");

        // the charts: linked from the report and written beside it
        final Matcher images = IMAGE.matcher(report);
        final List<String> files = images.results().map(match -> match.group(1)).toList();
        if (canDrawText())
        {
            assertEquals(List.of("object-rate-1.png", "object-ratio-1.png", "binary-rate-1.png", "binary-ratio-1.png",
                "pipeline-rate-1.png", "pingpong-roundtrip-1.png", "pingpong-roundtrip-2.png",
                "response-percentiles-1.png", "response-percentiles-2.png"), files);
            for (final String file : files)
            {
                assertPng(dir.resolve(file));
            }
        }
        else
        {
            assertTrue(report.contains("Charts not drawn: "), report);
        }
    }

    @Test
    void shouldReportAScenarioWhoseJsonCannotBeReadAsFailed() throws IOException
    {
        ReportFixtures.copy(dir, List.of("pingpong.json"));
        Files.writeString(dir.resolve("response.json"), "[ { \"benchmark\" : ");

        assertEquals(1, execute("--report-only", "--scenario", "pingpong,response", "--out", dir.toString()));

        final String report = Files.readString(dir.resolve("report.md"), StandardCharsets.UTF_8);
        assertTrue(report.contains("## Goals of this run\n\n2 passed, 2 missed, 0 not judged.\n"), report);
        assertTrue(report.contains("### PingPong (capacity=1024)"), report);
        assertTrue(report.contains("Failed: malformed JSON at line 1, column 19: expected a value (results " +
            "`response.json`)."), report);
        assertTrue(err().contains("[2/2 response] failed: "), err());
    }

    @Test
    void shouldReportTheMetricsScenarioFromItsPairedRounds() throws IOException
    {
        // two rounds of OBJECT_SPSC, OFF and ON, as the suite writes them: real CSV of a run of
        // jmh/run-metrics-benchmarks.sh, with the ON forks' delivered rates set to 0.90 and 0.88 of their round's OFF
        // fork so that the cost goal is missed (within the wide error two rounds give)
        for (final String round : List.of("round-01", "round-02"))
        {
            Files.createDirectories(dir.resolve("metrics").resolve(round));
            for (final String condition : List.of("OFF", "ON"))
            {
                final String name = "metrics/" + round + "/OBJECT_SPSC-" + condition + ".csv";
                Files.copy(ReportFixtures.fixture(name), dir.resolve(name));
            }
        }

        assertEquals(0, execute("--report-only", "--scenario", "pingpong,metrics", "--out", dir.toString()), err());

        final String report = Files.readString(dir.resolve("report.md"), StandardCharsets.UTF_8);
        // its goals counted with the others: the cost missed (by name, at the top), the allocation met
        assertTrue(report.contains("## Goals of this run\n\n1 passed, 1 missed, 0 not judged.\n"), report);
        assertTrue(report.contains("- metrics: throughput ON / OFF = 0.890 \u00b1 6.366, cost goal \u2264 5 %: " +
            "FAIL (within error) [capacity=1024, drainLimit=1, kind=OBJECT_SPSC, sampleInterval=64]\n"), report);
        assertTrue(report.contains("Not run (--report-only, no pingpong.json)."), report);
        // its section: the paired table and how it was made
        assertTrue(report.contains("\n## metrics: " + BenchSuite.Scenario.METRICS.description + "\n"), report);
        assertTrue(report.contains("## Metrics overhead (MetricsOverheadBenchmark)"), report);
        assertTrue(report.contains("| capacity=1024, drainLimit=1, kind=OBJECT_SPSC, sampleInterval=64 | 2 | 22.1 " +
            "\u00b1 2509.7 | 19.7 \u00b1 2374.4 | 0.890 \u00b1 6.366 | 11.0 \u00b1 636.6 % | \u2264 5 %: FAIL " +
            "(within error) | 0.0004 | 0.0037 | \u2264 0.01: PASS |"), report);
        assertTrue(report.contains("Rounds: the OFF and ON forks of a kind ran as separate one-fork JMH invocations"),
            report);
        assertFalse(Files.exists(dir.resolve("metrics.log")), "--report-only opened a log");

        // without its rounds it is not run, and nothing fails
        Files.delete(dir.resolve("report.md"));
        final Path empty = dir.resolve("empty");
        assertEquals(0, execute("--report-only", "--scenario", "metrics", "--out", empty.toString()), err());
        assertTrue(Files.readString(empty.resolve("report.md"), StandardCharsets.UTF_8)
            .contains("Not run (--report-only, no metrics/)."));
    }

    @Test
    void shouldRunOnlyTheMetricsScenarioInPairedRoundsTwoOrTwiceTheForks()
    {
        assertEquals(2, BenchSuite.rounds(BenchSuite.Profile.QUICK));
        assertEquals(6, BenchSuite.rounds(BenchSuite.Profile.FULL));
        assertTrue(BenchSuite.Scenario.METRICS.pairedRounds());
        for (final BenchSuite.Scenario scenario : BenchSuite.Scenario.values())
        {
            assertEquals(scenario == BenchSuite.Scenario.METRICS, scenario.pairedRounds(), scenario.label);
        }
    }

    @Test
    void shouldRunOnlyTheOneThreadMetricsGroupInTheQuickProfile()
    {
        final String oneThread = "io.sluice.jmh.metrics.MetricsOverheadBenchmark.roundTrip";
        final String twoThreads = "io.sluice.jmh.metrics.MetricsOverheadBenchmark.throughput";
        final Pattern quick = Pattern.compile(BenchSuite.Scenario.METRICS.include(BenchSuite.Profile.QUICK));
        final Pattern full = Pattern.compile(BenchSuite.Scenario.METRICS.include(BenchSuite.Profile.FULL));
        assertTrue(quick.matcher(oneThread).find());
        assertFalse(quick.matcher(twoThreads).find());
        assertTrue(full.matcher(oneThread).find());
        assertTrue(full.matcher(twoThreads).find());
        for (final BenchSuite.Scenario scenario : BenchSuite.Scenario.values())
        {
            if (scenario != BenchSuite.Scenario.METRICS)
            {
                assertEquals(scenario.include, scenario.include(BenchSuite.Profile.QUICK), scenario.label);
            }
        }
    }

    private void assertBadCommandLine(final String problem, final String... args) throws IOException
    {
        err.reset();
        assertEquals(2, execute(args), String.join(" ", args));
        final List<String> lines = err().lines().toList();
        assertTrue(lines.get(0).startsWith("bench: " + problem), err());
        assertTrue(lines.get(1).startsWith("usage: bench "), err());
        assertEquals("", out());
    }

    private int execute(final String... args) throws IOException
    {
        return BenchSuite.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out()
    {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err()
    {
        return err.toString(StandardCharsets.UTF_8);
    }
}
