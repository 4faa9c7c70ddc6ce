package io.sluice.runtime.metrics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A counters file between its creation and its READY state, and the stale-file rule of {@link SluiceMetrics#start}:
 * a file that a live process is still laying out is refused by readers as "being laid out" and is never replaced; a
 * file left by a process that is gone, or by an earlier process with this process's pid, is replaced.
 */
class CountersFileLifecycleTest
{
    private static final long GONE_PID = 999_999_999L; // above any Linux pid_max (at most 2^22)

    private static CountersFile layOut(final Path file)
    {
        return CountersFile.create(
            file, 16, PosixFilePermissions.fromString("rw-------"), 1_000_000_000L, 60_000_000_000L);
    }

    private static void patchLong(final Path file, final int offset, final long value) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.allocate(Long.BYTES).order(ByteOrder.nativeOrder()).putLong(0, value), offset);
        }
    }

    private static void patchInt(final Path file, final int offset, final int value) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.nativeOrder()).putInt(0, value), offset);
        }
    }

    private static String openFailure(final Path file)
    {
        return assertThrows(IllegalStateException.class, () -> CountersFileReader.open(file).close()).getMessage();
    }

    @Test
    void readerShouldCallEveryStepBeforeReadyBeingLaidOut(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("counters.dat");
        Files.createFile(file);
        assertTrue(openFailure(file).contains("still being laid out"), openFailure(file));
        assertEquals(-1, CountersFileReader.writerPid(file));

        Files.write(file, new byte[2 * CountersFile.HEADER_LENGTH]);
        assertTrue(openFailure(file).contains("still being laid out"), openFailure(file));
        assertEquals(-1, CountersFileReader.writerPid(file));

        Files.delete(file);
        final CountersFile created = layOut(file);
        try
        {
            assertTrue(openFailure(file).contains("still being laid out"), openFailure(file));
            assertEquals(ProcessHandle.current().pid(), CountersFileReader.writerPid(file));

            created.ready();
            try (CountersFileReader reader = CountersFileReader.open(file))
            {
                assertEquals(CountersFile.STATE_READY, reader.state());
                assertEquals(ProcessHandle.current().pid(), reader.pid());
            }
        }
        finally
        {
            created.close(true);
        }
    }

    @Test
    void readerShouldCallAForeignFileForeign(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("counters.dat");
        final byte[] junk = new byte[2 * CountersFile.HEADER_LENGTH];
        Arrays.fill(junk, (byte)'x');
        Files.write(file, junk);
        assertTrue(openFailure(file).contains("not a Sluice counters file"), openFailure(file));
        assertEquals(-1, CountersFileReader.writerPid(file));

        Arrays.fill(junk, (byte)0);
        junk[0] = 'x'; // a foreign file whose state word happens to read 0
        Files.write(file, junk);
        assertTrue(openFailure(file).contains("not a Sluice counters file"), openFailure(file));
    }

    @Test
    void startShouldNotReplaceAFileALiveWriterIsStillLayingOut(@TempDir final Path dir)
    {
        final Path file = dir.resolve(MetricsOptions.DEFAULT_FILE_NAME);
        final CountersFile other = layOut(file); // a live writer (this process) between create and ready
        try
        {
            final IllegalStateException ex = assertThrows(IllegalStateException.class,
                () -> SluiceMetrics.start(new MetricsOptions().directory(dir)));
            assertTrue(ex.getMessage().contains("in use by live process " + ProcessHandle.current().pid()),
                ex.getMessage());
            assertTrue(Files.exists(file), "the live writer's file was deleted");
            assertEquals(ProcessHandle.current().pid(), CountersFileReader.writerPid(file));
        }
        finally
        {
            other.close(true);
        }
    }

    @Test
    void startShouldReplaceAFileLeftByAProcessThatIsGone(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve(MetricsOptions.DEFAULT_FILE_NAME);
        final CountersFile crashed = layOut(file);
        crashed.ready();
        crashed.close(false);
        patchInt(file, CountersFile.STATE_OFFSET, CountersFile.STATE_READY); // as a crash leaves it
        patchLong(file, CountersFile.PID_OFFSET, GONE_PID);
        assertEquals(GONE_PID, CountersFileReader.writerPid(file));

        try (SluiceMetrics metrics = SluiceMetrics.start(new MetricsOptions().directory(dir)))
        {
            assertEquals(file, metrics.file());
            assertEquals(ProcessHandle.current().pid(), CountersFileReader.writerPid(file));
        }
    }

    @Test
    void startShouldReplaceAFileLeftByAnEarlierProcessWithThisPid(@TempDir final Path dir) throws IOException
    {
        final long processStartMs = ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli();
        final Path file = dir.resolve(MetricsOptions.DEFAULT_FILE_NAME);
        final CountersFile earlier = layOut(file);
        earlier.ready();
        earlier.close(false);
        patchInt(file, CountersFile.STATE_OFFSET, CountersFile.STATE_READY);
        patchLong(file, CountersFile.START_TIME_OFFSET, processStartMs - 60_000);
        assertEquals(ProcessHandle.current().pid(), CountersFileReader.writerPid(file));

        try (SluiceMetrics metrics = SluiceMetrics.start(new MetricsOptions().directory(dir)))
        {
            assertTrue(CountersFileReader.writerStartTimeMs(file) >= processStartMs,
                "the earlier incarnation's file was not replaced");
        }
    }

    @Test
    void startShouldWaitOutAFileWithoutAPidWhileItIsYoung(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve(MetricsOptions.DEFAULT_FILE_NAME);
        Files.createFile(file); // another process's writer between createFile and its stamp

        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> SluiceMetrics.start(new MetricsOptions().directory(dir)));
        assertTrue(ex.getMessage().contains("is being created"), ex.getMessage());
        assertTrue(Files.exists(file));

        Files.setLastModifiedTime(file, FileTime.from(
            Instant.now().minusMillis(SluiceMetrics.CREATING_GRACE_MS + 60_000)));
        try (SluiceMetrics metrics = SluiceMetrics.start(new MetricsOptions().directory(dir)))
        {
            assertNotEquals(-1, CountersFileReader.writerPid(metrics.file()));
        }
    }
}
