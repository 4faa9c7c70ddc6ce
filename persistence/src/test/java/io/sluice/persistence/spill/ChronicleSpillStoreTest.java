package io.sluice.persistence.spill;

import io.sluice.persistence.StoreDirectoryException;
import io.sluice.persistence.codec.Codecs;
import io.sluice.queues.channel.BinaryChannel;
import io.sluice.queues.channel.ChannelBuilder;
import io.sluice.queues.channel.ChannelCounters;
import io.sluice.queues.channel.ChannelKind;
import io.sluice.queues.channel.ObjectChannel;
import io.sluice.queues.channel.OfferResult;
import io.sluice.queues.overflow.OverflowPolicy;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Chronicle spill store under a real channel: overflow comes back in order, the position is durable across a
 * reopen, drained files are deleted, the pending limits fall back as configured, and the counters conserve.
 */
class ChronicleSpillStoreTest
{
    @TempDir
    Path dir;

    private static ObjectChannel<Long> channel(final ChannelKind kind, final ChronicleSpillStore<Long> store)
    {
        return ChannelBuilder.<Long>channel("spilling").kind(kind).capacity(8).policy(OverflowPolicy.SPILL)
            .spillStore(store).buildObjectChannel();
    }

    private static List<Long> drainAll(final ObjectChannel<Long> channel)
    {
        final List<Long> delivered = new ArrayList<>();
        while (channel.drain(delivered::add, 16) > 0)
        {
            // until nothing is left in memory or the store
        }
        return delivered;
    }

    private static List<Long> range(final long from, final long to)
    {
        final List<Long> values = new ArrayList<>();
        for (long i = from; i < to; i++)
        {
            values.add(i);
        }
        return values;
    }

    @ParameterizedTest
    @EnumSource(value = ChannelKind.class, names = { "OBJECT_SPSC", "OBJECT_MPSC" })
    void shouldSpillOverflowAndDeliverEverythingInOfferOrder(final ChannelKind kind)
    {
        try (ChronicleSpillStore<Long> store = SpillOptions.directory(dir).objectStore(Codecs.longs()))
        {
            final ObjectChannel<Long> channel = channel(kind, store);
            int spilled = 0;
            for (long i = 0; i < 1000; i++)
            {
                final int code = channel.offer(i);
                assertTrue(code == OfferResult.ACCEPTED || code == OfferResult.SPILLED, OfferResult.toString(code));
                spilled += code == OfferResult.SPILLED ? 1 : 0;
            }
            assertEquals(992, spilled, "8 in memory, the rest on disk");
            assertEquals(992, store.pendingMessages());

            assertEquals(range(0, 1000), drainAll(channel));
            assertEquals(0, store.pendingMessages());
            final ChannelCounters counters = channel.counters(new ChannelCounters());
            assertEquals(1000, counters.delivered());
            assertEquals(992, counters.deliveredFromSpill());
            assertTrue(counters.isConserved(), counters.toString());
        }
    }

    @Test
    void shouldKeepOrderOverManyStallAndResumeCycles()
    {
        try (ChronicleSpillStore<Long> store = SpillOptions.directory(dir).objectStore(Codecs.longs()))
        {
            final ObjectChannel<Long> channel = channel(ChannelKind.OBJECT_SPSC, store);
            final java.util.SplittableRandom random = new java.util.SplittableRandom(42);
            final List<Long> delivered = new ArrayList<>();
            long next = 0;
            int spills = 0;
            int resumes = 0;
            int previous = OfferResult.ACCEPTED;
            for (int cycle = 0; cycle < 2000; cycle++)
            {
                // the producer offers a burst; the consumer stalls (takes nothing) or takes a random amount
                final int burst = random.nextInt(0, 12);
                for (int i = 0; i < burst; i++)
                {
                    final int code = channel.offer(next++);
                    assertTrue(code == OfferResult.ACCEPTED || code == OfferResult.SPILLED);
                    spills += code == OfferResult.SPILLED ? 1 : 0;
                    resumes += previous == OfferResult.SPILLED && code == OfferResult.ACCEPTED ? 1 : 0;
                    previous = code;
                }
                if (random.nextInt(4) != 0)
                {
                    channel.drain(delivered::add, random.nextInt(1, 24));
                }
            }
            delivered.addAll(drainAll(channel));

            assertEquals(range(0, next), delivered, "delivery order equals offer order");
            assertTrue(spills > 1000 && resumes > 50, "spills=" + spills + " resumes=" + resumes);
            assertTrue(channel.counters(new ChannelCounters()).isConserved());
        }
    }

    @Test
    void shouldRedeliverOnlyUnacknowledgedMessagesAfterReopen()
    {
        final List<Long> firstLife = new ArrayList<>();
        try (ChronicleSpillStore<Long> store = SpillOptions.directory(dir).objectStore(Codecs.longs()))
        {
            final ObjectChannel<Long> channel = channel(ChannelKind.OBJECT_SPSC, store);
            for (long i = 0; i < 100; i++)
            {
                channel.offer(i);
            }
            // 8 from memory, then 22 from the spill, each acknowledged as it is delivered
            channel.drain(firstLife::add, 30);
        }
        assertEquals(range(0, 30), firstLife);

        try (ChronicleSpillStore<Long> store = SpillOptions.directory(dir).objectStore(Codecs.longs()))
        {
            assertEquals(70, store.recovered(), "92 spilled - 22 delivered and acknowledged");
            final ObjectChannel<Long> channel = channel(ChannelKind.OBJECT_SPSC, store);
            assertEquals(OfferResult.SPILLED, channel.offer(1000L), "new messages queue behind the recovered ones");

            final List<Long> expected = range(30, 100);
            expected.add(1000L);
            assertEquals(expected, drainAll(channel));
            final ChannelCounters counters = channel.counters(new ChannelCounters());
            assertEquals(70, counters.recovered());
            assertTrue(counters.isConserved(), counters.toString());
        }

        try (ChronicleSpillStore<Long> store = SpillOptions.directory(dir).objectStore(Codecs.longs()))
        {
            assertEquals(0, store.recovered(), "everything was delivered and acknowledged");
        }
    }

    @Test
    void shouldAcknowledgeInBatchesOrManually()
    {
        try (ChronicleSpillStore<Long> store = SpillOptions.directory(dir).manualAck(true)
            .objectStore(Codecs.longs()))
        {
            final ObjectChannel<Long> channel = channel(ChannelKind.OBJECT_SPSC, store);
            for (long i = 0; i < 50; i++)
            {
                channel.offer(i);
            }
            final List<Long> delivered = new ArrayList<>();
            channel.drain(delivered::add, 18);
            store.acknowledge();
            channel.drain(delivered::add, 5);
            // closed without acknowledging the last 5: manual mode acknowledges only when told
        }
        try (ChronicleSpillStore<Long> store = SpillOptions.directory(dir).ackEvery(7).objectStore(Codecs.longs()))
        {
            assertEquals(32, store.recovered(), "42 spilled - 10 acknowledged (8 came from memory)");
            final ObjectChannel<Long> channel = channel(ChannelKind.OBJECT_SPSC, store);
            final List<Long> delivered = new ArrayList<>();
            channel.drain(delivered::add, 10);
            assertEquals(range(18, 28), delivered, "the 5 unacknowledged ones come again, then the rest");
            final long acknowledgedAfterTen = store.acknowledgedIndex();
            channel.drain(delivered::add, 4);
            assertTrue(store.acknowledgedIndex() > acknowledgedAfterTen, "the 14th delivery completes a batch of 7");
        }
    }

    @Test
    void shouldDeleteDrainedRollCyclesSoDiskUseStaysBounded() throws IOException
    {
        final SetTimeProvider clock = new SetTimeProvider(TimeUnit.DAYS.toNanos(20_000));
        try (ChronicleSpillStore<Long> store = SpillOptions.directory(dir).rollCycle("TEST_SECONDLY")
            .timeProvider(clock).objectStore(Codecs.longs()))
        {
            final ObjectChannel<Long> channel = channel(ChannelKind.OBJECT_SPSC, store);
            long next = 0;
            for (int second = 0; second < 6; second++)
            {
                for (int i = 0; i < 20; i++)
                {
                    channel.offer(next++);
                }
                clock.advanceMillis(1000);
            }
            assertTrue(queueFiles() >= 6, "one file per second of spilling: " + queueFiles());

            assertEquals(range(0, next), drainAll(channel));

            assertTrue(queueFiles() <= 1, "only the file holding the acknowledged position stays: " + queueFiles());
            assertTrue(store.cyclesDeleted() >= 5, "deleted " + store.cyclesDeleted());
        }
    }

    @Test
    void shouldFallBackWhenPastThePendingLimit()
    {
        try (ChronicleSpillStore<Long> store = SpillOptions.directory(dir).maxPendingMessages(10)
            .objectStore(Codecs.longs()))
        {
            final ObjectChannel<Long> channel = ChannelBuilder.<Long>channel("limited").kind(ChannelKind.OBJECT_SPSC)
                .capacity(8).policy(OverflowPolicy.SPILL).spillStore(store).spillFallback(OverflowPolicy.DROP_NEWEST)
                .buildObjectChannel();
            int dropped = 0;
            for (long i = 0; i < 30; i++)
            {
                dropped += channel.offer(i) == OfferResult.DROPPED_NEWEST ? 1 : 0;
            }
            assertEquals(12, dropped);
            assertEquals(12, store.refused());
            final ChannelCounters counters = channel.counters(new ChannelCounters());
            assertEquals(12, counters.spillRefused());
            assertEquals(12, counters.droppedNewest());
            assertEquals(range(0, 18), drainAll(channel));
            assertTrue(channel.counters(counters).isConserved(), counters.toString());
        }
    }

    @Test
    void shouldRefuseAppendsPastThePendingByteLimit()
    {
        try (ChronicleSpillStore<Long> store = SpillOptions.directory(dir).maxPendingBytes(40)
            .objectStore(Codecs.longs()))
        {
            for (long i = 0; i < 5; i++)
            {
                assertTrue(store.append(i));
            }
            assertFalse(store.append(5L), "5 x 8 bytes pending: the sixth would pass 40");
            assertEquals(40, store.pendingBytes());
        }
    }

    @ParameterizedTest
    @EnumSource(value = ChannelKind.class, names = { "BINARY_SPSC", "BINARY_MPSC" })
    void shouldSpillBinaryMessagesWithTheirTypeIds(final ChannelKind kind)
    {
        final List<String> delivered = new ArrayList<>();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        try (ChronicleBinarySpillStore store = SpillOptions.directory(dir).binaryStore())
        {
            final BinaryChannel channel = ChannelBuilder.channel("binary").kind(kind).capacity(4)
                .policy(OverflowPolicy.SPILL).binarySpillStore(store).buildBinaryChannel();
            for (int i = 0; i < 40; i++)
            {
                final int length = buffer.putStringWithoutLengthAscii(0, "m" + i);
                final int code = channel.offer(1 + i % 3, buffer, 0, length);
                assertTrue(code == OfferResult.ACCEPTED || code == OfferResult.SPILLED);
            }
            channel.drain((t, b, o, l) -> delivered.add(t + ":" + b.getStringWithoutLengthAscii(o, l)), 10);
        }
        try (ChronicleBinarySpillStore store = SpillOptions.directory(dir).binaryStore())
        {
            assertEquals(30, store.recovered());
            final BinaryChannel channel = ChannelBuilder.channel("binary").kind(kind).capacity(4)
                .policy(OverflowPolicy.SPILL).binarySpillStore(store).buildBinaryChannel();
            while (channel.drain((t, b, o, l) -> delivered.add(t + ":" + b.getStringWithoutLengthAscii(o, l)), 10) > 0)
            {
                // until empty
            }
            assertTrue(channel.counters(new ChannelCounters()).isConserved());
        }
        final List<String> expected = new ArrayList<>();
        for (int i = 0; i < 40; i++)
        {
            expected.add((1 + i % 3) + ":m" + i);
        }
        assertEquals(expected, delivered);
    }

    @Test
    void shouldRefuseDataWrittenWithAnotherCodec()
    {
        try (ChronicleSpillStore<Long> store = SpillOptions.directory(dir).objectStore(Codecs.longs()))
        {
            store.append(1L);
        }
        final StoreDirectoryException ex = assertThrows(StoreDirectoryException.class,
            () -> SpillOptions.directory(dir).objectStore(Codecs.utf8()));
        assertEquals("store directory " + dir + ": holds data written with codec 'int64-le/1', but this store was " +
            "given codec 'utf8-string/1'; open it with the codec that wrote it", ex.getMessage());
        final StoreDirectoryException binary = assertThrows(StoreDirectoryException.class,
            () -> SpillOptions.directory(dir).binaryStore());
        assertEquals("store directory " + dir + ": holds a 'spill-object' store, not a 'spill-binary' store",
            binary.getMessage());
        try (ChronicleSpillStore<Long> store = SpillOptions.directory(dir).objectStore(Codecs.longs()))
        {
            assertEquals(1, store.recovered(), "nothing was lost by the refused opens");
        }
    }

    @Test
    @SuppressWarnings("try") // the resource is held for its lock, not used
    void shouldRefuseADirectoryAlreadyOpen()
    {
        try (ChronicleSpillStore<Long> ignored = SpillOptions.directory(dir).objectStore(Codecs.longs()))
        {
            final StoreDirectoryException ex = assertThrows(StoreDirectoryException.class,
                () -> SpillOptions.directory(dir).objectStore(Codecs.longs()));
            assertTrue(ex.getMessage().startsWith("store directory " + dir + ": is in use by"), ex.getMessage());
        }
    }

    @Test
    void shouldRefuseAFileOrAForeignChronicleDirectory() throws IOException
    {
        final Path file = Files.writeString(dir.resolve("plain-file"), "x");
        final StoreDirectoryException notDir = assertThrows(StoreDirectoryException.class,
            () -> SpillOptions.directory(file).objectStore(Codecs.longs()));
        assertEquals("store directory " + file + ": exists but is not a directory", notDir.getMessage());

        final Path foreign = Files.createDirectories(dir.resolve("foreign"));
        final Path cq4 = Files.writeString(foreign.resolve("20260101.cq4"), "someone else's data");
        final StoreDirectoryException notOurs = assertThrows(StoreDirectoryException.class,
            () -> SpillOptions.directory(foreign).objectStore(Codecs.longs()));
        assertTrue(notOurs.getMessage().contains("not a Sluice store, refusing to use it"), notOurs.getMessage());
        assertEquals("someone else's data", Files.readString(cq4), "nothing was overwritten");
    }

    @Test
    void shouldReportACorruptQueueFileWithoutDeletingIt() throws IOException
    {
        try (ChronicleSpillStore<Long> store = SpillOptions.directory(dir).objectStore(Codecs.longs()))
        {
            for (long i = 0; i < 10; i++)
            {
                store.append(i);
            }
        }
        final Path cq4;
        try (Stream<Path> files = Files.list(dir))
        {
            cq4 = files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        final byte[] garbage = new byte[4096];
        java.util.Arrays.fill(garbage, (byte)0x5A);
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(cq4,
            java.nio.file.StandardOpenOption.WRITE))
        {
            channel.write(java.nio.ByteBuffer.wrap(garbage), 0);
        }
        final long size = Files.size(cq4);
        final java.util.Map<String, byte[]> before = filesExceptLock(dir);

        final StoreDirectoryException ex = assertThrows(StoreDirectoryException.class,
            () -> SpillOptions.directory(dir).objectStore(Codecs.longs()));

        assertTrue(ex.getMessage().startsWith("store directory " + dir + ": "), ex.getMessage());
        assertTrue(ex.getMessage().contains("nothing was changed"), ex.getMessage());
        assertTrue(Files.exists(cq4) && Files.size(cq4) == size, "the corrupt file is left for inspection");
        final java.util.Map<String, byte[]> after = filesExceptLock(dir);
        assertEquals(before.keySet(), after.keySet(), "no file added or deleted (the lock file aside)");
        for (final java.util.Map.Entry<String, byte[]> file : before.entrySet())
        {
            org.junit.jupiter.api.Assertions.assertArrayEquals(file.getValue(), after.get(file.getKey()),
                file.getKey() + " unchanged, byte for byte");
        }
    }

    /** Every file of a directory but the lock file (which holds no data and stays, see docs/persistence.md). */
    private static java.util.Map<String, byte[]> filesExceptLock(final Path directory) throws IOException
    {
        final java.util.Map<String, byte[]> files = new java.util.TreeMap<>();
        try (Stream<Path> list = Files.list(directory))
        {
            for (final Path file : (Iterable<Path>)list::iterator)
            {
                if (Files.isRegularFile(file) &&
                    !file.getFileName().toString().equals(io.sluice.persistence.StoreDirectory.LOCK_FILE))
                {
                    files.put(file.getFileName().toString(), Files.readAllBytes(file));
                }
            }
        }
        return files;
    }

    @Test
    void shouldNameTheSettingTheValueAndTheRangeForBadSettings()
    {
        assertEquals("spill store " + dir + ": ackEvery=0 is not allowed; allowed 1..1000000",
            assertThrows(IllegalArgumentException.class,
                () -> SpillOptions.directory(dir).ackEvery(0).objectStore(Codecs.longs())).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> SpillOptions.directory(dir).rollCycle("YEARLY").binaryStore()).getMessage()
            .startsWith("spill store " + dir + ": rollCycle=YEARLY is not allowed; allowed a Chronicle roll " +
                "cycle name, one of ["));
        assertEquals("spill store " + dir + ": maxPendingBytes=0 is not allowed; allowed 1.." + Long.MAX_VALUE,
            assertThrows(IllegalArgumentException.class,
                () -> SpillOptions.directory(dir).maxPendingBytes(0).binaryStore()).getMessage());
        assertFalse(Files.exists(dir.resolve("sluice-store.properties")), "bad settings touch nothing");
    }

    @Test
    void shouldReleaseEveryMappingOnClose() throws IOException
    {
        final Path maps = Path.of("/proc/self/maps");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(maps), "needs Linux /proc");
        for (int i = 0; i < 20; i++)
        {
            openAppendClose(dir.resolve("warm-up"));
        }
        final long before = Files.readAllLines(maps).size();
        for (int i = 0; i < 200; i++)
        {
            openAppendClose(dir.resolve("store-" + (i % 4)));
        }
        final long after = Files.readAllLines(maps).size();

        assertTrue(after - before < 50, "200 opened and closed stores left " + (after - before) + " mappings");
    }

    private static void openAppendClose(final Path path)
    {
        try (ChronicleSpillStore<Long> store = SpillOptions.directory(path).objectStore(Codecs.longs()))
        {
            store.append(1L);
            store.poll();
            store.delivered(1);
        }
    }

    private long queueFiles() throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter(p -> p.toString().endsWith(".cq4")).count();
        }
    }
}
