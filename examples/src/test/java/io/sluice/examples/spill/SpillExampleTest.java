package io.sluice.examples.spill;

import io.sluice.examples.SluiceCommand;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

class SpillExampleTest
{
    @TempDir
    Path dir;

    @Test
    void shouldDeliverEveryTickOnceInOrderAcrossTheRestart()
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final Path spill = dir.resolve("spill");
        final int exit = assertTimeoutPreemptively(Duration.ofMinutes(2), () -> SluiceCommand.run(
            new PrintWriter(out), new PrintWriter(err), "examples", "spill", "--messages", "30000", "--dir",
            spill.toString()));

        final String text = out.toString();
        assertEquals(0, exit, text + err);
        assertTrue(text.contains("nothing lost: 30,001 ticks delivered across two lives, sequence 1..30,001 " +
            "unbroken and in order"), text);
        final Matcher recovered = Pattern.compile("life 2: recovered ([\\d,]+)").matcher(text);
        assertTrue(recovered.find(), text);
        assertTrue(Long.parseLong(recovered.group(1).replace(",", "")) > 10_000,
            "the restart found the overflow on disk: " + text);
        assertTrue(text.contains("life 2 identity: ") && text.contains(": holds"), text);
        assertTrue(Files.exists(spill.resolve("sluice-store.properties")), "--dir is kept");
    }

    @Test
    void shouldRefuseABadOptionWithTheUsage()
    {
        final StringWriter err = new StringWriter();
        final int exit = SluiceCommand.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "examples",
            "spill", "--messages", "0");
        assertEquals(2, exit);
        assertTrue(err.toString().startsWith("--messages=0 is not allowed; allowed 1.."), err.toString());
    }

    @Test
    void shouldRoundTripEveryFieldWithoutAllocatingATickPerDecode()
    {
        final TickCodec codec = new TickCodec(2);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        final Tick tick = new Tick().set(7, 123_456_789L, 42, 1_234_567, 300);
        assertEquals(TickCodec.LENGTH, codec.encode(tick, buffer, 4));

        final Tick first = codec.decode(buffer, 4, TickCodec.LENGTH);
        assertEquals(tick.toString(), first.toString());
        assertEquals(123_456_789L, first.timestampNanos());
        final Tick second = codec.decode(buffer, 4, TickCodec.LENGTH);
        final Tick third = codec.decode(buffer, 4, TickCodec.LENGTH);
        assertTrue(first != second && first == third, "a ring of two recycled instances");
    }
}
