package io.sluice.examples.backpressure;

import io.sluice.examples.SluiceCommand;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackpressureExampleTest
{
    private static final Pattern IDENTITY = Pattern.compile(
        "offered ([\\d,]+) = delivered ([\\d,]+) \\+ droppedNewest ([\\d,]+) \\+ droppedOldest ([\\d,]+) \\+ " +
        "shed ([\\d,]+) \\+ spilledPending ([\\d,]+) \\+ rejected ([\\d,]+) \\+ timedOut ([\\d,]+) \\+ " +
        "inFlight ([\\d,]+)");

    @Test
    void shouldConserveEveryMessageUnderEveryPolicyWhenTheProducerOutrunsTheConsumer()
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int exit = assertTimeoutPreemptively(Duration.ofMinutes(2), () -> SluiceCommand.run(
            new PrintWriter(out), new PrintWriter(err), "examples", "backpressure", "--seconds", "0.4",
            "--rate", "400000", "--service-nanos", "5000", "--capacity", "256",
            "--policies", "BLOCK,DROP_NEWEST,DROP_OLDEST,FAIL_FAST,SHED,SPILL", "--quiet"));

        final String text = out.toString();
        assertEquals(0, exit, text + err);
        final Matcher matcher = IDENTITY.matcher(text);
        int runs = 0;
        while (matcher.find())
        {
            runs++;
            long rest = 0;
            for (int group = 2; group <= 9; group++)
            {
                rest += parse(matcher.group(group));
            }
            assertEquals(parse(matcher.group(1)), rest, matcher.group());
            assertEquals(0, parse(matcher.group(9)), "in flight after drain: " + matcher.group());
        }
        assertEquals(6, runs, text);
        assertTrue(text.contains("every run: nothing lost without being counted, delivery in offer order"), text);
    }

    @Test
    void shouldShowTheProducerSlowedToTheConsumerRateUnderBlock()
    {
        final StringWriter out = new StringWriter();
        final int exit = assertTimeoutPreemptively(Duration.ofMinutes(2), () -> SluiceCommand.run(
            new PrintWriter(out), new PrintWriter(new StringWriter()), "examples", "backpressure", "--seconds",
            "0.5", "--rate", "1000000", "--service-nanos", "20000", "--capacity", "64", "--policies", "BLOCK",
            "--quiet"));

        final String text = out.toString();
        assertEquals(0, exit, text);
        final Matcher matcher = IDENTITY.matcher(text);
        assertTrue(matcher.find(), text);
        // a consumer at 20 us per message takes at most ~25k in 0.5 s; an unthrottled producer would offer 500k
        final long delivered = parse(matcher.group(2));
        final long timedOut = parse(matcher.group(8));
        assertTrue(delivered < 100_000, text);
        assertTrue(timedOut == 0 || delivered > 0, text);
        assertTrue(parse(matcher.group(1)) < 250_000, "producer was not held back: " + text);
    }

    @Test
    void shouldRejectBadOptionsWithExitCodeTwo()
    {
        final StringWriter err = new StringWriter();
        final int exit = SluiceCommand.run(new PrintWriter(new StringWriter()), new PrintWriter(err),
            "examples", "backpressure", "--rate", "0");
        assertEquals(2, exit);
        assertTrue(err.toString().contains("--rate=0 is not allowed; allowed 1..100000000"), err.toString());
    }

    @Test
    void shouldRejectUnknownCommandWithExitCodeTwo()
    {
        final StringWriter err = new StringWriter();
        assertEquals(2, SluiceCommand.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "nope"));
        assertTrue(err.toString().contains("Unmatched argument"), err.toString());
    }

    private static long parse(final String number)
    {
        return Long.parseLong(number.replace(",", ""));
    }
}
