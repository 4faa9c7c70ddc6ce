package io.sluice.examples.dlq;

import io.sluice.examples.SluiceCommand;
import io.sluice.persistence.codec.Codecs;
import io.sluice.persistence.deadletter.ChronicleBinaryDeadLetterStore;
import io.sluice.persistence.deadletter.ChronicleDeadLetterStore;
import io.sluice.runtime.failure.BinaryDeadLetter;
import io.sluice.runtime.failure.DeadLetter;
import io.sluice.runtime.failure.DeadLetterReason;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DlqCommandTest
{
    private static final long T0 = 1_767_225_600_000_000_000L; // 2026-01-01T00:00:00Z

    @TempDir
    Path dir;

    private String out = "";
    private String err = "";

    private int run(final String... args)
    {
        final StringWriter o = new StringWriter();
        final StringWriter e = new StringWriter();
        final int exit = SluiceCommand.run(new PrintWriter(o, true), new PrintWriter(e, true), args);
        out = o.toString();
        err = e.toString();
        return exit;
    }

    private List<String> outLines()
    {
        return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n"));
    }

    private Path objectStore()
    {
        final Path path = dir.resolve("dlq");
        try (ChronicleDeadLetterStore<String> store = ChronicleDeadLetterStore.open(path, Codecs.utf8()))
        {
            final DeadLetter<String> letter = new DeadLetter<>();
            store.onDeadLetter(letter.set("parse", "orders->parse", "say \"hi\"\nbye \u2192 \\", new
                IllegalStateException("bad\tinput"), 3, T0, T0 + 1_000, DeadLetterReason.RETRIES_EXHAUSTED));
            store.onDeadLetter(letter.set("parse", "orders->parse", "order-2", null, 0, T0 + 5, T0 + 5,
                DeadLetterReason.BREAKER_OPEN));
            store.onDeadLetter(letter.set("route", "parse->route", "order-3", new RuntimeException(), 1, T0 + 9,
                T0 + 9, DeadLetterReason.RETRIES_EXHAUSTED));
        }
        return path;
    }

    @Test
    void shouldListEveryDeadLetterWithAHeader()
    {
        final Path path = objectStore();
        assertEquals(0, run("dlq", "list", path.toString()), err);
        final List<String> lines = outLines();
        assertEquals(5, lines.size(), out);
        assertEquals("store " + path + ": dead-letter-object, codec utf8-string/1, 3 dead letters (sequences 0..2)",
            lines.get(0));
        assertEquals("replay cursors: none", lines.get(1));
        assertTrue(lines.get(2).contains("parse <- orders->parse  attempts=3  RETRIES_EXHAUSTED  " +
            "java.lang.IllegalStateException: bad\tinput"), lines.get(2));
        assertTrue(lines.get(2).contains("2026-01-01T00:00:00.000001Z"), lines.get(2));
        assertTrue(lines.get(3).contains("BREAKER_OPEN  (no cause)  order-2 (7 bytes)"), lines.get(3));
        assertTrue(lines.get(4).contains("route <- parse->route"), lines.get(4));

        assertEquals(0, run("dlq", "list", path.toString(), "--from", "1", "--limit", "1", "--json"), err);
        assertEquals(1, outLines().size(), out);
        assertTrue(out.startsWith("{\"sequence\":1,"), out);
    }

    @Test
    void shouldShowOneDeadLetterInFullAndFailClearlyForAMissingSequence()
    {
        final Path path = objectStore();
        assertEquals(0, run("dlq", "show", path.toString(), "0"), err);
        assertTrue(out.contains("stage:          parse\n"), out);
        assertTrue(out.contains("edge:           orders->parse\n"), out);
        assertTrue(out.contains("attempts:       3\n"), out);
        assertTrue(out.contains("cause:          java.lang.IllegalStateException: bad\tinput\n"), out);
        assertTrue(out.contains("payload (utf8): say \"hi\"\nbye \u2192 \\"), out);

        assertEquals(1, run("dlq", "show", path.toString(), "7"));
        assertEquals("sluice dlq show: store " + path + " holds no dead letter with sequence 7; it holds " +
            "sequences 0..2\n", err);
    }

    @Test
    void shouldReplayAsEscapedJsonLinesAndResumeFromTheCursorWithoutRepeats()
    {
        final Path path = objectStore();
        assertEquals(0, run("dlq", "replay", path.toString(), "--to-stdout", "--limit", "1"), err);
        assertEquals(List.of("{\"sequence\":0,\"stage\":\"parse\",\"edge\":\"orders->parse\"," +
            "\"reason\":\"RETRIES_EXHAUSTED\",\"attempts\":3,\"firstFailure\":\"2026-01-01T00:00:00Z\"," +
            "\"lastFailure\":\"2026-01-01T00:00:00.000001Z\",\"firstFailureEpochNanos\":" + T0 + "," +
            "\"lastFailureEpochNanos\":" + (T0 + 1_000) + ",\"causeClass\":\"java.lang.IllegalStateException\"," +
            "\"causeMessage\":\"bad\\tinput\",\"typeId\":0,\"codec\":\"utf8-string/1\",\"payloadLength\":18," +
            "\"payloadEncoding\":\"utf8\",\"payload\":\"say \\\"hi\\\"\\nbye \\u2192 \\\\\"}"), outLines());
        assertTrue(err.contains("replayed 1 dead letter from " + path + " to stdout; cursor 'replay' is at " +
            "sequence 1, 2 to go"), err);

        assertEquals(0, run("dlq", "replay", path.toString(), "--to-stdout"), err);
        assertEquals(2, outLines().size(), out);
        assertTrue(outLines().get(0).startsWith("{\"sequence\":1,"), out);
        assertTrue(outLines().get(1).startsWith("{\"sequence\":2,"), out);
        assertTrue(outLines().get(1).contains("\"causeMessage\":null"), out);

        assertEquals(0, run("dlq", "replay", path.toString(), "--to-stdout"), err);
        assertEquals(List.of(), outLines(), "nothing is replayed twice");

        assertEquals(0, run("dlq", "list", path.toString()), err);
        assertEquals("replay cursors: replay (next 3)", outLines().get(1));

        assertEquals(0, run("dlq", "replay", path.toString(), "--to-stdout", "--from-start", "--cursor", "audit"),
            err);
        assertEquals(3, outLines().size(), out);
    }

    @Test
    void shouldReplayToAFileInADirectoryWithAProgressBar() throws Exception
    {
        final Path path = objectStore();
        final Path outDir = dir.resolve("out");
        assertEquals(0, run("dlq", "replay", path.toString(), "--to-dir", outDir.toString(), "--progress"), err);
        final List<String> lines = Files.readAllLines(outDir.resolve("replay.jsonl"));
        assertEquals(3, lines.size());
        assertEquals(List.of(0, 1, 2), lines.stream().map(l -> l.charAt("{\"sequence\":".length()) - '0')
            .collect(Collectors.toList()));
        assertTrue(err.contains("replay") && err.contains("100%") && err.contains("records/s"),
            "progress bar with rate: " + err);
        assertEquals("", out, "stdout stays clean");
    }

    @Test
    void shouldShowBinaryPayloadsAsBase64WithTheirTypeId()
    {
        final Path path = dir.resolve("binary");
        final byte[] bytes = {0, 1, 2, (byte)0xFF, 'x'};
        try (ChronicleBinaryDeadLetterStore store = ChronicleBinaryDeadLetterStore.open(path))
        {
            store.onDeadLetter(new BinaryDeadLetter().set("decode", "in", 42, new UnsafeBuffer(bytes), 0,
                bytes.length, null, 0, 0, 0, DeadLetterReason.BREAKER_OPEN));
        }
        assertEquals(0, run("dlq", "replay", path.toString(), "--to-stdout"), err);
        assertTrue(out.contains("\"typeId\":42,\"codec\":\"raw-bytes\",\"payloadLength\":5," +
            "\"payloadEncoding\":\"base64\",\"payload\":\"" + Base64.getEncoder().encodeToString(bytes) + "\"}"),
            out);
        assertEquals(0, run("dlq", "show", path.toString(), "0"), err);
        assertTrue(out.contains("payload (base64): " + Base64.getEncoder().encodeToString(bytes)), out);
    }

    @Test
    @SuppressWarnings("try") // the resource is held for its lock, not used
    void shouldPurgeOnlyWithYesAndOnlyWhenNothingHasTheStoreOpen()
    {
        final Path path = objectStore();
        assertEquals(1, run("dlq", "purge", path.toString()));
        assertTrue(err.contains("refusing to delete 3 dead letters from " + path + " without --yes"), err);

        try (ChronicleDeadLetterStore<String> ignored = ChronicleDeadLetterStore.open(path, Codecs.utf8()))
        {
            assertEquals(1, run("dlq", "purge", path.toString(), "--yes"));
            assertTrue(err.startsWith("sluice dlq purge: store directory " + path + ": is in use by"), err);
        }
        assertEquals(0, run("dlq", "list", path.toString()), err);
        assertTrue(out.contains("3 dead letters"), "nothing deleted by a refused purge: " + out);

        assertEquals(0, run("dlq", "purge", path.toString(), "--yes"), err);
        assertEquals("purged 3 dead letters from " + path + "\n", out);
        assertEquals(0, run("dlq", "list", path.toString()), err);
        assertTrue(out.startsWith("store " + path + ": dead-letter-object, codec utf8-string/1, 0 dead letters\n"),
            out);
    }

    @Test
    void shouldReportABadDirectoryInOneLine()
    {
        final Path missing = dir.resolve("missing");
        assertEquals(1, run("dlq", "list", missing.toString()));
        assertEquals("sluice dlq list: store directory " + missing + ": does not exist\n", err);
        assertEquals(1, run("dlq", "replay", missing.toString(), "--to-stdout"));
        assertEquals("sluice dlq replay: store directory " + missing + ": does not exist\n", err);
    }

    @Test
    void shouldRejectUnknownOptionsAndMissingDestinationsWithUsageAndExitTwo()
    {
        final Path path = objectStore();
        assertEquals(2, run("dlq", "list", path.toString(), "--bogus"));
        assertEquals("Unknown option: '--bogus'", err.lines().findFirst().orElse(""), err);
        assertTrue(err.contains("Usage: sluice dlq list"), err);

        assertEquals(2, run("dlq", "replay", path.toString()));
        assertTrue(err.lines().findFirst().orElse("").startsWith("Error: Missing required argument"), err);
        assertTrue(err.contains("Usage: sluice dlq replay"), err);

        assertEquals(2, run("dlq", "replay", path.toString(), "--to-stdout", "--to-dir", "x"));
        assertTrue(err.contains("mutually exclusive"), err);
    }

    @Test
    void shouldPrintHelpForEveryCommand()
    {
        for (final String command : List.of("list", "show", "replay", "purge"))
        {
            assertEquals(0, run("dlq", command, "--help"), err);
            assertTrue(out.startsWith("Usage: sluice dlq " + command), out);
        }
        assertEquals(0, run("dlq", "--help"), err);
        assertTrue(out.contains("list") && out.contains("show") && out.contains("replay") && out.contains("purge"),
            out);
    }
}
