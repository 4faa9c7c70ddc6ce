package io.sluice.runtime.metrics;

import org.agrona.IoUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The layout of a Sluice counters file: a header page, then Agrona's counters metadata and values buffers, so any
 * process can map it and read the counters with a plain {@link CountersReader}.
 * <pre>
 *   offset  field
 *   0       int   magic  'SLC1'
 *   4       int   layout version
 *   8       long  pid of the writer
 *   16      long  start time of the writer, epoch ms
 *   24      int   metadata buffer length
 *   28      int   values buffer length
 *   32      long  heartbeat: epoch ms of the last publication (release store)
 *   40      long  publication interval, ns
 *   48      long  histogram window, ns
 *   56      int   state: 0 initialising, 1 ready, 2 closed (release store)
 *   4096    metadata buffer (512 bytes per counter), then the values buffer (128 bytes per counter)
 * </pre>
 * A reader checks magic, version and state before it trusts the lengths; a writer sets the state to ready last.
 */
public final class CountersFile
{
    /**
     * 'SLC1' in ASCII.
     */
    public static final int MAGIC = 0x534C4331;

    /**
     * Version of this layout.
     */
    public static final int VERSION = 1;

    /**
     * Length of the header page.
     */
    public static final int HEADER_LENGTH = 4096;

    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 4;
    static final int PID_OFFSET = 8;
    static final int START_TIME_OFFSET = 16;
    static final int METADATA_LENGTH_OFFSET = 24;
    static final int VALUES_LENGTH_OFFSET = 28;
    static final int HEARTBEAT_OFFSET = 32;
    static final int PUBLISH_INTERVAL_OFFSET = 40;
    static final int HISTOGRAM_WINDOW_OFFSET = 48;
    static final int STATE_OFFSET = 56;

    /**
     * State: the writer is laying out the file.
     */
    public static final int STATE_INITIALISING = 0;

    /**
     * State: counters are being published.
     */
    public static final int STATE_READY = 1;

    /**
     * State: the writer closed (the file is about to be removed, or was kept by option).
     */
    public static final int STATE_CLOSED = 2;

    private final Path file;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer header;
    private final AtomicBuffer metadata;
    private final AtomicBuffer values;

    private CountersFile(final Path file, final MappedByteBuffer mapped)
    {
        this.file = file;
        this.mapped = mapped;
        this.header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
        final int metadataLength = header.getInt(METADATA_LENGTH_OFFSET);
        final int valuesLength = header.getInt(VALUES_LENGTH_OFFSET);
        this.metadata = new UnsafeBuffer(mapped, HEADER_LENGTH, metadataLength);
        this.values = new UnsafeBuffer(mapped, HEADER_LENGTH + metadataLength, valuesLength);
    }

    /**
     * Create a counters file, failing if it exists.
     *
     * @param file               path of the new file; its directory must exist.
     * @param maxCounters        counters the file can hold.
     * @param permissions        POSIX permissions of the file (ignored where the file system has none).
     * @param publishIntervalNs  written into the header for readers.
     * @param histogramWindowNs  written into the header for readers.
     * @return the file, mapped, in state initialising; call {@link #ready()} once the counters are laid out.
     * @throws UncheckedIOException if the file cannot be created.
     */
    public static CountersFile create(
        final Path file,
        final int maxCounters,
        final Set<PosixFilePermission> permissions,
        final long publishIntervalNs,
        final long histogramWindowNs)
    {
        final int valuesLength = maxCounters * CountersReader.COUNTER_LENGTH;
        final int metadataLength = maxCounters * CountersReader.METADATA_LENGTH;
        final long length = (long)HEADER_LENGTH + metadataLength + valuesLength;
        try
        {
            if (isPosix(file.getParent()))
            {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(permissions));
                // the umask may have removed bits the user asked for
                Files.setPosixFilePermissions(file, permissions);
            }
            else
            {
                Files.createFile(file);
            }
            final MappedByteBuffer mapped;
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
            {
                channel.truncate(length);
                channel.write(java.nio.ByteBuffer.wrap(new byte[] {0}), length - 1);
                mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
            }
            final UnsafeBuffer header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
            // the pid before the magic: a process deciding whether the file is stale (CountersFileReader#writerPid)
            // trusts the pid once it sees the magic
            header.putLong(PID_OFFSET, ProcessHandle.current().pid());
            header.putLong(START_TIME_OFFSET, System.currentTimeMillis());
            header.putIntRelease(MAGIC_OFFSET, MAGIC);
            header.putInt(VERSION_OFFSET, VERSION);
            header.putInt(METADATA_LENGTH_OFFSET, metadataLength);
            header.putInt(VALUES_LENGTH_OFFSET, valuesLength);
            header.putLong(PUBLISH_INTERVAL_OFFSET, publishIntervalNs);
            header.putLong(HISTOGRAM_WINDOW_OFFSET, histogramWindowNs);
            header.putIntRelease(STATE_OFFSET, STATE_INITIALISING);
            return new CountersFile(file, mapped);
        }
        catch (final FileAlreadyExistsException ex)
        {
            throw new IllegalStateException("counters file " + file + " already exists", ex);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("counters file " + file + ": cannot create: " + ex.getMessage(), ex);
        }
    }

    private static boolean isPosix(final Path directory)
    {
        try
        {
            return Files.getFileStore(directory).supportsFileAttributeView("posix");
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    /**
     * The file's path.
     *
     * @return the path.
     */
    public Path file()
    {
        return file;
    }

    /**
     * The metadata buffer, for a {@link org.agrona.concurrent.status.CountersManager}.
     *
     * @return metadata.
     */
    public AtomicBuffer metadata()
    {
        return metadata;
    }

    /**
     * The values buffer, for a {@link org.agrona.concurrent.status.CountersManager}.
     *
     * @return values.
     */
    public AtomicBuffer values()
    {
        return values;
    }

    /**
     * Mark the file ready for readers.
     */
    public void ready()
    {
        heartbeat(System.currentTimeMillis());
        header.putIntRelease(STATE_OFFSET, STATE_READY);
    }

    /**
     * Record a publication.
     *
     * @param epochMs now.
     */
    public void heartbeat(final long epochMs)
    {
        header.putLongRelease(HEARTBEAT_OFFSET, epochMs);
    }

    /**
     * Mark the file closed, unmap it and, if asked, delete it.
     *
     * @param delete whether to remove the file.
     */
    public void close(final boolean delete)
    {
        header.putIntRelease(STATE_OFFSET, STATE_CLOSED);
        IoUtil.unmap(mapped);
        if (delete)
        {
            try
            {
                Files.deleteIfExists(file);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("counters file " + file + ": cannot delete: " + ex.getMessage(), ex);
            }
        }
    }
}
