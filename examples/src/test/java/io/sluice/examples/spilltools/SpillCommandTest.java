package io.sluice.examples.spilltools;

import io.sluice.examples.SluiceCommand;
import io.sluice.persistence.codec.Codecs;
import io.sluice.persistence.spill.ChronicleBinarySpillStore;
import io.sluice.persistence.spill.ChronicleSpillStore;
import io.sluice.persistence.spill.SpillOptions;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SpillCommandTest
{
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

    private Path objectSpill()
    {
        final Path path = dir.resolve("spill");
        try (ChronicleSpillStore<String> store = SpillOptions.directory(path).objectStore(Codecs.utf8()))
        {
            store.append("first");
            store.append("say \"hi\"");
            store.append("third");
            store.poll();
            store.delivered(1);
        }
        return path;
    }

    @Test
    void shouldInspectPendingMessagesAndFiles()
    {
        final Path path = objectSpill();

        assertEquals(0, run("spill", "inspect", path.toString()), err);

        assertTrue(out.contains("codec:        utf8-string/1"), out);
        assertTrue(out.contains("pending:      2 messages, 13 payload bytes"), out);
        assertTrue(out.contains("owner:        none"), out);
        assertTrue(out.contains("files:        1 "), out);
    }

    @Test
    void shouldReplayPendingRecordsAsJsonLinesWithoutAcknowledging()
    {
        final Path path = objectSpill();

        assertEquals(0, run("spill", "replay", path.toString()), err);

        final List<String> lines = Arrays.asList(out.split("\n"));
        assertEquals(2, lines.size(), out);
        assertTrue(lines.get(0).endsWith("\"length\":8,\"payload\":\"say \\\"hi\\\"\"}"), lines.get(0));
        assertTrue(lines.get(1).endsWith("\"length\":5,\"payload\":\"third\"}"), lines.get(1));
        assertTrue(err.contains("wrote 2 pending records"), err);
        assertEquals(0, run("spill", "replay", path.toString(), "--limit", "1"), err);
        assertEquals(1, out.split("\n").length, "still pending: replay acknowledges nothing");
    }

    @Test
    void shouldReplayBinaryRecordsWithTypeIdAndBase64()
    {
        final Path path = dir.resolve("binary");
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4]);
        buffer.putInt(0, 0x01020304);
        try (ChronicleBinarySpillStore store = SpillOptions.directory(path).binaryStore())
        {
            store.append(9, buffer, 0, 4);
        }

        assertEquals(0, run("spill", "replay", path.toString()), err);

        assertTrue(out.trim().endsWith("\"typeId\":9,\"length\":4,\"payload\":\"BAMCAQ==\"}"), out);
    }

    @Test
    void shouldFailWithOneLineForAMissingDirectoryAndUsageForABadOption()
    {
        final Path missing = dir.resolve("missing");
        assertEquals(1, run("spill", "inspect", missing.toString()));
        assertEquals("sluice spill inspect: store directory " + missing + ": does not exist", err.trim());

        assertEquals(2, run("spill", "replay", dir.toString(), "--bogus"));
        assertTrue(err.startsWith("Unknown option: '--bogus'"), err);
        assertTrue(err.contains("Usage: sluice spill replay"), err);
    }
}
