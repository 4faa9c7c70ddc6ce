package io.sluice.runtime.metrics;

import org.agrona.IoUtil;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the jcstress states of {@link CountersFileTests} and {@link CountersFileWriterRig} (the exporters' tests) get
 * their counters files: real {@link CountersFile}s, one per state, since the class can only be created over a file.
 * <p>
 * A file is a 4096-byte header page and, per counter it has room for, 512 bytes of metadata and 128 of values: two
 * pages of tmpfs for the two of {@link #create()} or the three of {@link CountersFileWriterRig}, and one mapping for
 * the writer plus one for each reader. Every state deletes its file and unmaps its mappings in its arbiter, so the
 * files and mappings alive are bounded by the states jcstress keeps at once (it sizes them by time and heap), far
 * below the kernel's default 65530 mappings.
 * <p>
 * The files live under one directory per forked VM, {@code sluice-jcstress-counters-<pid>}, on {@code /dev/shm} if
 * it is a writable directory, else under {@code java.io.tmpdir}. A shutdown hook deletes it; a later fork deletes
 * those left by VMs that no longer run (killed on a timeout).
 * <p>
 * <b>Note:</b> thread-safe.
 */
final class CountersFiles
{
    /** Prefix of the per-VM directory. */
    static final String ROOT_PREFIX = "sluice-jcstress-counters-";

    /** Type id of the raced counter (any id: the raw tests read it back through Agrona's reader). */
    static final int TYPE_ID = 7;

    /** Label of the raced counter. */
    static final String LABEL = "raced";

    /** Key of the raced counter: an int, read back by the reader. */
    static final int KEY = 0x5A5A5A5A;

    /** Type id of the counter that reuses a freed record. */
    static final int OTHER_TYPE_ID = 8;

    /** Label of the counter that reuses a freed record, as long as {@link #LABEL}. */
    static final String OTHER_LABEL = "other";

    /** Key of the counter that reuses a freed record. */
    static final int OTHER_KEY = 0x3C3C3C3C;

    private static final AtomicLong NEXT_ID = new AtomicLong();
    private static final Path ROOT;

    static
    {
        ROOT = createRoot();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(ROOT), "counters-files-cleanup"));
    }

    private CountersFiles()
    {
    }

    /**
     * A new counters file with room for two counters (FreeReuse allocates a second record: a freed one is not
     * reused at once), in state initialising.
     *
     * @return the file.
     */
    static CountersFile create()
    {
        return create(2);
    }

    /**
     * A new counters file with room for a number of counters, in state initialising: owner-only permissions, a
     * publication interval of 100 ms and a histogram window of 1 s in its header.
     *
     * @param maxCounters how many counters it has room for.
     * @return the file.
     */
    static CountersFile create(final int maxCounters)
    {
        final Path path = ROOT.resolve("c" + NEXT_ID.incrementAndGet() + ".dat");
        return CountersFile.create(path, maxCounters, PosixFilePermissions.fromString("rw-------"), 100_000_000L,
            1_000_000_000L);
    }

    /**
     * Agrona's manager over a counters file's buffers, as {@code SluiceMetrics} builds it.
     *
     * @param file the file.
     * @return the manager.
     */
    static CountersManager manager(final CountersFile file)
    {
        return new CountersManager(file.metadata(), file.values(), StandardCharsets.UTF_8,
            SystemEpochClock.INSTANCE, SluiceMetrics.FREE_TO_REUSE_TIMEOUT_MS);
    }

    /**
     * Allocate the raced counter ({@link #TYPE_ID}, {@link #KEY}, {@link #LABEL}) as {@code SluiceMetrics} allocates
     * its counters.
     *
     * @param manager the file's manager.
     * @return the counter id.
     */
    static int allocate(final CountersManager manager)
    {
        return allocate(manager, TYPE_ID, KEY, LABEL);
    }

    /**
     * Allocate a counter with an int key, as {@code SluiceMetrics} allocates its counters.
     *
     * @param manager   the file's manager.
     * @param typeId    type id.
     * @param keyValue  the key.
     * @param labelText the label.
     * @return the counter id.
     */
    static int allocate(final CountersManager manager, final int typeId, final int keyValue, final String labelText)
    {
        final UnsafeBuffer key = new UnsafeBuffer(new byte[4]);
        key.putInt(0, keyValue);
        final byte[] label = labelText.getBytes(StandardCharsets.UTF_8);
        return manager.allocate(typeId, key, 0, 4, new UnsafeBuffer(label), 0, label.length);
    }

    /**
     * Map a counters file read-only, as {@link CountersFileReader#open} does, but without its checks: that refuses a
     * file still initialising, and the race needs the mapping before the writer marks the file ready.
     *
     * @param file the file.
     * @return the whole file, mapped read-only.
     */
    static MappedByteBuffer mapReadOnly(final Path file)
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Unmap a read-only mapping.
     *
     * @param mapped from {@link #mapReadOnly(Path)}.
     */
    static void unmap(final MappedByteBuffer mapped)
    {
        IoUtil.unmap(mapped);
    }

    private static Path createRoot()
    {
        final Path shm = Paths.get("/dev/shm");
        final Path parent = Files.isDirectory(shm) && Files.isWritable(shm) ?
            shm : Paths.get(System.getProperty("java.io.tmpdir"));
        deleteStale(parent);
        try
        {
            return Files.createDirectories(parent.resolve(ROOT_PREFIX + ProcessHandle.current().pid()));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static void deleteStale(final Path parent)
    {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent, ROOT_PREFIX + "*"))
        {
            for (final Path dir : dirs)
            {
                final String name = dir.getFileName().toString();
                try
                {
                    final long pid = Long.parseLong(name.substring(ROOT_PREFIX.length()));
                    if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    {
                        deleteTree(dir);
                    }
                }
                catch (final NumberFormatException ex)
                {
                    // not ours
                }
            }
        }
        catch (final IOException ex)
        {
            // nothing to clean, or not allowed to: the run does not depend on it
        }
    }

    private static void deleteTree(final Path dir)
    {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir))
        {
            for (final Path file : files)
            {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        }
        catch (final IOException ex)
        {
            // best effort: a later fork deletes what is left
        }
    }
}
