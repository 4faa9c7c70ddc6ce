package io.sluice.examples.trading;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TradingExampleTest
{
    private static final Pattern EDGE_IDENTITY = Pattern.compile(
        "(\\S+): offered ([\\d,]+) = delivered ([\\d,]+) \\+ droppedNewest ([\\d,]+) \\+ droppedOldest ([\\d,]+) \\+ " +
        "shed ([\\d,]+) \\+ spilledPending ([\\d,]+) \\+ rejected ([\\d,]+) \\+ timedOut ([\\d,]+) \\+ " +
        "inFlight ([\\d,]+)");
    private static final Pattern BREAKER = Pattern.compile(
        "breaker 'exchange': opened ([\\d,]+) times, half-opened ([\\d,]+), closed ([\\d,]+);");
    private static final Pattern LATENCY = Pattern.compile(
        "count ([\\d,]+): p50 ([\\d,.]+) us, p90 ([\\d,.]+) us, p99 ([\\d,.]+) us, p99\\.9 ([\\d,.]+) us, " +
        "max ([\\d,.]+) us");
    private static final Pattern ORDERS = Pattern.compile(
        "created ([\\d,]+) = filled ([\\d,]+) \\+ rejected ([\\d,]+) \\+ refused ([\\d,]+) \\(breaker open ([\\d,]+) " +
        "\\+ edge full ([\\d,]+)\\) \\+ dead-lettered ([\\d,]+) \\+ in flight ([\\d,]+)");

    @Test
    void shouldOpenAndCloseTheBreakerAndAccountForEveryOrderWhenTheExchangeMisbehaves()
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        // phases of 300 ms on average: the first reject phase ends before 0.9 s, the first slow one before 1.8 s
        final int exit = assertTimeoutPreemptively(Duration.ofMinutes(1), () -> run(out, err,
            "--seconds", "2.5", "--phase-ms", "300", "--seed", "7"));

        final String text = out.toString();
        assertEquals(0, exit, text + err);

        final Matcher breaker = BREAKER.matcher(text);
        assertTrue(breaker.find(), text);
        assertTrue(parse(breaker.group(1)) >= 1, "breaker never opened: " + text);
        assertTrue(parse(breaker.group(3)) >= 1, "breaker never closed again: " + text);
        assertTrue(Pattern.compile("CLOSED\\s+-> OPEN").matcher(text).find(), text);
        assertTrue(Pattern.compile("OPEN\\s+-> HALF_OPEN").matcher(text).find(), text);
        assertTrue(Pattern.compile("HALF_OPEN\\s+-> CLOSED").matcher(text).find(), text);

        final Matcher latency = LATENCY.matcher(text);
        assertTrue(latency.find(), text);
        assertTrue(parse(latency.group(1)) > 0, "no round trip recorded: " + text);
        double previous = 0;
        for (int group = 2; group <= 6; group++)
        {
            final double micros = Double.parseDouble(latency.group(group).replace(",", ""));
            assertTrue(micros > 0 && micros >= previous, "percentiles out of order: " + latency.group());
            previous = micros;
        }

        final Matcher edges = EDGE_IDENTITY.matcher(text);
        int edgeCount = 0;
        while (edges.find())
        {
            edgeCount++;
            long rest = 0;
            for (int group = 3; group <= 10; group++)
            {
                rest += parse(edges.group(group));
            }
            assertEquals(parse(edges.group(2)), rest, edges.group());
            assertEquals(0, parse(edges.group(10)), "in flight after close: " + edges.group());
        }
        assertEquals(3, edgeCount, text);

        final Matcher orders = ORDERS.matcher(text);
        assertTrue(orders.find(), text);
        final long created = parse(orders.group(1));
        assertTrue(created > 0, text);
        assertEquals(parse(orders.group(4)), parse(orders.group(5)) + parse(orders.group(6)), orders.group());
        assertEquals(created, parse(orders.group(2)) + parse(orders.group(3)) + parse(orders.group(4)) +
            parse(orders.group(7)) + parse(orders.group(8)), orders.group());
        assertTrue(parse(orders.group(5)) > 0, "nothing refused while the breaker was open: " + orders.group());

        assertTrue(text.contains("nothing lost without being counted"), text);
    }

    @Test
    void shouldRejectBadOptionsWithExitCodeTwo()
    {
        assertBadOption("--rate=0 is not allowed; allowed 1..1000000", "--rate", "0");
        assertBadOption("--seconds=0.0 is not allowed; allowed 0 < S <= 3600", "--seconds", "0");
        assertBadOption("--reject-ratio=1.5 is not allowed; allowed 0 <= R <= 1", "--reject-ratio", "1.5");
        assertBadOption("--slow-service-us=4 is not allowed; allowed 5..1000000 (at least --service-us)",
            "--slow-service-us", "4");
        assertBadOption("--threading=INVOKER is not allowed", "--threading", "INVOKER");
        assertBadOption("--idle=lazy is not allowed; allowed busy-spin, yielding, sleeping, backoff, noop",
            "--idle", "lazy");
    }

    private static void assertBadOption(final String message, final String... args)
    {
        final StringWriter err = new StringWriter();
        final int exit = run(new StringWriter(), err, args);
        assertEquals(2, exit, err.toString());
        assertTrue(err.toString().contains(message), err.toString());
    }

    private static int run(final StringWriter out, final StringWriter err, final String... args)
    {
        return new CommandLine(new TradingExample())
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(args);
    }

    private static long parse(final String number)
    {
        return Long.parseLong(number.replace(",", ""));
    }
}
