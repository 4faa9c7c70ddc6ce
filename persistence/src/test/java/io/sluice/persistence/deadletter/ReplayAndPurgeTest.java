package io.sluice.persistence.deadletter;

import io.sluice.persistence.StoreDirectoryException;
import io.sluice.persistence.codec.Codecs;
import io.sluice.queues.channel.BinaryChannel;
import io.sluice.queues.channel.ChannelBuilder;
import io.sluice.queues.channel.ChannelKind;
import io.sluice.queues.channel.ObjectChannel;
import io.sluice.queues.channel.OfferResult;
import io.sluice.runtime.failure.BinaryDeadLetter;
import io.sluice.runtime.failure.DeadLetter;
import io.sluice.runtime.failure.DeadLetterReason;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ReplayAndPurgeTest
{
    @TempDir
    Path dir;

    private Path storeWith(final int n)
    {
        final Path path = dir.resolve("dlq");
        try (ChronicleDeadLetterStore<String> store = ChronicleDeadLetterStore.open(path, Codecs.utf8()))
        {
            final DeadLetter<String> letter = new DeadLetter<>();
            for (int i = 0; i < n; i++)
            {
                store.onDeadLetter(letter.set("s", "e", "m" + i, new RuntimeException("x"), 1, i, i,
                    DeadLetterReason.RETRIES_EXHAUSTED));
            }
        }
        return path;
    }

    private static ObjectChannel<String> channel(final int capacity)
    {
        return ChannelBuilder.<String>channel("replay").kind(ChannelKind.OBJECT_SPSC).capacity(capacity)
            .buildObjectChannel();
    }

    private static void drainInto(final ObjectChannel<String> channel, final List<String> into)
    {
        channel.drain(into::add, Integer.MAX_VALUE);
    }

    @Test
    void shouldReplayIntoAFullChannelWithoutDroppingAndResumeAfterInterruptionWithoutDuplicates()
    {
        final Path path = storeWith(100);
        final List<String> delivered = new ArrayList<>();
        final ObjectChannel<String> channel = channel(8);

        try (DeadLetterReader reader = DeadLetterReader.open(path); ReplayCursor cursor = reader.replayCursor("ops"))
        {
            assertEquals(100, cursor.remaining());
            final ReplayTarget target = ReplayTargets.objectChannel(reader, channel, Codecs.utf8());
            // nobody drains: the channel fills, the cursor waits up to its deadline, keeps the refused record
            assertEquals(ReplayOutcome.TIMED_OUT,
                cursor.replay(target, new YieldingIdleStrategy(), 20, TimeUnit.MILLISECONDS, Long.MAX_VALUE));
            final long taken = cursor.replayed();
            assertTrue(taken > 0 && taken < 100, "taken " + taken);
            assertEquals(taken, cursor.nextSequence());
            drainInto(channel, delivered);
            assertEquals(ReplayOutcome.LIMIT_REACHED,
                cursor.replay(target, new BusySpinIdleStrategy(), 1, TimeUnit.SECONDS, 3));
            drainInto(channel, delivered);
        }

        // a new process would do this: a new reader, the same cursor name, resuming from the mark
        try (DeadLetterReader reader = DeadLetterReader.open(path); ReplayCursor cursor = reader.replayCursor("ops"))
        {
            assertEquals(delivered.size(), cursor.nextSequence());
            final ReplayTarget target = ReplayTargets.objectChannel(reader, channel, Codecs.utf8());
            ReplayOutcome outcome;
            int calls = 0;
            do
            {
                outcome = cursor.replay(target, new YieldingIdleStrategy(), 1, TimeUnit.SECONDS, 8);
                drainInto(channel, delivered);
                assertTrue(++calls < 1_000, "replay ends");
            }
            while (outcome != ReplayOutcome.CAUGHT_UP);
            assertEquals(0, cursor.remaining());
        }

        final List<String> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++)
        {
            expected.add("m" + i);
        }
        assertEquals(expected, delivered, "every record once, in order");
    }

    @Test
    void shouldStopAtAClosedChannelAndReplayTheRefusedRecordNextTime()
    {
        final Path path = storeWith(3);
        final ObjectChannel<String> closed = channel(8);
        closed.close();
        try (DeadLetterReader reader = DeadLetterReader.open(path); ReplayCursor cursor = reader.replayCursor("c"))
        {
            assertEquals(ReplayOutcome.TARGET_CLOSED, cursor.replay(ReplayTargets.objectChannel(reader, closed,
                Codecs.utf8()), new YieldingIdleStrategy(), 1, TimeUnit.SECONDS, 10));
            assertEquals(0, cursor.nextSequence());
            final List<Long> sequences = new ArrayList<>();
            assertEquals(ReplayOutcome.CAUGHT_UP, cursor.replay((r) ->
            {
                sequences.add(r.sequence());
                return OfferResult.ACCEPTED;
            }, new YieldingIdleStrategy(), 1, TimeUnit.SECONDS, 10));
            assertEquals(List.of(0L, 1L, 2L), sequences);
            cursor.seek(1);
            sequences.clear();
            cursor.replay((r) ->
            {
                sequences.add(r.sequence());
                return OfferResult.ACCEPTED;
            }, new YieldingIdleStrategy(), 1, TimeUnit.SECONDS, 10);
            assertEquals(List.of(1L, 2L), sequences);
        }
    }

    @Test
    void shouldReplayBinaryLettersWithTheirTypeIdIntoABinaryChannel()
    {
        final Path path = dir.resolve("binary");
        final UnsafeBuffer bytes = new UnsafeBuffer(new byte[8]);
        try (ChronicleBinaryDeadLetterStore store = ChronicleBinaryDeadLetterStore.open(path))
        {
            final BinaryDeadLetter letter = new BinaryDeadLetter();
            for (int i = 0; i < 5; i++)
            {
                bytes.putLong(0, i * 11L);
                store.onDeadLetter(letter.set("s", "e", 7 + i, bytes, 0, 8, null, 0, 0, 0,
                    DeadLetterReason.BREAKER_OPEN));
            }
        }
        final BinaryChannel channel = ChannelBuilder.channel("bin").kind(ChannelKind.BINARY_SPSC)
            .maxMessageLength(8).buildBinaryChannel();
        final List<String> seen = new ArrayList<>();
        try (DeadLetterReader reader = DeadLetterReader.open(path); ReplayCursor cursor = reader.replayCursor("b"))
        {
            assertEquals(ReplayOutcome.CAUGHT_UP, cursor.replay(ReplayTargets.binaryChannel(channel),
                new YieldingIdleStrategy(), 1, TimeUnit.SECONDS, Long.MAX_VALUE));
        }
        channel.drain((typeId, buffer, offset, length) -> seen.add(typeId + "=" + buffer.getLong(offset)), 100);
        assertEquals(List.of("7=0", "8=11", "9=22", "10=33", "11=44"), seen);
    }

    @Test
    @SuppressWarnings("try") // the resource is held for its lock, not used
    void shouldRefuseASecondReplayWithTheSameCursorName()
    {
        final Path path = storeWith(1);
        try (DeadLetterReader reader = DeadLetterReader.open(path); ReplayCursor ignored = reader.replayCursor("x"))
        {
            final StoreDirectoryException ex = assertThrows(StoreDirectoryException.class,
                () -> reader.replayCursor("x"));
            assertTrue(ex.getMessage().contains("replay cursor 'x' is in use"), ex.getMessage());
            reader.replayCursor("y").close();
            assertThrows(IllegalArgumentException.class, () -> reader.replayCursor("../evil"));
        }
    }

    @Test
    @SuppressWarnings("try") // the resource is held for its lock, not used
    void shouldPurgeEverythingOnlyWhenNothingHasTheDirectoryOpen()
    {
        final Path path = storeWith(5);
        try (ChronicleDeadLetterStore<String> ignored = ChronicleDeadLetterStore.open(path, Codecs.utf8()))
        {
            final StoreDirectoryException ex = assertThrows(StoreDirectoryException.class,
                () -> DeadLetterStores.purge(path));
            assertTrue(ex.getMessage().contains("is in use by this same process"), ex.getMessage());
        }
        try (DeadLetterReader reader = DeadLetterReader.open(path); ReplayCursor cursor = reader.replayCursor("r"))
        {
            cursor.seek(2);
            final StoreDirectoryException ex = assertThrows(StoreDirectoryException.class,
                () -> DeadLetterStores.purge(path));
            assertTrue(ex.getMessage().contains("replay cursor 'r' is in use"), ex.getMessage());
        }
        try (DeadLetterReader reader = DeadLetterReader.open(path))
        {
            assertEquals(5, reader.count(), "a refused purge deletes nothing");
        }
        assertTrue(Files.exists(path.resolve("replay-r.mark")));

        assertEquals(5, DeadLetterStores.purge(path));

        assertFalse(Files.exists(path.resolve("replay-r.mark")), "marks go with the letters");
        try (DeadLetterReader reader = DeadLetterReader.open(path))
        {
            assertEquals(0, reader.count());
        }
        try (ChronicleDeadLetterStore<String> store = ChronicleDeadLetterStore.open(path, Codecs.utf8()))
        {
            assertEquals(0, store.count());
            store.onDeadLetter(new DeadLetter<String>().set("s", "e", "after", null, 0, 0, 0,
                DeadLetterReason.BREAKER_OPEN));
        }
        try (DeadLetterReader reader = DeadLetterReader.open(path))
        {
            final DeadLetterRecord record = new DeadLetterRecord();
            assertTrue(reader.read(0, record), "sequences start again at 0 after a purge");
            assertEquals("after", reader.decode(Codecs.utf8(), record));
        }
    }
}
