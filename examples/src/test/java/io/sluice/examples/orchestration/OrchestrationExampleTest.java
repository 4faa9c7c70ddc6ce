package io.sluice.examples.orchestration;

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

class OrchestrationExampleTest
{
    private static final Pattern IDENTITY = Pattern.compile(
        "offered ([\\d,]+) = delivered ([\\d,]+) \\+ droppedNewest ([\\d,]+) \\+ droppedOldest ([\\d,]+) \\+ " +
        "shed ([\\d,]+) \\+ spilledPending ([\\d,]+) \\+ rejected ([\\d,]+) \\+ timedOut ([\\d,]+) \\+ " +
        "inFlight ([\\d,]+)");
    private static final Pattern WORKER = Pattern.compile(
        "(worker-\\d+)(?: \\(slow\\))?: received ([\\d,]+) = succeeded ([\\d,]+) \\+ deadLettered ([\\d,]+) \\+ " +
        "shed ([\\d,]+) \\+ duplicates ([\\d,]+) \\+ retrying ([\\d,]+)");
    private static final Pattern SLOW = Pattern.compile("slow worker: (worker-\\d+) ");
    private static final Pattern OUTCOME = Pattern.compile("tasks ([\\d,]+): completed once ([\\d,]+) \\+ " +
        "dead-lettered ([\\d,]+) \\(poison tasks ([\\d,]+)\\); lost ([\\d,]+), acted on twice ([\\d,]+)");
    private static final Pattern LETTERS = Pattern.compile(
        "dead-lettered ([\\d,]+) \\(poison ([\\d,]+)\\); poison tasks issued ([\\d,]+)");
    private static final Pattern REDELIVERED = Pattern.compile("redelivered after the planner's simulated crash: " +
        "([\\d,]+) completed tasks; removed by the workers' dedup: ([\\d,]+)");
    private static final Pattern SENT_TWICE = Pattern.compile("results sent twice after a lost acknowledgement: " +
        "([\\d,]+); removed by the results' dedup: ([\\d,]+)");
    private static final Pattern REPEATS = Pattern.compile("repeats removed by dedup: ([\\d,]+)");
    private static final Pattern BACK_PRESSURED = Pattern.compile(
        "planner back-pressured: ([\\d,]+) times, ([\\d.]+) s .* by (\\S+)");
    private static final Pattern BOTTLENECK = Pattern.compile("bottleneck: (\\S+)");
    private static final Pattern TRANSITIONS = Pattern.compile("circuit breakers \\(([\\d,]+) transitions");

    @Test
    void shouldCompleteEveryTaskOnceOrDeadLetterItWhileTheSlowWorkerThrottlesThePlanner()
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int tasks = 2400;
        final int exit = assertTimeoutPreemptively(Duration.ofMinutes(2), () -> run(out, err,
            "--tasks", String.valueOf(tasks), "--seed", "7", "--redeliver", "300", "--quiet"));
        final String text = out.toString();
        assertEquals(0, exit, text + err);

        // (a) every edge: offered = delivered + ... + inFlight, nothing in flight after the drain
        final Matcher identity = IDENTITY.matcher(text);
        int edges = 0;
        while (identity.find())
        {
            edges++;
            long rest = 0;
            for (int group = 2; group <= 9; group++)
            {
                rest += parse(identity.group(group));
            }
            assertEquals(parse(identity.group(1)), rest, identity.group());
            assertEquals(0, parse(identity.group(9)), "in flight after drain: " + identity.group());
            assertTrue(parse(identity.group(1)) > 0, identity.group());
        }
        assertEquals(3 + 1, edges, "three worker edges and the results edge: " + text);

        // every task a worker took was completed, dead-lettered or dropped as a repeat; none left held
        final Matcher worker = WORKER.matcher(text);
        int workers = 0;
        while (worker.find())
        {
            workers++;
            assertEquals(parse(worker.group(2)), parse(worker.group(3)) + parse(worker.group(4)) +
                parse(worker.group(5)) + parse(worker.group(6)) + parse(worker.group(7)), worker.group());
            assertEquals(0, parse(worker.group(7)), worker.group());
        }
        assertEquals(3, workers, text);

        // (b) every task completed exactly once or dead-lettered; the dead letters are exactly the poison tasks
        final Matcher outcome = find(OUTCOME, text);
        assertEquals(tasks, parse(outcome.group(1)), outcome.group());
        assertEquals(tasks, parse(outcome.group(2)) + parse(outcome.group(3)), outcome.group());
        assertTrue(parse(outcome.group(4)) > 0, "the seed issues poison tasks: " + outcome.group());
        assertEquals(parse(outcome.group(4)), parse(outcome.group(3)), outcome.group());
        assertEquals(0, parse(outcome.group(5)), outcome.group());
        assertEquals(0, parse(outcome.group(6)), outcome.group());
        final Matcher letters = find(LETTERS, text);
        assertEquals(parse(outcome.group(4)), parse(letters.group(1)), letters.group());
        assertEquals(parse(letters.group(1)), parse(letters.group(2)), letters.group());
        assertEquals(parse(letters.group(1)), parse(letters.group(3)), letters.group());

        // dedup removed the redelivered tasks and the results sent twice, and nothing was acted on twice
        final Matcher redelivered = find(REDELIVERED, text);
        assertTrue(parse(redelivered.group(1)) > 0, redelivered.group());
        assertEquals(parse(redelivered.group(1)), parse(redelivered.group(2)), redelivered.group());
        final Matcher sentTwice = find(SENT_TWICE, text);
        assertEquals(parse(sentTwice.group(1)), parse(sentTwice.group(2)), sentTwice.group());
        final long repeats = parse(find(REPEATS, text).group(1));
        assertTrue(repeats > 0, text);
        assertEquals(parse(redelivered.group(2)) + parse(sentTwice.group(2)), repeats, text);

        // the breakers opened at least once (each poison task fails enough attempts to open one)
        assertTrue(parse(find(TRANSITIONS, text).group(1)) > 0, text);
        assertTrue(text.contains("CLOSED -> OPEN"), text);

        // the planner was held back by the slow worker's edge, which the graph names as its bottleneck
        final String slowEdge = "planner->" + find(SLOW, text).group(1);
        final Matcher backPressured = find(BACK_PRESSURED, text);
        assertTrue(parse(backPressured.group(1)) > 0, backPressured.group());
        assertTrue(Double.parseDouble(backPressured.group(2)) > 0, backPressured.group());
        assertEquals(slowEdge, backPressured.group(3), backPressured.group());
        assertEquals(slowEdge, find(BOTTLENECK, text).group(1), text);

        assertTrue(text.contains("nothing lost without being counted: every task completed once or dead-lettered, " +
            "none acted on twice"), text);
    }

    @Test
    void shouldRejectBadOptionsWithExitCodeTwo()
    {
        final StringWriter err = new StringWriter();
        assertEquals(2, run(new StringWriter(), err, "--workers", "0"));
        assertTrue(err.toString().contains("--workers=0 is not allowed; allowed 1..16"), err.toString());

        final StringWriter both = new StringWriter();
        assertEquals(2, run(new StringWriter(), both, "--tasks", "10", "--seconds", "1"));
        assertTrue(both.toString().contains("--tasks=10 is not allowed; allowed either --seconds or --tasks"),
            both.toString());

        final StringWriter seconds = new StringWriter();
        assertEquals(2, run(new StringWriter(), seconds, "--seconds", "0"));
        assertTrue(seconds.toString().contains("--seconds=0.0 is not allowed; allowed 0 < S <= 3600"),
            seconds.toString());
    }

    private static int run(final StringWriter out, final StringWriter err, final String... args)
    {
        return new CommandLine(new OrchestrationExample())
            .setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    private static Matcher find(final Pattern pattern, final String text)
    {
        final Matcher matcher = pattern.matcher(text);
        assertTrue(matcher.find(), pattern + " not in:\n" + text);
        return matcher;
    }

    private static long parse(final String number)
    {
        return Long.parseLong(number.replace(",", ""));
    }
}
