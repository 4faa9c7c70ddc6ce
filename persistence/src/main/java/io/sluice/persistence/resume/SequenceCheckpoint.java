package io.sluice.persistence.resume;

import io.sluice.persistence.StoreDirectory;
import io.sluice.persistence.StoreDirectoryException;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A sink's durable acknowledgement of sequence numbers: the highest sequence number through which every message
 * has been handled, kept in a memory-mapped file so that it survives the process dying. A source started after a
 * crash resumes from {@link #acknowledged()} {@code + 1} (see {@link ResumingSource}); everything at or below it is
 * never produced again.
 * <p>
 * {@link #acknowledge(long)} is an ordered store into the mapping: it survives a process crash (SIGKILL) as soon as
 * it returns. It survives power loss only after {@link #force()}.
 * <p>
 * <b>Note:</b> one writer thread. {@link #acknowledged()} may be read from any thread.
 */
public final class SequenceCheckpoint implements AutoCloseable
{
    /** The file holding the watermark, inside the checkpoint's directory. */
    public static final String FILE = "checkpoint.dat";

    static final String KIND = "sequence-checkpoint";
    static final String FORMAT = "watermark-int64/1";
    private static final long MAGIC = 0x534C434B50543031L;
    private static final int MAGIC_OFFSET = 0;
    private static final int WATERMARK_OFFSET = 8;
    private static final int LENGTH = 4096;

    private final StoreDirectory directory;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;
    private boolean closed;

    private SequenceCheckpoint(final StoreDirectory directory, final MappedByteBuffer mapped)
    {
        this.directory = directory;
        this.mapped = mapped;
        this.buffer = new UnsafeBuffer(mapped);
    }

    /**
     * Open (or create, with watermark 0) the checkpoint in a directory, for exclusive use by this process.
     *
     * @param path the directory.
     * @return the open checkpoint.
     * @throws StoreDirectoryException if the directory cannot be used or the file is not a checkpoint.
     */
    public static SequenceCheckpoint open(final Path path)
    {
        final StoreDirectory directory = StoreDirectory.openExclusive(path, KIND, FORMAT);
        try
        {
            final File file = path.resolve(FILE).toFile();
            final MappedByteBuffer mapped;
            if (file.exists())
            {
                if (Files.size(file.toPath()) != LENGTH)
                {
                    throw new StoreDirectoryException(path, FILE + " is " + Files.size(file.toPath()) +
                        " bytes, not " + LENGTH + ": not a checkpoint (corrupt?); nothing was changed");
                }
                mapped = IoUtil.mapExistingFile(file, "checkpoint");
                final long magic = new UnsafeBuffer(mapped).getLongVolatile(MAGIC_OFFSET);
                if (magic != MAGIC)
                {
                    IoUtil.unmap(mapped);
                    throw new StoreDirectoryException(path, FILE + " has magic " + Long.toHexString(magic) +
                        ": not a checkpoint (corrupt?); nothing was changed");
                }
            }
            else
            {
                final File tmp = path.resolve(FILE + ".tmp").toFile();
                final MappedByteBuffer fresh = IoUtil.mapNewFile(tmp, LENGTH);
                new UnsafeBuffer(fresh).putLongVolatile(MAGIC_OFFSET, MAGIC);
                fresh.force();
                IoUtil.unmap(fresh);
                Files.move(tmp.toPath(), file.toPath(), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                mapped = IoUtil.mapExistingFile(file, "checkpoint");
            }
            return new SequenceCheckpoint(directory, mapped);
        }
        catch (final StoreDirectoryException ex)
        {
            directory.close();
            throw ex;
        }
        catch (final Exception ex)
        {
            directory.close();
            throw new StoreDirectoryException(path, "cannot open " + FILE, ex);
        }
    }

    /**
     * The durable watermark: every sequence number up to and including it has been handled.
     *
     * @return the watermark, 0 if nothing was acknowledged yet.
     */
    public long acknowledged()
    {
        return buffer.getLongVolatile(WATERMARK_OFFSET);
    }

    /**
     * Move the watermark up.
     *
     * @param watermark every sequence number up to and including it has been handled; not below the current one.
     * @throws IllegalArgumentException if it would move the watermark down.
     */
    public void acknowledge(final long watermark)
    {
        final long current = buffer.getLong(WATERMARK_OFFSET);
        if (watermark < current)
        {
            throw new IllegalArgumentException("checkpoint " + directory.path() + ": watermark=" + watermark +
                " is not allowed; allowed " + current + ".." + Long.MAX_VALUE + " (it only moves up)");
        }
        buffer.putLongOrdered(WATERMARK_OFFSET, watermark);
    }

    /**
     * Force the mapping to the storage device, so the watermark survives power loss too. Costs a device flush.
     */
    public void force()
    {
        mapped.force();
    }

    /**
     * The checkpoint's directory.
     *
     * @return its path.
     */
    public Path directory()
    {
        return directory.path();
    }

    /**
     * Unmap the file and release the directory; the watermark stays on disk.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        IoUtil.unmap(mapped);
        directory.close();
    }
}
