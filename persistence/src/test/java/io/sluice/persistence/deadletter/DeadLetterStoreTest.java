package io.sluice.persistence.deadletter;

import io.sluice.persistence.codec.Codecs;
import io.sluice.runtime.failure.BinaryDeadLetter;
import io.sluice.runtime.failure.DeadLetter;
import io.sluice.runtime.failure.DeadLetterReason;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DeadLetterStoreTest
{
    private static final long FIRST = 1_700_000_000_123_456_789L;

    @TempDir
    Path dir;

    @Test
    void shouldRoundTripEveryFieldOfAnObjectDeadLetter()
    {
        final Path path = dir.resolve("dlq");
        try (ChronicleDeadLetterStore<String> store = ChronicleDeadLetterStore.open(path, Codecs.utf8()))
        {
            final DeadLetter<String> letter = new DeadLetter<>();
            store.onDeadLetter(letter.set("parse-é", "src->parse", "order \"1\" → ✓", new IllegalStateException(
                "bad 🙂 order"), 3, FIRST, FIRST + 500, DeadLetterReason.RETRIES_EXHAUSTED));
            store.onDeadLetter(letter.set("route", "", "order-2", null, 0, FIRST + 7, FIRST + 7,
                DeadLetterReason.BREAKER_OPEN));
            assertEquals(2, store.count());
        }

        try (DeadLetterReader reader = DeadLetterReader.open(path))
        {
            assertEquals(DeadLetterStores.OBJECT_KIND, reader.kind());
            assertEquals("utf8-string/1", reader.codecName());
            assertFalse(reader.isBinary());
            assertEquals(2, reader.count());
            final DeadLetterRecord record = new DeadLetterRecord();
            assertTrue(reader.read(0, record));
            assertEquals(0, record.sequence());
            assertEquals("parse-é", record.stage());
            assertEquals("src->parse", record.edge());
            assertEquals("order \"1\" → ✓", reader.decode(Codecs.utf8(), record));
            assertEquals(IllegalStateException.class.getName(), record.causeClass());
            assertEquals("bad 🙂 order", record.causeMessage());
            assertEquals(3, record.attempts());
            assertEquals(FIRST, record.firstFailureEpochNanos());
            assertEquals(FIRST + 500, record.lastFailureEpochNanos());
            assertEquals(DeadLetterReason.RETRIES_EXHAUSTED, record.reason());
            assertEquals(0, record.typeId());

            assertTrue(reader.read(1, record));
            assertEquals(1, record.sequence());
            assertEquals("route", record.stage());
            assertEquals("", record.edge());
            assertNull(record.causeClass());
            assertNull(record.causeMessage());
            assertEquals(0, record.attempts());
            assertEquals(DeadLetterReason.BREAKER_OPEN, record.reason());
            assertEquals("order-2", reader.decode(Codecs.utf8(), record));

            assertFalse(reader.read(2, record));
            assertFalse(reader.read(-1, record));
        }
    }

    @Test
    void shouldRoundTripEveryFieldOfABinaryDeadLetterFromItsOffset()
    {
        final Path path = dir.resolve("binary");
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        buffer.putStringWithoutLengthAscii(0, "xxxxHELLOyyyy");
        try (ChronicleBinaryDeadLetterStore store = ChronicleBinaryDeadLetterStore.open(path))
        {
            final BinaryDeadLetter letter = new BinaryDeadLetter();
            store.onDeadLetter(letter.set("decode", "in", 42, buffer, 4, 5, new IllegalArgumentException(),
                2, FIRST, FIRST + 1, DeadLetterReason.RETRIES_EXHAUSTED));
            store.onDeadLetter(letter.set("decode", "in", 43, buffer, 0, 0, null, 0, FIRST + 2, FIRST + 2,
                DeadLetterReason.BREAKER_OPEN));
        }
        try (DeadLetterReader reader = DeadLetterReader.open(path))
        {
            assertTrue(reader.isBinary());
            assertEquals(DeadLetterStores.RAW_BYTES_CODEC, reader.codecName());
            final List<String> seen = new ArrayList<>();
            assertEquals(2, reader.forEach((r) -> seen.add(r.sequence() + ":" + r.typeId() + ":" +
                new String(r.payloadBytes(), StandardCharsets.US_ASCII) + ":" + r.stage() + ":" + r.edge() + ":" +
                r.causeClass() + ":" + r.causeMessage() + ":" + r.attempts() + ":" + r.reason() + ":" +
                (r.firstFailureEpochNanos() - FIRST) + ":" + (r.lastFailureEpochNanos() - FIRST))));
            assertEquals(List.of(
                "0:42:HELLO:decode:in:java.lang.IllegalArgumentException:null:2:RETRIES_EXHAUSTED:0:1",
                "1:43::decode:in:null:null:0:BREAKER_OPEN:2:2"), seen);
        }
    }

    @Test
    void shouldKeepEveryLetterAndPerThreadOrderWhenManyThreadsAppend() throws Exception
    {
        final Path path = dir.resolve("concurrent");
        final int threads = 8;
        final int perThread = 2_000;
        try (ChronicleDeadLetterStore<String> store = ChronicleDeadLetterStore.open(path, Codecs.utf8()))
        {
            final CountDownLatch start = new CountDownLatch(1);
            final List<Thread> workers = new ArrayList<>();
            final List<Throwable> failures = new ArrayList<>();
            for (int t = 0; t < threads; t++)
            {
                final int id = t;
                final Thread worker = new Thread(() ->
                {
                    final DeadLetter<String> letter = new DeadLetter<>();
                    try
                    {
                        start.await();
                        for (int i = 0; i < perThread; i++)
                        {
                            store.onDeadLetter(letter.set("stage-" + id, "edge-" + id, id + ":" + i, null, 1, i, i,
                                DeadLetterReason.RETRIES_EXHAUSTED));
                        }
                    }
                    catch (final Throwable ex)
                    {
                        synchronized (failures)
                        {
                            failures.add(ex);
                        }
                    }
                });
                worker.start();
                workers.add(worker);
            }
            start.countDown();
            for (final Thread worker : workers)
            {
                worker.join(TimeUnit.SECONDS.toMillis(30));
                assertFalse(worker.isAlive(), "worker finished within its deadline");
            }
            assertEquals(List.of(), failures);
            assertEquals((long)threads * perThread, store.count());
        }

        try (DeadLetterReader reader = DeadLetterReader.open(path))
        {
            final int[] next = new int[threads];
            final long[] expectedSequence = {0};
            final long handed = reader.forEach((r) ->
            {
                assertEquals(expectedSequence[0]++, r.sequence(), "sequences are dense, in file order");
                final String message = reader.decode(Codecs.utf8(), r);
                final int id = Integer.parseInt(message.substring(0, message.indexOf(':')));
                final int i = Integer.parseInt(message.substring(message.indexOf(':') + 1));
                assertEquals(next[id]++, i, "per-thread order");
                assertEquals("stage-" + id, r.stage());
                assertEquals("edge-" + id, r.edge());
            });
            assertEquals((long)threads * perThread, handed);
            for (int t = 0; t < threads; t++)
            {
                assertEquals(perThread, next[t]);
            }
        }
    }

    @Test
    void shouldKeepEverythingAndContinueTheSequenceAfterReopening()
    {
        final Path path = dir.resolve("reopen");
        final DeadLetter<Long> letter = new DeadLetter<>();
        for (int round = 0; round < 3; round++)
        {
            try (ChronicleDeadLetterStore<Long> store = ChronicleDeadLetterStore.open(path, Codecs.longs()))
            {
                assertEquals(round * 10L, store.count());
                for (long i = 0; i < 10; i++)
                {
                    store.onDeadLetter(letter.set("s", "e", round * 10 + i, null, 0, 0, 0,
                        DeadLetterReason.BREAKER_OPEN));
                }
            }
        }
        try (DeadLetterReader reader = DeadLetterReader.open(path))
        {
            assertEquals(30, reader.count());
            assertEquals(0, reader.firstSequence());
            assertEquals(29, reader.lastSequence());
            final List<Long> messages = new ArrayList<>();
            reader.forEach((r) ->
            {
                assertEquals(r.sequence(), (long)reader.decode(Codecs.longs(), r));
                messages.add(reader.decode(Codecs.longs(), r));
            });
            assertEquals(30, messages.size());
        }
    }

    @Test
    void shouldSeeLettersAppendedWhileTheReaderIsOpen()
    {
        final Path path = dir.resolve("live");
        final DeadLetter<String> letter = new DeadLetter<>();
        try (ChronicleDeadLetterStore<String> store = ChronicleDeadLetterStore.open(path, Codecs.utf8()))
        {
            store.onDeadLetter(letter.set("s", "e", "a", null, 0, 0, 0, DeadLetterReason.BREAKER_OPEN));
            try (DeadLetterReader reader = DeadLetterReader.open(path))
            {
                assertEquals(1, reader.count());
                store.onDeadLetter(letter.set("s", "e", "b", null, 0, 0, 0, DeadLetterReason.BREAKER_OPEN));
                assertEquals(2, reader.count());
                final DeadLetterRecord record = new DeadLetterRecord();
                assertTrue(reader.read(1, record));
                assertEquals("b", reader.decode(Codecs.utf8(), record));
            }
        }
    }

    @Test
    void shouldReadAnEmptyStore()
    {
        final Path path = dir.resolve("empty");
        ChronicleDeadLetterStore.open(path, Codecs.utf8()).close();
        try (DeadLetterReader reader = DeadLetterReader.open(path))
        {
            assertEquals(0, reader.count());
            assertEquals(-1, reader.lastSequence());
            assertEquals(0, reader.forEach((r) ->
            {
            }));
            assertFalse(reader.read(0, new DeadLetterRecord()));
        }
    }
}
