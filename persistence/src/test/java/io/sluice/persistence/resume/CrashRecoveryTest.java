package io.sluice.persistence.resume;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Crash test with real processes: a child JVM ({@link CrashChild}) runs a graph with a spilling edge and a resuming
 * source; it is killed with SIGKILL at random points, restarted on the same directories, and finally allowed to
 * finish. Then, from the children's logs: every sequence number from 1 to the last is handled, none missing; every
 * message whose offer returned SPILLED is handled; a sequence number handled in more than one life was above the
 * durable watermark at the restart (unacknowledged); no life handles one twice (the tracker removes repeats).
 * <p>
 * {@code -Dsluice.crash.kills=N} runs a longer test (default 6 kills; the documented longer run uses 50).
 */
class CrashRecoveryTest
{
    private static final int KILLS = Integer.getInteger("sluice.crash.kills", 6);
    /** Enough work for the kills: a life handles 40k or more messages a second and lives up to 1.5 s. */
    private static final long LAST = 100_000 + 60_000L * KILLS;
    private static final long RATE = 60_000;
    private static final long SINK_NANOS = 25_000;
    private static final long WILDCARD = -1;

    @TempDir
    Path work;

    @Test
    void shouldLoseNoSequenceNumberAcrossRandomKills() throws Exception
    {
        final int kills = KILLS;
        final SplittableRandom random = new SplittableRandom(Long.getLong("sluice.crash.seed", System.nanoTime()));

        int killed = 0;
        boolean finished = false;
        while (killed < kills && !finished)
        {
            final int life = killed;
            final Process child = start();
            awaitStarted(child, life);
            // a random point into the run: the source is ahead of the sink, so the edge is spilling
            final long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(random.nextLong(300, 1500));
            while (System.nanoTime() < killAt && child.isAlive())
            {
                child.waitFor(Math.max(1, (killAt - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            }
            if (!child.isAlive())
            {
                // the work ran out before this kill: this life was the last
                assertEquals(0, child.exitValue(), "life " + life + " failed: " + readAll(work.resolve("child.err")));
                finished = true;
                break;
            }
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "killed child did not exit");
            assertEquals(137, child.exitValue(), "SIGKILL");
            killed++;
        }
        assertTrue(killed >= Math.min(kills, 5),
            "only " + killed + " kills before the work ran out: lengthen the run");

        if (!finished)
        {
            final Process last = start();
            awaitStarted(last, killed);
            assertTrue(last.waitFor(120 + 2L * kills, TimeUnit.SECONDS), "the final life did not finish");
            assertEquals(0, last.exitValue(), "the final life failed: " + readAll(work.resolve("child.err")));
        }

        verify(killed);
    }

    private void verify(final int kills) throws IOException
    {
        final BitSet handled = new BitSet();
        final BitSet spilled = new BitSet();
        long repeatsAcrossLives = 0;
        long recoveredTotal = 0;
        long spilledTotal = 0;
        final StringBuilder report = new StringBuilder();
        for (int life = 0; life <= kills; life++)
        {
            final Properties start = properties(work.resolve("start-" + life + ".txt"));
            final long watermark = Long.parseLong(start.getProperty("watermark"));
            final long recovered = Long.parseLong(start.getProperty("recovered"));
            recoveredTotal += recovered;
            final long[] delivered = records(work.resolve("delivered-" + life + ".log"));
            final long[] spilledNow = records(work.resolve("spilled-" + life + ".log"));
            spilledTotal += spilledNow.length;
            for (final long seq : spilledNow)
            {
                spilled.set((int)seq);
            }
            final BitSet thisLife = new BitSet();
            long repeats = 0;
            for (final long seq : delivered)
            {
                if (thisLife.get((int)seq))
                {
                    fail("life " + life + " handled " + seq + " twice: the tracker must remove repeats");
                }
                thisLife.set((int)seq);
                if (handled.get((int)seq))
                {
                    repeats++;
                    assertTrue(seq > watermark, "life " + life + " handled " + seq + " again although the " +
                        "durable watermark at its start was " + watermark);
                }
                handled.set((int)seq);
            }
            repeatsAcrossLives += repeats;
            report.append(String.format("life %d: start watermark %d, recovered from spill %d, spilled %d, " +
                "handled %d (repeats of unacknowledged %d)%n", life, watermark, recovered, spilledNow.length,
                delivered.length, repeats));
        }
        report.append(String.format("total: %d kills, %d spilled, %d recovered after restarts, %d repeats, " +
            "sequence numbers handled %d of %d%n", kills, spilledTotal, recoveredTotal, repeatsAcrossLives,
            handled.cardinality(), LAST));
        System.out.print(report);

        System.out.print(verifyStore(kills));

        final Properties done = properties(work.resolve("done-" + kills + ".txt"));
        assertEquals("true", done.getProperty("conserved"), done.getProperty("counters"));
        final int missing = handled.nextClearBit(1);
        assertTrue(missing > LAST, "sequence number " + missing + " was never handled\n" + report);
        assertEquals(LAST, handled.cardinality(), "nothing beyond the last sequence number");
        final BitSet spilledNotHandled = (BitSet)spilled.clone();
        spilledNotHandled.andNot(handled);
        assertTrue(spilledNotHandled.isEmpty(), "spilled but never handled: " + spilledNotHandled);
        assertTrue(spilledTotal > 0, "the edge never spilled: the test proves nothing\n" + report);
        assertTrue(recoveredTotal > 0, "no restart found spilled messages to recover\n" + report);
    }

    /**
     * The spill store, message by message, from the children's logs. The store's content is modelled as the list of
     * its entries not known to be acknowledged: at a restart it must hold exactly a suffix of that list (everything
     * not yet given back, and any tail given back but not acknowledged: the acknowledgement never passes an entry
     * the store has not given back), and give it back first, in order, before anything spilled in the new life. A
     * kill between an append and its log record leaves one entry the log does not name, at the end of that life's
     * appends: each restart is checked with and without it, and a reading that fits neither fails the test. The
     * final life drains the store.
     */
    private String verifyStore(final int kills) throws IOException
    {
        // the store's possible contents (entries not known acknowledged, in store order): one, or two while a life
        // gave nothing back to tell whether an unlogged append happened
        List<List<Long>> candidates = new ArrayList<>();
        candidates.add(new ArrayList<>());
        int polledBefore = 0;
        long unacknowledgedRedelivered = 0;
        final StringBuilder report = new StringBuilder();
        for (int life = 0; life <= kills; life++)
        {
            final long recovered = Long.parseLong(
                properties(work.resolve("start-" + life + ".txt")).getProperty("recovered"));
            final long[] spilledNow = records(work.resolve("spilled-" + life + ".log"));
            final long[] polled = records(work.resolve("polled-" + life + ".log"));
            final List<List<Long>> next = new ArrayList<>();
            long acknowledgedSeen = -1;
            for (final List<Long> model : candidates)
            {
                for (int unlogged = 0; unlogged <= (life == 0 ? 0 : 1); unlogged++)
                {
                    final long acknowledged = model.size() - recovered + unlogged;
                    if (acknowledged < 0 || acknowledged > polledBefore || acknowledged > model.size())
                    {
                        continue;
                    }
                    final List<Long> expected = new ArrayList<>(model.subList((int)acknowledged, model.size()));
                    if (unlogged == 1)
                    {
                        expected.add(WILDCARD);
                    }
                    for (final long seq : spilledNow)
                    {
                        expected.add(seq);
                    }
                    if (givesBack(expected, polled))
                    {
                        next.add(expected);
                        acknowledgedSeen = acknowledged;
                    }
                }
            }
            assertFalse(next.isEmpty(), "life " + life + ": the store recovered " + recovered + " entries and gave " +
                "back " + Arrays.toString(Arrays.copyOf(polled, Math.min(polled.length, 5))) + "...; no suffix of " +
                "its entries not given back or not acknowledged before the kill (" + polledBefore + " given back) " +
                "reads so: the store lost an entry, reordered, or acknowledged one it never gave back");
            if (life > 0)
            {
                unacknowledgedRedelivered += Math.max(0, polledBefore - acknowledgedSeen);
            }
            report.append(String.format("store, life %d: recovered %d (acknowledged %d of %d given back before the " +
                "kill), gave back %d, spilled %d%n", life, recovered, Math.max(0, acknowledgedSeen), polledBefore,
                polled.length, spilledNow.length));
            candidates = next.size() > 16 ? next.subList(0, 16) : next;
            polledBefore = polled.length;
        }
        final int drained = polledBefore;
        assertTrue(candidates.stream().anyMatch(model -> model.size() == drained),
            "the final life drained the store: gave back " + polledBefore + " of " + candidates.get(0).size());
        report.append(String.format("store: every entry recovered in order after each kill; %d given back but not " +
            "acknowledged before a kill were given back again%n", unacknowledgedRedelivered));
        return report.toString();
    }

    /**
     * Whether the store gave back (a prefix of) what it should hold, in order; the unlogged entry matches any
     * sequence number and takes the one given back.
     */
    private static boolean givesBack(final List<Long> expected, final long[] polled)
    {
        if (polled.length > expected.size())
        {
            return false;
        }
        for (int i = 0; i < polled.length; i++)
        {
            final long want = expected.get(i);
            if (want == WILDCARD)
            {
                expected.set(i, polled[i]);
            }
            else if (want != polled[i])
            {
                return false;
            }
        }
        return true;
    }

    private Process start() throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String flag : System.getProperty("sluice.jvm.flags", "").split("\\s+"))
        {
            if (!flag.isBlank())
            {
                command.add(flag);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CrashChild.class.getName());
        command.add(work.toString());
        command.add(Long.toString(LAST));
        command.add(Long.toString(RATE));
        command.add(Long.toString(SINK_NANOS));
        return new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.appendTo(work.resolve("child.err").toFile()))
            .start();
    }

    private void awaitStarted(final Process child, final int life) throws IOException
    {
        // readLine blocks until the child prints or exits; the child prints once its graph has started
        final BufferedReader out = new BufferedReader(
            new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        final String line = out.readLine();
        if (!("started life " + life).equals(line))
        {
            fail("child life " + life + " did not start (said " + line + "): " + readAll(work.resolve("child.err")));
        }
    }

    private static long[] records(final Path file) throws IOException
    {
        if (!Files.exists(file))
        {
            return new long[0];
        }
        final byte[] bytes = Files.readAllBytes(file);
        // a record cut by the kill is ignored: it was not written, so nothing was acknowledged after it
        final ByteBuffer buffer = ByteBuffer.wrap(bytes);
        final long[] values = new long[bytes.length / Long.BYTES];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = buffer.getLong(i * Long.BYTES);
        }
        return values;
    }

    private static Properties properties(final Path file) throws IOException
    {
        final Properties properties = new Properties();
        try (BufferedReader reader = Files.newBufferedReader(file))
        {
            properties.load(reader);
        }
        return properties;
    }

    private static String readAll(final Path file) throws IOException
    {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
