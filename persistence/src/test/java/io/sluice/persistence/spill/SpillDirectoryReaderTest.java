package io.sluice.persistence.spill;

import io.sluice.persistence.StoreDirectoryException;
import io.sluice.persistence.codec.Codecs;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The read-only view the tools use: pending records after the acknowledged position, in order, without changing
 * the directory, also while its owner has it open.
 */
class SpillDirectoryReaderTest
{
    @TempDir
    Path dir;

    @Test
    void shouldListPendingObjectRecordsAfterTheAcknowledgedPosition()
    {
        try (ChronicleSpillStore<String> store = SpillOptions.directory(dir).objectStore(Codecs.utf8()))
        {
            for (int i = 0; i < 10; i++)
            {
                store.append("m" + i);
            }
            for (int i = 0; i < 4; i++)
            {
                store.poll();
                store.delivered(1);
            }

            try (SpillDirectoryReader reader = SpillDirectoryReader.open(dir))
            {
                assertTrue(reader.inUse(), "the store holds the directory");
                assertFalse(reader.isBinary());
                assertEquals("utf8-string/1", reader.codec());
                assertEquals(store.acknowledgedIndex(), reader.acknowledgedIndex());
                final List<String> pending = new ArrayList<>();
                reader.forEachPending((index, typeId, buffer, offset, length) ->
                    pending.add(buffer.getStringWithoutLengthUtf8(offset, length)), Long.MAX_VALUE);
                assertEquals(List.of("m4", "m5", "m6", "m7", "m8", "m9"), pending);
                assertEquals(6, reader.pending()[0]);
                assertEquals(12, reader.pending()[1]);
                assertEquals(1, reader.files().size());
            }
        }
        try (SpillDirectoryReader reader = SpillDirectoryReader.open(dir))
        {
            assertFalse(reader.inUse());
            assertEquals(6, reader.pending()[0], "reading changed nothing");
        }
        try (ChronicleSpillStore<String> store = SpillOptions.directory(dir).objectStore(Codecs.utf8()))
        {
            assertEquals(6, store.recovered());
        }
    }

    @Test
    void shouldReadBinaryRecordsWithTheirTypeIds()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[16]);
        try (ChronicleBinarySpillStore store = SpillOptions.directory(dir).binaryStore())
        {
            buffer.putInt(0, 77);
            store.append(5, buffer, 0, 4);
        }
        try (SpillDirectoryReader reader = SpillDirectoryReader.open(dir))
        {
            assertTrue(reader.isBinary());
            final List<String> seen = new ArrayList<>();
            reader.forEachPending((index, typeId, b, offset, length) ->
                seen.add(typeId + ":" + b.getInt(offset) + ":" + length), 10);
            assertEquals(List.of("5:77:4"), seen);
        }
    }

    @Test
    void shouldRefuseAMissingDirectoryOrAnotherKindOfStore()
    {
        final Path missing = dir.resolve("nope");
        assertEquals("store directory " + missing + ": does not exist",
            assertThrows(StoreDirectoryException.class, () -> SpillDirectoryReader.open(missing)).getMessage());
    }
}
