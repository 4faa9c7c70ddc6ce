package io.sluice.persistence.resume;

import io.sluice.persistence.StoreDirectoryException;
import io.sluice.runtime.graph.Outbox;
import io.sluice.runtime.graph.SourceHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The parts of the resume pattern on their own: the tracker's watermark and repeats, the checkpoint's durability
 * and checks, the resuming source's range.
 */
class ResumePatternTest
{
    @TempDir
    Path dir;

    @Test
    void shouldAdvanceTheWatermarkOnlyOverContiguousSequenceNumbers()
    {
        final SequenceTracker tracker = new SequenceTracker(10, 64);
        assertTrue(tracker.onSequence(13), "recovered spill first: above the gap");
        assertTrue(tracker.onSequence(14));
        assertEquals(10, tracker.watermark());
        assertTrue(tracker.onSequence(11), "the replay from the watermark fills the gap");
        assertEquals(11, tracker.watermark());
        assertTrue(tracker.onSequence(12));
        assertEquals(14, tracker.watermark(), "13 and 14 were seen: the watermark jumps over them");

        assertFalse(tracker.onSequence(13), "the replayed copy of a spilled message is a repeat");
        assertFalse(tracker.onSequence(9), "at or below the starting watermark: acknowledged before");
        assertEquals(2, tracker.repeats());
        assertEquals(4, tracker.firsts());
        assertEquals(14, tracker.highest());
    }

    @Test
    void shouldReuseTheWindowAsTheWatermarkMoves()
    {
        final SequenceTracker tracker = new SequenceTracker(0, 64);
        for (long seq = 1; seq <= 10_000; seq++)
        {
            assertTrue(tracker.onSequence(seq));
        }
        assertEquals(10_000, tracker.watermark());
        assertFalse(tracker.onSequence(9_999));
        assertTrue(tracker.onSequence(10_064), "exactly a window above the watermark");
        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> tracker.onSequence(10_065));
        assertEquals("sequence tracker: sequence=10065 is more than window=64 above the watermark 10000; use a " +
            "larger window", ex.getMessage());
    }

    @Test
    void shouldRejectABadWindow()
    {
        assertEquals("sequence tracker: window=100 is not allowed; allowed a power of two from 64 to 2^30",
            assertThrows(IllegalArgumentException.class, () -> new SequenceTracker(0, 100)).getMessage());
    }

    @Test
    void shouldKeepTheCheckpointAcrossReopenAndOnlyMoveItUp()
    {
        try (SequenceCheckpoint checkpoint = SequenceCheckpoint.open(dir))
        {
            assertEquals(0, checkpoint.acknowledged());
            checkpoint.acknowledge(41);
            checkpoint.acknowledge(42);
            final IllegalArgumentException ex =
                assertThrows(IllegalArgumentException.class, () -> checkpoint.acknowledge(7));
            assertEquals("checkpoint " + dir + ": watermark=7 is not allowed; allowed 42.." + Long.MAX_VALUE +
                " (it only moves up)", ex.getMessage());
        }
        try (SequenceCheckpoint checkpoint = SequenceCheckpoint.open(dir))
        {
            assertEquals(42, checkpoint.acknowledged());
        }
    }

    @Test
    void shouldRefuseACorruptCheckpointWithoutTouchingIt() throws Exception
    {
        try (SequenceCheckpoint checkpoint = SequenceCheckpoint.open(dir))
        {
            checkpoint.acknowledge(5);
        }
        final Path file = dir.resolve(SequenceCheckpoint.FILE);
        final byte[] bytes = Files.readAllBytes(file);
        bytes[0] ^= 0x55;
        Files.write(file, bytes);

        final StoreDirectoryException ex = assertThrows(StoreDirectoryException.class,
            () -> SequenceCheckpoint.open(dir));

        assertTrue(ex.getMessage().startsWith("store directory " + dir + ": checkpoint.dat has magic "),
            ex.getMessage());
        assertEquals(bytes.length, Files.size(file));
        assertEquals(bytes[0], Files.readAllBytes(file)[0], "nothing was changed");
    }

    @Test
    void shouldProduceFromTheResumePointThroughTheLastThenEnd()
    {
        final ResumingSource<Long> source = new ResumingSource<>(43, 50, seq -> seq);
        final List<Long> emitted = new ArrayList<>();
        final Outbox<Long> outbox = new Outbox<>()
        {
            @Override
            public int emit(final Long message)
            {
                emitted.add(message);
                return 1;
            }

            @Override
            public int emit(final int port, final Long message)
            {
                return emit(message);
            }

            @Override
            public int ports()
            {
                return 1;
            }

            @Override
            public int room()
            {
                return 5;
            }
        };
        assertEquals(5, source.produce(outbox, 5));
        assertEquals(3, source.produce(outbox, 5));
        assertEquals(SourceHandler.END_OF_STREAM, source.produce(outbox, 5));
        assertEquals(List.of(43L, 44L, 45L, 46L, 47L, 48L, 49L, 50L), emitted);
        assertEquals("resuming source: first=0 is not allowed; allowed 1.." + Long.MAX_VALUE,
            assertThrows(IllegalArgumentException.class, () -> new ResumingSource<Long>(0, 5, s -> s)).getMessage());
    }
}
